// Boots the real UI with Tauri's IPC mocked (mockIPC), for the browser tests. Served by Vite's
// dev server only; `vite build` never includes it. `?fail=<code>` makes the first list fail.
import { mockIPC } from "@tauri-apps/api/mocks";
import { fixtureOfficials } from "./fixture";

const params = new URLSearchParams(location.search);
let failuresLeft = params.has("fail") ? 1 : 0;
const calls: Array<{ cmd: string; args: unknown }> = [];
(window as unknown as { __ipcCalls: typeof calls }).__ipcCalls = calls;

mockIPC(
  (cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case "kiosk_info":
        return { version: "0.0.0", authority: "Biləsuvar Rayon İcra Hakimiyyəti", card_reader: null, printer: null };
      case "list_officials": {
        if (failuresLeft > 0) {
          failuresLeft--;
          throw { code: params.get("fail"), detail: "mock failure" };
        }
        const lang = (args as { lang: "az" | "ru" | "en" }).lang;
        return { authority: "Biləsuvar Rayon İcra Hakimiyyəti", officials: fixtureOfficials(lang) };
      }
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  },
  { shouldMockEvents: true },
);

await import("../src/main");
