import { defineConfig } from "vitest/config";

// Unit tests of the UI's plain TypeScript: no browser, no Tauri.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
