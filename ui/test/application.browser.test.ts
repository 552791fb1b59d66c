// The application screen (seed Şəkil 9) in Debian's Chromium, with Tauri's IPC mocked
// (harness.ts, mocks/application.ts): the application is the fixture `applications.json` (the
// shape of Rust's `application`), refusals are worded from the same .ftl files Rust words them
// from. Every state in az, ru and en.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectReadable, expectTouchable, useBrowser } from "./browser";
import applications from "./applications.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
const words = (lang: Lang, id: string, args?: Record<string, string | number>) => translator(lang)(id, args);
/** The application as the fixture (Rust's answer) has it in `lang`. */
const fixture = (lang: Lang) => applications[lang].application;
/** A booking id other than the fixture's: the screen shows the one it was opened with. */
/** How long an answer may take before a wait fails where it waits (not at the test's timeout). */
const WAIT = 10_000;
const BOOKING_ID = "0190f0e4-7c3a-7000-8000-00000000abcd";

const FIELDS = [
  ["citizen-name", "application-citizen-name", "citizen_name"],
  ["document", "application-document", "document"],
  ["birth-date", "application-birth-date", "birth_date"],
  ["topic", "application-topic", "topic"],
  ["social-status", "application-social-status", "social_status"],
  ["privilege", "application-privilege", "privilege"],
  ["phone", "application-phone", "phone"],
  ["email", "application-email", "email"],
  ["workplace", "application-workplace", "workplace"],
  ["position", "application-position", "position"],
  ["address", "application-address", "address"],
  ["note", "application-note", "note"],
] as const;

const STATUS_ID = {
  booked: "application-status-booked",
  "in-review": "application-status-in-review",
  closed: "application-status-closed",
  cancelled: "application-status-cancelled",
  cancelling: "application-status-cancelling",
} as const;

/** What a timeline entry must say, worked out here from its kind (not with the screen's code). */
function expectedEvent(lang: Lang, row: { kind: string; status: string | null; by_citizen: boolean }): string {
  const t = (id: string, args?: Record<string, string | number>) => words(lang, id, args);
  switch (row.kind) {
    case "status-changed":
      return t("application-event-status-changed", { status: t(STATUS_ID[row.status as keyof typeof STATUS_ID]) });
    case "comment":
      return t(row.by_citizen ? "application-event-comment-yours" : "application-event-comment");
    default:
      return t(`application-event-${row.kind}`);
  }
}

async function tapLang(lang: Lang) {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

async function onScreen(name: string) {
  await page.locator(`main[data-screen=${name}]`).waitFor({ timeout: WAIT });
}

const text = async (testid: string) => (await page.getByTestId(testid).first().textContent())?.replace(/\s+/g, " ").trim();
const state = () => page.getByTestId("application-screen").getAttribute("data-state");

/** Opens the application screen in `lang` (with a citizen unless `citizen` is false), shown. */
async function open(lang: Lang, query = "", { citizen = true, wait = true } = {}) {
  const q = [`screen=application`, `bookingId=${BOOKING_ID}`, citizen ? "citizen" : "", query].filter((s) => s).join("&");
  await page.goto(`${browser.base}?${q}`);
  await onScreen("application");
  if (lang !== "az") await tapLang(lang);
  if (wait) {
    await expect.poll(state).toBe("shown");
    // In the language asked: the fixture's words of that language are shown.
    await expect.poll(() => text("field-topic-value")).toBe(fixture(lang).topic);
  }
}

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

/** Taps on-screen keys by id; the same key twice in a row only after the 150 ms duplicate-tap window. */
function keyTapper() {
  let last = "";
  return async (...keys: string[]) => {
    for (const key of keys) {
      if (key === last) await page.waitForTimeout(200);
      await page.getByTestId(`key-${key}`).tap();
      last = key;
    }
  };
}

/** Whether the element with `testid` holds the focus, or something inside it does. */
function focusIn(testid: string) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return !!el && !!document.activeElement && el.contains(document.activeElement);
  }, testid);
}

