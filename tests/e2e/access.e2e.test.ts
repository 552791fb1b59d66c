// Every citizen can book (issue 16), in the real app: a citizen who cannot see books an audience
// with the keypad alone, from the welcome screen to the printed notice, while the kiosk's voice
// (espeak-ng, written to WAV files by `--speech wav:DIR`) says every step; then large text and
// high contrast on the form and the review, photographed for the README.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Script, chooseAll, figure, invoke, measure, newCitizen, onScreen, readBarcode, s, sentBooking, shot,
  sleep, startKiosk, tapField, touch, type, detailsNext,
} from "./citizen";

const noticeDir = mkdtempSync(join(tmpdir(), "qebul-e2e-access-"));
const speechDir = mkdtempSync(join(tmpdir(), "qebul-e2e-speech-"));
const appArgs = ["--demo", "--notice-dir", noticeDir, "--speech", `wav:${speechDir}`, "--idle-seconds", "600"];

beforeAll(async () => {
  await startKiosk(appArgs);
});

afterAll(async () => {
  await s?.delete();
  rmSync(noticeDir, { recursive: true, force: true });
  rmSync(speechDir, { recursive: true, force: true });
});

/** WebDriver's codes of the keypad's keys (a USB keypad sends the same keys as a keyboard). */
const KEY = { down: "\uE015", up: "\uE013", left: "\uE012", right: "\uE014", select: "\uE007", back: "\uE00C" } as const;
type Key = keyof typeof KEY;

/** The utterances written so far: file name and text, oldest first. */
function utterances(): Array<{ file: string; text: string }> {
  return readdirSync(speechDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(speechDir, file), "utf8") }));
}

async function waitSpoken(after: number, what: string): Promise<string[]> {
  return s.waitFor(`speech for ${what}`, async () => {
    const now = utterances();
    return now.length > after ? now.slice(after).map((u) => u.text) : undefined;
  });
}

/** A blind citizen's hands on the keypad: every press counted, per screen. */
class Keypad {
  presses = 0;
  readonly perScreen = new Map<string, number>();
  async press(key: Key) {
    await s.keys(KEY[key]);
    this.presses++;
    const screen = await s.execute<string>("return document.querySelector('main')?.dataset.screen ?? ''");
    this.perScreen.set(screen, (this.perScreen.get(screen) ?? 0) + 1);
    await sleep(60);
  }

  /**
   * Moves the cursor to the first item matching `css`, as a listener does: next/previous through
   * the screen's items, and, inside the on-screen keyboard's grid, by row and then by key.
   */
  async reach(css: string, limit = 80) {
    for (let i = 0; i < limit; i++) {
      const where = await s.execute<{ at: boolean; inGrid: boolean; dy: number; dx: number; after: boolean } | null>(
        `const target = [...document.querySelectorAll(arguments[0])].find((e) => e.getClientRects().length > 0);
         const cursor = document.querySelector("[data-keypad-cursor]");
         if (!target) return null;
         if (!cursor) return { at: false, inGrid: false, dy: 0, dx: 0, after: true };
         const grid = cursor.closest("[data-keypad-grid]");
         const a = cursor.getBoundingClientRect(), b = target.getBoundingClientRect();
         return {
           at: cursor === target,
           inGrid: !!grid && grid.contains(target),
           dy: Math.round((b.top + b.height / 2) - (a.top + a.height / 2)),
           dx: Math.round((b.left + b.width / 2) - (a.left + a.width / 2)),
           after: !!(cursor.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING),
         };`,
        [css],
      );
      if (where === null) {
        await sleep(100);
        continue;
      }
      if (where.at) return;
      if (where.inGrid && Math.abs(where.dy) > 20) await this.press(where.dy > 0 ? "down" : "up");
      else if (where.inGrid) await this.press(where.dx > 0 ? "right" : "left");
      else await this.press(where.after ? "down" : "up");
    }
    throw new Error(`the keypad's cursor never reached ${css}`);
  }

  async choose(css: string) {
    await this.reach(css);
    await this.press("select");
  }
}

/** sox's figures of one WAV: its length and RMS amplitude. */
function soxStat(wav: string): { seconds: number; rms: number } {
  // `sox … -n stat` writes its report on stderr.
  const out = execFileSync("sh", ["-c", `sox "${wav}" -n stat 2>&1`], { encoding: "utf8" });
  const num = (label: string) => {
    const line = out.split("\n").find((l) => l.startsWith(label));
    if (!line) throw new Error(`sox said no "${label}" for ${wav}: ${out}`);
    return parseFloat(line.split(":")[1]);
  };
  return { seconds: num("Length (seconds)"), rms: num("RMS     amplitude") };
}

