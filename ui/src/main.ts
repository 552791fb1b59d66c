import { mount } from "svelte";
import App from "./App.svelte";
import { lockDown } from "./lib/lockdown";
import "./app.css";

lockDown(document);
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
export default mount(App, { target });