/**
 * Every touch target in `main` is at least 80×80 px with at least 8 px between any two, and no
 * text in it is under 28 px (the reference panel's 20 mm and 4.8 mm).
 */
async function checkSizes(screen: string, minTargets: number, scope = "main") {
  const targets = await page.$$eval(`${scope} :is(button, [role=button], input, textarea)`, (els) =>
    els
      .filter((e) => e.getClientRects().length > 0)
      // Not what the docked keyboard covers: nobody can touch it until the keyboard goes.
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        const dock = "[data-testid=keyboard-dock]";
        return !top?.closest(dock) || !!e.closest(dock);
      })
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.getAttribute("data-testid") ?? e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
  expectTouchable(screen, targets, minTargets);
  await expectReadable(page, screen, scope);
}

/** Nothing in `main` is wider than it (no text runs off the screen). */
async function noOverflow() {
  const wide = await page.$$eval("main *", (els) => {
    const main = document.querySelector("main")!.getBoundingClientRect();
    return els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ e, r }) => r.right > main.right + 1 || r.left < main.left - 1 || e.scrollWidth > e.clientWidth + 1)
      .map(({ e }) => e.getAttribute("data-testid") ?? e.className ?? e.tagName);
  });
  expect(wide, "wider than the screen").toEqual([]);
}

/** The field is on the screen, above the docked keyboard. */
async function expectAboveKeyboard(testid: string) {
  await expect
    .poll(async () => {
      const field = (await page.getByTestId(testid).boundingBox())!;
      const dock = (await page.getByTestId("keyboard-dock").boundingBox())!;
      const main = (await page.locator("main").boundingBox())!;
      return field.y >= main.y && field.y + field.height <= dock.y && dock.y + dock.height <= 1080;
    }, { message: testid })
    .toBe(true);
}

const count = (lang: Lang, n: number) => words(lang, "form-note-count", { count: String(n), max: "1000" });