test("a citizen who cannot see books an audience with the keypad alone, and every step is spoken", async () => {
  await newCitizen();
  const keypad = new Keypad();
  const spokenOn = new Map<string, string[]>();
  let heard = utterances().length;
  const step = async (screen: string, actions: () => Promise<void>) => {
    await onScreen(screen);
    const before = utterances().length;
    await actions();
    const said = utterances().slice(before).map((u) => u.text);
    expect(said.length, `nothing was spoken on the ${screen} screen`).toBeGreaterThan(0);
    spokenOn.set(screen, said);
  };

  // A keypad key turns speech mode on and the welcome screen is spoken.
  await keypad.press("down");
  await s.waitFor("speech mode on", async () =>
    (await invoke("session_status", {}) as { access: { speech: boolean } }).access.speech ? true : undefined,
  );
  const welcome = await waitSpoken(heard, "the welcome screen");
  expect(welcome.join(" ")).toMatch(/\S/);
  heard = utterances().length;

  // The card goes in (a hand, not a key); the officials list opens and is spoken.
  await invoke("demo_insert_card", { index: 0 });
  await step("officials", async () => {
    await waitSpoken(heard, "the officials screen");
    await keypad.choose("[data-official-id]");
  });
  let date = "";
  await step("booking", async () => {
    date = await s.waitFor("a date to pick", async () =>
      (await s.execute<string | null>(
        `const b = [...document.querySelectorAll("[data-testid=reception-date-choices] [data-testid^=reception-date-]")]
          .find((b) => b.getAttribute("aria-disabled") !== "true");
         return b ? b.dataset.testid : null;`,
      )) ?? undefined,
    );
    await keypad.choose(`[data-testid=${date}]`);
    await keypad.choose("[data-testid=topic-choices] button");
    await keypad.choose("[data-testid=social-status-choices] button");
    await keypad.choose("[data-testid=privilege-none]");
    await keypad.choose("[data-testid=booking-next]");
  });
  await step("details", async () => {
    await keypad.choose("[data-testid=phone-input]");
    await s.waitFor("the phone keypad", async () => ((await s.findAll("[data-testid=keyboard]")).length > 0 ? true : undefined));
    for (const digit of "501234567") await keypad.choose(`[data-testid="key-${digit}"]`);
    const next = (await s.findAll("[data-testid=keyboard-next]")).length > 0 ? "keyboard-next" : "details-next";
    await keypad.choose(`[data-testid=${next}]`);
  });
  await step("review", async () => {
    await keypad.choose("[data-testid=send]");
  });
  const { number } = await sentBooking();
  // The notice comes out, and its content is spoken after printing: the number digit by digit.
  await s.waitFor("the notice printed", async () =>
    (await s.findAll("[data-testid=sent-printed]")).length > 0 ? true : undefined,
  );
  expect(readBarcode(noticeDir, number.replace(/\D/g, ""))).toMatch(/^\d+$/);
  const spelled = [...number].join(" ");
  const afterPrint = await s.waitFor("the notice spoken", async () => {
    const texts = utterances().map((u) => u.text);
    return texts.some((t) => t.replace(/,/g, "").replace(/\s+/g, " ").includes(spelled)) ? texts : undefined;
  });
  expect(afterPrint.length).toBeGreaterThan(0);

  // Every utterance of the run is sound, not silence, and as long as its text needs.
  const all = utterances();
  const lengths: number[] = [];
  for (const { file, text } of all) {
    const { seconds, rms } = soxStat(join(speechDir, file.replace(/\.txt$/, ".wav")));
    expect(rms, `${file} "${text}" is silence`).toBeGreaterThan(0.01);
    expect(seconds, `${file} "${text}": ${seconds} s`).toBeGreaterThan(0.02 * [...text].length);
    expect(seconds, `${file} "${text}": ${seconds} s`).toBeLessThan(0.3 * [...text].length + 1);
    lengths.push(seconds);
  }
  const perScreen = [...keypad.perScreen].map(([k, v]) => `${k || "welcome"} ${v}`).join(", ");
  figure(
    `- Keypad booking (speech mode, keys only, card inserted by hand): ${keypad.presses} key presses ` +
      `(${perScreen}); ${all.length} utterances, ${lengths.reduce((a, b) => a + b, 0).toFixed(0)} s of speech`,
  );
  console.log([...spokenOn].map(([k, v]) => `${k}: ${v.slice(0, 3).join(" | ")}`).join("\n"));
  // The end of the session sets everything back for the next person.
  await invoke("session_finish", {});
  await s.waitFor("access back to the defaults", async () => {
    const a = (await invoke("session_status", {}) as { access: { speech: boolean; volume: number } }).access;
    return !a.speech && a.volume === 3 ? true : undefined;
  });
}, 300_000);

test("large text and high contrast hold on the form and the review, and end with the session", async () => {
  await newCitizen();
  const script = new Script();
  await s.click(await s.find("[data-testid=demo-insert-0]"));
  await onScreen("officials");
  await touch(script, "[data-testid=access-large-text]");
  await s.waitFor("large text", async () =>
    (await s.execute<string | null>("return document.documentElement.dataset.text ?? null")) === "large" ? true : undefined,
  );
  await touch(script, "[data-official-id]");
  await chooseAll(script);
  await sleep(300);
  const problems = await measure("details (large text)");
  await shot("access-details-large-az");
  await tapField("[data-testid=phone-input]");
  await type(script, "501234567");
  await detailsNext(script);
  await onScreen("review");
  problems.push(...(await measure("review (large text)")));
  await shot("access-review-large-az");
  await touch(script, "[data-testid=access-large-text]");
  await touch(script, "[data-testid=access-high-contrast]");
  await s.waitFor("high contrast", async () =>
    (await s.execute<string | null>("return document.documentElement.dataset.contrast ?? null")) === "high" ? true : undefined,
  );
  problems.push(...(await measure("review (high contrast)")));
  await shot("access-review-contrast-az");
  await touch(script, "[data-testid=edit-phone]");
  await onScreen("details");
  await shot("access-details-contrast-az");
  expect(problems).toEqual([]);
  // The next person starts plain.
  await touch(null, "[data-testid=home]");
  await s.waitFor("plain again", async () =>
    (await s.execute<string>(
      "return [document.documentElement.dataset.text ?? '', document.documentElement.dataset.contrast ?? ''].join('')",
    )) === ""
      ? true
      : undefined,
  );
}, 300_000);
