import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No data: URIs: the CSP allows fonts and scripts only from the app itself.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "safari15",
  },
  server: {
    strictPort: true,
    // The translations are shared with the Rust side: crates/l10n/locales/*.ftl.
    fs: { allow: [".", "../crates/l10n/locales"] },
  },
});