for (const lang of LANGS) {
  const t = (id: string, args?: Record<string, string | number>) => words(lang, id, args);
  const fx = fixture(lang);

  describe(`application screen (${lang}): what it shows`, () => {
    it("shows the number, the status in words, the official, the room and both dates at the head", async () => {
      await open(lang);
      expect(await text("application-title")).toBe(t("application-title"));
      expect(await text("application-number")).toBe(fx.row.number);
      expect(await text("application-status")).toBe(t(STATUS_ID[fx.row.status as keyof typeof STATUS_ID]));
      expect(await page.getByTestId("application-status").getAttribute("data-status")).toBe(fx.row.status);
      expect(await text("application-official-position")).toBe(fx.row.official_position);
      expect(await text("application-official-name")).toBe(fx.row.official_name);
      expect(await text("application-room")).toBe(fx.room);
      expect(await text("application-reception-date")).toBe(fx.row.reception_date);
      expect(await text("application-applied-at")).toBe(fx.row.applied_at);
      const head = (await text("application-head")) ?? "";
      for (const id of ["application-number", "application-status", "application-official", "application-room", "application-reception-date", "application-applied-at"])
        expect(head, id).toContain(t(id));
      // The number is the largest text on the screen.
      const size = (id: string) => page.getByTestId(id).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(await size("application-number")).toBeGreaterThanOrEqual(2.5 * 28);
      // It was asked for the booking the screen was opened with, in the session's language.
      const calls = await ipcCalls("application");
      expect(calls.at(-1)!.args).toMatchObject({ bookingId: BOOKING_ID, lang, generation: 0 });
    });

    it("shows every field of the form with its label, in two columns", async () => {
      await open(lang);
      for (const [id, label, key] of FIELDS) {
        expect(await page.getByTestId(`field-${id}`).locator("dt").textContent(), id).toBe(t(label));
        expect(await text(`field-${id}-value`), id).toBe(fx[key]);
      }
      // Two columns at 1920 px: the first six on the left, the other six on the right, side by side.
      const box = async (id: string) => (await page.getByTestId(`field-${id}`).boundingBox())!;
      const [first, seventh] = [await box("citizen-name"), await box("phone")];
      expect(seventh.x).toBeGreaterThan(first.x + first.width);
      expect(Math.abs(seventh.y - first.y)).toBeLessThan(4);
      await checkSizes("application", 5);
      await noOverflow();
    });

    it("shows the timeline oldest first, each entry's time and what happened, with the authority's and the citizen's words", async () => {
      await open(lang);
      const rows = page.getByTestId("timeline-row");
      expect(await rows.count()).toBe(fx.timeline.length);
      for (const [i, row] of fx.timeline.entries()) {
        const li = rows.nth(i);
        expect(await li.getAttribute("data-kind")).toBe(row.kind);
        expect(await li.getByTestId("timeline-at").textContent()).toBe(row.at);
        expect(await li.getByTestId("timeline-event").textContent()).toBe(expectedEvent(lang, row));
        if (row.text) expect(await li.getByTestId("timeline-text").textContent()).toBe(row.text);
        else expect(await li.getByTestId("timeline-text").count()).toBe(0);
        expect(await li.getByTestId("timeline-not-sent").count()).toBe(0);
        expect(await li.getByTestId("timeline-refused").count()).toBe(0);
      }
      expect(await page.locator("#application-timeline-title").textContent()).toBe(t("application-timeline"));
    });

    it("shows every kind of timeline entry, the authority's comment, one not sent yet and one the server refused", async () => {
      await open(lang, "app-all-kinds");
      const rows = page.getByTestId("timeline-row");
      const kinds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
      for (const kind of ["applied", "printed", "status-changed", "reply", "comment", "cancelled", "arrived"])
        expect(kinds, kind).toContain(kind);
      const events = await rows.evaluateAll((els) => els.map((e) => e.querySelector("[data-testid=timeline-event]")?.textContent));
      expect(events).toContain(t("application-event-status-changed", { status: t("application-status-in-review") }));
      expect(events).toContain(t("application-event-arrived"));
      expect(events).toContain(t("application-event-comment"));
      expect(events).toContain(t("application-event-comment-yours"));
      expect(events).toContain(t("application-event-cancelled"));
      const notSent = page.locator("[data-testid=timeline-row][data-not-sent=true]");
      expect(await notSent.count()).toBe(1);
      expect(await notSent.getByTestId("timeline-event").textContent()).toBe(t("application-event-comment-yours"));
      expect(await notSent.getByTestId("timeline-not-sent").textContent()).toBe(t("application-not-sent"));
      const refused = page.locator("[data-testid=timeline-row][data-refused=true]");
      expect(await refused.count()).toBe(1);
      expect(await refused.getAttribute("data-kind")).toBe("cancelled");
      expect(await refused.getByTestId("timeline-refused").textContent()).toBe(t("application-refused"));
      await page.locator("main").evaluate((m) => (m.scrollTop = m.scrollHeight));
      await checkSizes("application, every kind", 5);
      await noOverflow();
    });

    it("shows each status in words, and a dash for what was not given", async () => {
      for (const status of ["in-review", "closed", "cancelled", "cancelling"] as const) {
        await open(lang, `app-status=${status}`);
        expect(await text("application-status"), status).toBe(t(STATUS_ID[status]));
        // Being cancelled: when it will be confirmed, right under it.
        expect(await page.getByTestId("application-status-note").count(), status).toBe(status === "cancelling" ? 1 : 0);
        if (status === "cancelling") expect(await text("application-status-note")).toBe(t("application-status-cancelling-note"));
        // Closed and cancelled ones cannot be cancelled again.
        expect(await page.getByTestId("cancel").count(), status).toBe(status === "in-review" ? 1 : 0);
      }
      await open(lang, "app-empty");
      for (const id of ["birth-date", "privilege", "email", "note"]) expect(await text(`field-${id}-value`), id).toBe("—");
      expect(await page.getByTestId("application-room").count()).toBe(0);
      expect(await text("field-citizen-name-value")).toBe(fx.citizen_name);
    }, 60_000);

    it("shows a loading state, then the application", async () => {
      await open(lang, "app-slow", { wait: false });
      if (lang === "az") {
        await page.getByTestId("application-loading").waitFor({ timeout: WAIT });
        expect(await text("application-loading")).toBe(t("application-loading"));
        expect(await page.getByTestId("application-loading").getAttribute("role")).toBe("status");
      }
      await expect.poll(state, { timeout: 5000 }).toBe("shown");
      expect(await page.getByTestId("application-loading").count()).toBe(0);
    });

    it("shows Rust's refusal and a way back when the application cannot be shown", async () => {
      for (const code of ["not-found", "failed"]) {
        await open(lang, `app-fail=${code}`, { wait: false });
        await expect.poll(() => text("application-error")).toBe(t(`citizen-${code}`));
        expect(await page.getByTestId("application-error").getAttribute("role")).toBe("alert");
        expect(await page.getByTestId("application-error").getAttribute("data-code")).toBe(code);
        expect(await page.getByTestId("application-number").count()).toBe(0);
      }
      // No card in the reader: Rust says to insert it.
      await open(lang, "", { citizen: false, wait: false });
      await expect.poll(() => text("application-error")).toBe(t("citizen-card-needed"));
      // The call itself failed.
      await open(lang, "app-fail=ipc", { wait: false });
      await expect.poll(() => text("application-error")).toBe(t("error-unknown"));
      expect((await text("application-back"))).toBe(`← ${t("application-back")}`);
      await checkSizes("application error", 1);
      await page.getByTestId("application-back").tap();
      await onScreen("welcome");
    }, 60_000);

    it('"Əvvələ qayıt" goes back to the screen before', async () => {
      await open(lang);
      expect(await text("application-back")).toBe(`← ${t("application-back")}`);
      await page.getByTestId("application-back").tap();
      await onScreen("welcome");
    });
  });

  describe(`application screen (${lang}): the comment`, () => {
    it("types on the on-screen keyboard with a live counter, sends once, clears, and shows the comment sent", async () => {
      await open(lang);
      expect(await page.locator("label[for=application-comment]").textContent()).toBe(t("application-comment"));
      const input = page.getByTestId("comment-input");
      expect(await input.getAttribute("inputmode")).toBe("none");
      expect(await text("comment-count")).toBe(count(lang, 0));
      expect(await text("comment-send")).toBe(t("application-comment-send"));
      await input.tap();
      await page.getByTestId("keyboard").waitFor({ timeout: WAIT });
      expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe(lang);
      await expectAboveKeyboard("comment-input");
      await checkSizes("application with the keyboard", 40);
      const tap = keyTapper();
      await page.getByTestId("keyboard-layout-az").tap();
      await tap("shift", "ə", "shift", "i", "space", "q", "ə", "b", "u", "l");
      expect(await input.inputValue()).toBe("Əİ qəbul");
      expect(await text("comment-count")).toBe(count(lang, 8));
      await tap("backspace");
      expect(await text("comment-count")).toBe(count(lang, 7));
      // "Send" beside the keyboard: busy at once, and a second tap sends nothing more.
      const send = page.getByTestId("keyboard-send");
      await send.tap();
      await expect.poll(() => page.getByTestId("comment-send").isDisabled()).toBe(true);
      expect(await page.getByTestId("comment-send").getAttribute("aria-busy")).toBe("true");
      expect(await text("comment-send")).toBe(t("application-comment-sending"));
      await page.getByTestId("comment-send").tap({ force: true }).catch(() => {});
      await page.getByTestId("comment-send").dispatchEvent("click").catch(() => {});
      await page.getByTestId("comment-status").waitFor({ timeout: WAIT });
      const calls = await ipcCalls("comment_application");
      expect(calls, "one comment, however many taps").toHaveLength(1);
      expect(calls[0].args).toMatchObject({ bookingId: BOOKING_ID, text: "Əİ qəbu", lang, generation: 0 });
      // Sent: the field is empty again, the keyboard away, the comment last in the timeline.
      expect(await text("comment-status")).toBe(t("application-comment-sent"));
      expect(await page.getByTestId("comment-status").getAttribute("role")).toBe("status");
      expect(await input.inputValue()).toBe("");
      expect(await text("comment-count")).toBe(count(lang, 0));
      expect(await page.getByTestId("keyboard").count()).toBe(0);
      const last = page.getByTestId("timeline-row").last();
      expect(await last.getAttribute("data-kind")).toBe("comment");
      expect(await last.getByTestId("timeline-text").textContent()).toBe("Əİ qəbu");
      expect(await last.getByTestId("timeline-event").textContent()).toBe(t("application-event-comment-yours"));
      expect(await last.getByTestId("timeline-not-sent").count()).toBe(0);
      expect(await page.getByTestId("timeline-row").count()).toBe(fx.timeline.length + 1);
      // Typing again clears the status line.
      await input.fill("Daha bir");
      expect(await page.getByTestId("comment-status").count()).toBe(0);
    });

    it("says a comment is saved and will be sent when the connection returns (offline)", async () => {
      await open(lang, "comment-offline");
      await page.getByTestId("comment-input").fill("Sənədləri gətirəcəyəm.");
      await page.getByTestId("comment-send").tap();
      await page.getByTestId("comment-status").waitFor({ timeout: WAIT });
      expect(await text("comment-status")).toBe(t("application-comment-queued"));
      expect(await page.getByTestId("comment-status").getAttribute("data-outcome")).toBe("queued");
      const last = page.getByTestId("timeline-row").last();
      expect(await last.getAttribute("data-not-sent")).toBe("true");
      expect(await last.getByTestId("timeline-not-sent").textContent()).toBe(t("application-not-sent"));
      expect(await page.getByTestId("comment-input").inputValue()).toBe("");
    });

    it("shows Rust's refusal of an empty comment beside the field, and keeps what was typed", async () => {
      await open(lang);
      const input = page.getByTestId("comment-input");
      await input.fill("   ");
      await page.getByTestId("comment-send").tap();
      await page.getByTestId("comment-error").waitFor({ timeout: WAIT });
      expect(await text("comment-error")).toBe(t("validation-comment-missing"));
      expect(await page.getByTestId("comment-error").getAttribute("role")).toBe("alert");
      expect(await input.getAttribute("aria-invalid")).toBe("true");
      expect(await input.getAttribute("aria-describedby")).toContain("comment-error");
      expect(await input.inputValue()).toBe("   ");
      expect(await page.getByTestId("comment-status").count()).toBe(0);
      expect(await page.getByTestId("timeline-row").count()).toBe(fx.timeline.length);
      // Changing the text clears it.
      await input.fill("Sual");
      expect(await page.getByTestId("comment-error").count()).toBe(0);
      expect(await input.getAttribute("aria-invalid")).toBeNull();
    });

    it("takes no more than the limit (1000 characters, counted as a person counts them)", async () => {
      await open(lang);
      expect(fx.comment_limit).toBe(1000);
      const input = page.getByTestId("comment-input");
      await input.fill("ə".repeat(998) + "🇦🇿");
      expect(await text("comment-count")).toBe(count(lang, 999));
      await input.tap();
      await input.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
      await page.getByTestId("keyboard-layout-en").tap();
      await keyTapper()("a", "b", "c");
      expect(await input.inputValue()).toBe("ə".repeat(998) + "🇦🇿a");
      expect(await text("comment-count")).toBe(count(lang, 1000));
      // A longer text arriving at once is cut at the limit.
      await input.fill("İ".repeat(1100));
      // The cut is the field's own input handler's, after the keyboard's last render: polled.
      await expect.poll(() => input.inputValue()).toBe("İ".repeat(1000));
      expect(await text("comment-count")).toBe(count(lang, 1000));
      await page.getByTestId("keyboard-send").tap();
      await page.getByTestId("comment-status").waitFor({ timeout: WAIT });
      expect((await ipcCalls("comment_application"))[0].args.text).toBe("İ".repeat(1000));
    });

    it("says when comments are closed, with no field", async () => {
      await open(lang, "no-comment");
      expect(await text("comment-closed")).toBe(t("application-comment-closed"));
      expect(await page.getByTestId("comment-input").count()).toBe(0);
      expect(await page.getByTestId("comment-send").count()).toBe(0);
    });
  });

  describe(`application screen (${lang}): print`, () => {
    it("prints the notice again, then says to take it", async () => {
      await open(lang);
      const print = page.getByTestId("print");
      expect(await text("print")).toBe(t("application-print"));
      await print.tap();
      await page.getByTestId("print-status").waitFor({ timeout: WAIT });
      expect(await text("print-status")).toBe(t("application-printing"));
      expect(await page.getByTestId("print-status").getAttribute("role")).toBe("status");
      expect(await ipcCalls("print_application")).toEqual([
        { cmd: "print_application", args: { generation: 0, bookingId: BOOKING_ID } },
      ]);
      // Printed once: no second button to press.
      expect(await print.count()).toBe(0);
    });

    it("says so when the notice is already printing", async () => {
      await open(lang, "print-busy");
      await page.getByTestId("print").tap();
      await page.getByTestId("print-error").waitFor({ timeout: WAIT });
      expect(await text("print-error")).toBe(t("citizen-already-printing"));
      expect(await page.getByTestId("print-error").getAttribute("role")).toBe("alert");
      expect(await page.getByTestId("print-error").getAttribute("data-code")).toBe("already-printing");
      expect(await page.getByTestId("print-status").count()).toBe(0);
    });

    it("offers no print for another kiosk's application, but says the receptionist can", async () => {
      await open(lang, "elsewhere");
      expect(await page.getByTestId("print").count()).toBe(0);
      expect(await text("print-receptionist")).toBe(t("application-print-receptionist"));
      expect(await page.getByTestId("cancel").count()).toBe(1);
      await checkSizes("application, printed elsewhere", 4);
      await noOverflow();
    });
  });

  describe(`application screen (${lang}): cancel`, () => {
    const question = t("application-cancel-question", {
      official: `${fx.row.official_position} ${fx.row.official_name}`,
      date: fx.row.reception_date,
    });

    it("asks first, naming the official and the date; No keeps the audience", async () => {
      await open(lang);
      expect(question).toContain(fx.row.official_name);
      expect(question).toContain(fx.row.reception_date);
      expect(await text("cancel")).toBe(t("application-cancel"));
      await page.getByTestId("cancel").tap();
      const dialog = page.getByTestId("cancel-dialog");
      await dialog.waitFor({ timeout: WAIT });
      expect(await dialog.getAttribute("role")).toBe("dialog");
      expect(await dialog.getAttribute("aria-modal")).toBe("true");
      expect(await page.locator(`#${await dialog.getAttribute("aria-labelledby")}`).textContent()).toBe(question);
      expect(await text("cancel-question")).toBe(question);
      expect(await text("cancel-yes")).toBe(t("application-cancel-yes"));
      expect(await text("cancel-no")).toBe(t("application-cancel-no"));
      // The focus is in the dialog, and the page under it takes none.
      expect(await focusIn("cancel-dialog")).toBe(true);
      expect(await page.locator(".page").getAttribute("inert")).not.toBeNull();
      await page.keyboard.press("Tab");
      expect(await focusIn("cancel-dialog")).toBe(true);
      await checkSizes("cancel dialog", 2, "[data-testid=cancel-dialog]");
      for (const id of ["cancel-yes", "cancel-no"]) {
        const box = (await page.getByTestId(id).boundingBox())!;
        expect(box.height, id).toBeGreaterThanOrEqual(100);
      }
      await page.getByTestId("cancel-no").tap();
      await dialog.waitFor({ state: "detached" });
      expect(await ipcCalls("cancel_application")).toHaveLength(0);
      expect(await text("application-status")).toBe(t("application-status-booked"));
      expect(await focusIn("cancel")).toBe(true);
    });

    it("Yes cancels: the status becomes cancelled and Cancel goes away", async () => {
      await open(lang);
      await page.getByTestId("cancel").tap();
      const yes = page.getByTestId("cancel-yes");
      await yes.tap();
      await expect.poll(() => yes.isDisabled().catch(() => true)).toBe(true);
      await yes.dispatchEvent("click").catch(() => {});
      await page.getByTestId("cancel-status").waitFor({ timeout: WAIT });
      expect(await page.getByTestId("cancel-dialog").count()).toBe(0);
      expect(await ipcCalls("cancel_application")).toEqual([
        { cmd: "cancel_application", args: { generation: 0, bookingId: BOOKING_ID, lang } },
      ]);
      expect(await text("cancel-status")).toBe(t("application-cancel-done"));
      expect(await text("application-status")).toBe(t("application-status-cancelled"));
      expect(await page.getByTestId("application-status").getAttribute("data-status")).toBe("cancelled");
      expect(await page.getByTestId("cancel").count()).toBe(0);
      const last = page.getByTestId("timeline-row").last();
      expect(await last.getAttribute("data-kind")).toBe("cancelled");
      expect(await last.getByTestId("timeline-event").textContent()).toBe(t("application-event-cancelled"));
    });

    it("offline, the application is being cancelled until the connection returns", async () => {
      await open(lang, "cancel-offline");
      await page.getByTestId("cancel").tap();
      await page.getByTestId("cancel-yes").tap();
      await page.getByTestId("cancel-status").waitFor({ timeout: WAIT });
      expect(await text("cancel-status")).toBe(t("application-cancel-queued"));
      expect(await text("application-status")).toBe(t("application-status-cancelling"));
      expect(await page.getByTestId("application-status").getAttribute("data-status")).toBe("cancelling");
      expect(await text("application-status-note")).toBe(t("application-status-cancelling-note"));
      expect(await page.getByTestId("cancel").count()).toBe(0);
      const last = page.getByTestId("timeline-row").last();
      expect(await last.getAttribute("data-not-sent")).toBe("true");
      await checkSizes("application, cancelling", 3);
      await noOverflow();
    });

    for (const [query, code] of [
      ["cancel-refused", "not-cancellable"],
      ["cancel-fail=mismatch", "mismatch"],
      ["cancel-fail=not-found", "not-found"],
      ["cancel-fail=failed", "failed"],
    ]) {
      it(`shows the server's refusal (${code}), and the application stays as it was`, async () => {
        await open(lang, query);
        await page.getByTestId("cancel").tap();
        await page.getByTestId("cancel-yes").tap();
        await page.getByTestId("cancel-error").waitFor({ timeout: WAIT });
        expect(await text("cancel-error"), code).toBe(t(`citizen-${code}`));
        expect(await page.getByTestId("cancel-error").getAttribute("role")).toBe("alert");
        expect(await page.getByTestId("cancel-error").getAttribute("data-code")).toBe(code);
        expect(await page.getByTestId("cancel-dialog").count()).toBe(0);
        expect(await text("application-status")).toBe(t("application-status-booked"));
        expect(await page.getByTestId("cancel").count(), "still offered").toBe(1);
      });
    }
  });
}

