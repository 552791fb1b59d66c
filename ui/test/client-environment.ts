// A Vitest environment for the unit tests: plain Node (no DOM), but modules transformed as for
// the browser, so `.svelte.ts` modules are compiled for Svelte's client runtime and their
// runes are reactive (Node's default "ssr" transform compiles them for the server, where
// effects never run).
import type { Environment } from "vitest/environments";

export default {
  name: "svelte-client-node",
  viteEnvironment: "client",
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
