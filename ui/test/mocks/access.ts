// Speech, large text and high contrast (issue 16), as Rust answers them (simply): `access_set`
// changes the session's modes (starting a visitor's session when nobody is there, as a touch
// does), `speech_control` moves the volume (1..=5), and `speak` / `speak_warning` are kept in
// `window.__spoken` while speech mode is on (Rust ignores them otherwise), for the tests to read.
import type { MockCommands } from "./context";

export interface Spoken {
  kind: "speak" | "warning";
  text: string;
}

const spoken: Spoken[] = [];
Object.assign(window, { __spoken: spoken });

type Access = { speech: boolean; volume: number; large_text: boolean; high_contrast: boolean };
type Change = { speech?: boolean | null; large_text?: boolean | null; high_contrast?: boolean | null };

/** The access modes `?speech`, `?large-text` and `?high-contrast` start the session with. */
export function initialAccess(params: URLSearchParams, defaults: Access): Access {
  return {
    ...defaults,
    speech: params.has("speech"),
    large_text: params.has("large-text"),
    high_contrast: params.has("high-contrast"),
  };
}

export const commands: MockCommands = (cmd, args, ctx) => {
  const session = ctx.session();
  const access = session.access as Access;
  switch (cmd) {
    case "access_set": {
      const { change } = args as { change: Change };
      const next: Access = { ...access };
      if (change.speech != null) next.speech = change.speech;
      if (change.large_text != null) next.large_text = change.large_text;
      if (change.high_contrast != null) next.high_contrast = change.high_contrast;
      // Like a touch: nobody there, a visitor's session starts.
      if (session.phase === "none") {
        ctx.report({ ...session, generation: Number(session.generation) + 1, phase: "visitor", ended: null, access: next });
      } else ctx.report({ ...session, access: next });
      return null;
    }
    case "speech_control": {
      const { control } = args as { control: string };
      const step = control === "volume-up" ? 1 : control === "volume-down" ? -1 : 0;
      const volume = Math.min(5, Math.max(1, access.volume + step));
      if (volume !== access.volume) ctx.report({ ...session, access: { ...access, volume } });
      return null;
    }
    case "speak":
    case "speak_warning":
      if (access.speech) spoken.push({ kind: cmd === "speak" ? "speak" : "warning", text: (args as { text: string }).text });
      return null;
    default:
      return undefined;
  }
};