describe("application screen: languages", () => {
  it("asks again in the language picked, keeping what was typed and done", async () => {
    await open("az", "comment-offline");
    await page.getByTestId("comment-input").fill("Salam");
    await page.getByTestId("print").tap();
    await page.getByTestId("print-status").waitFor({ timeout: WAIT });
    for (const lang of ["ru", "en", "az"] as const) {
      await tapLang(lang);
      await expect.poll(() => text("field-topic-value")).toBe(fixture(lang).topic);
      expect(await text("application-official-position")).toBe(fixture(lang).row.official_position);
      expect(await text("print-status")).toBe(words(lang, "application-printing"));
      expect(await page.getByTestId("comment-input").inputValue()).toBe("Salam");
      expect(await text("application-status")).toBe(words(lang, "application-status-booked"));
    }
    const langs = (await ipcCalls("application")).map((c) => c.args.lang);
    expect(langs).toEqual(["az", "ru", "en", "az"]);
  });

  it("shows a refusal in the language picked after it", async () => {
    await open("az", "print-busy");
    await page.getByTestId("print").tap();
    await page.getByTestId("print-error").waitFor({ timeout: WAIT });
    await tapLang("ru");
    await expect.poll(() => text("print-error")).toBe(words("ru", "citizen-already-printing"));
  });
});
