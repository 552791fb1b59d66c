import { defineConfig } from "vitest/config";

// The real UI in Debian's Chromium (playwright-core), with Tauri's IPC mocked by mockIPC.
export default defineConfig({
  test: {
    include: ["test/**/*.browser.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
