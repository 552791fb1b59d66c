import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// End-to-end tests of the real app binary through tauri-driver; `cargo xtask test` starts
// Xvfb, the window manager and the driver, and passes their addresses in the environment.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    environment: "node",
    globals: true,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
