// The UI's calls to Rust's speech: fire and forget. Speech failing must never break a screen,
// so every failure (a refusal, the call itself) counts as "nothing happened".
import { commands, type SpeechControl } from "../ipc";

function quietly(call: () => Promise<unknown>): void {
  try {
    void call().catch(() => {});
  } catch {
    // Nothing happened.
  }
}

/** Says `text` (as shown on screen) in the session's language; it interrupts what was being said. */
export function speak(text: string): void {
  if (text.trim() === "") return;
  quietly(() => commands.speak(text));
}

/** A warning tone, then `text` (the countdown). */
export function speakWarning(text: string): void {
  quietly(() => commands.speakWarning(text));
}

/** Volume, pause and the like: Rust reports a new volume in the session. */
export function speechControl(control: SpeechControl): void {
  quietly(() => commands.speechControl(control));
}

/** Turns speech mode on (the keypad's first key); the other modes stay as they are. */
export function speechOn(): void {
  quietly(() => commands.accessSet({ speech: true, large_text: null, high_contrast: null }));
}
