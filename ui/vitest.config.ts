import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Unit tests of the UI's TypeScript and of its `.svelte.ts` modules: no browser, no Tauri.
// Runes are compiled by the Svelte plugin for its client runtime (test/client-environment.ts),
// and `svelte` resolves to that runtime, so effects run as they do in the kiosk.
export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ["browser"] },
  // The translations are shared with the Rust side: crates/l10n/locales/*.ftl.
  server: { fs: { allow: [".", "../crates/l10n/locales"] } },
  test: { include: ["src/**/*.test.ts"], environment: "./test/client-environment.ts" },
});
