import { mount } from "svelte";
import App from "./App.svelte";
import { lockDown } from "./lib/lockdown";
import { screenFromQuery } from "./lib/screens.svelte";
import "./app.css";

lockDown(document);
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// `?screen=officials` (and a screen's parameters) opens that screen: for the browser tests, on
// Vite's dev server only. The built kiosk always opens on the welcome screen.
const first = import.meta.env.DEV ? screenFromQuery(location.search) : null;
export default mount(App, { target, props: { first } });
