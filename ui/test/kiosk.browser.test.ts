// The real UI in Debian's Chromium, driven by playwright-core, with Tauri's IPC mocked.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "./browser";
import officials from "./officials.json";
import type { ScreenName } from "../src/lib/screens.svelte";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

async function open(query = "") {
  await page.goto(browser.base + query);
  // The welcome screen: its title, or the greeting when a citizen is already identified.
  await page.locator("section.welcome").waitFor();
}

/** Opens a screen directly through `?screen=` (and whatever else `query` asks of the mock). */
async function openScreen(name: ScreenName, query = "") {
  await page.goto(`${browser.base}?screen=${name}${query ? `&${query}` : ""}`);
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

/** Taps a language and waits for Rust's session to report it (the screens follow the report). */
async function tapLang(lang: "az" | "ru" | "en") {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

type Call = { cmd: string; args: unknown };
async function ipcCalls(cmd?: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return cmd ? calls.filter((c) => c.cmd === cmd) : calls;
}

/** Sends the UI a SessionChanged as Rust would: `patch` over a session with nobody identified. */
async function report(patch: Record<string, unknown>, withGohar = false) {
  await page.evaluate(
    ([patch, withGohar]) => {
      const w = window as unknown as {
        __report: (s: unknown) => void;
        __none: Record<string, unknown>;
        __gohar: Record<string, unknown>;
      };
      w.__report({ ...w.__none, ...(withGohar ? { phase: "active", citizen: w.__gohar } : {}), ...patch });
    },
    [patch, withGohar] as const,
  );
}

describe("welcome screen", () => {
  it("greets in Azerbaijani by default and names the authority", async () => {
    await open();
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    expect(await page.getByTestId("authority").textContent()).toBe("Biləsuvar Rayon İcra Hakimiyyəti");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("az");
  });

  it("switches language and back with the always-visible switch", async () => {
    await open();
    await tapLang("ru");
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Добро пожаловать!");
    expect(await page.getByTestId("start").textContent()).toBe("Записаться на приём");
    await tapLang("en");
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Welcome!");
    await tapLang("az");
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    expect((await ipcCalls("session_language")).map((c) => c.args)).toEqual([
      { lang: "ru" },
      { lang: "en" },
      { lang: "az" },
    ]);
  });

  it("has touch targets of at least 80 px and no text under 20 px, on every screen", async () => {
    const check = async (screen: string, minButtons: number) => {
      const sizes = await page.$$eval("button", (bs) =>
        bs.map((b) => [b.textContent, b.getBoundingClientRect().width, b.getBoundingClientRect().height] as const),
      );
      expect(sizes.length, screen).toBeGreaterThanOrEqual(minButtons);
      for (const [label, w, h] of sizes) {
        expect(w, `${screen}: ${label} width`).toBeGreaterThanOrEqual(80);
        expect(h, `${screen}: ${label} height`).toBeGreaterThanOrEqual(80);
      }
      const smallest = await page.$$eval("body *", (els) =>
        Math.min(
          ...els
            .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
            .map((e) => parseFloat(getComputedStyle(e).fontSize)),
        ),
      );
      expect(smallest, `${screen}: smallest text`).toBeGreaterThanOrEqual(20);
    };
    await open();
    await check("welcome", 4);
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await check("officials", 5);
    await open("?fail=catalog-unavailable");
    await page.getByTestId("start").tap();
    await page.getByTestId("error").waitFor();
    await check("error", 6);
    await open("?demo&card-offline");
    await page.getByTestId("address-form").waitFor();
    await check("address", 6);
    await open("?countdown");
    await check("countdown", 6);
  });

  it("offers no context menu, text selection or drag", async () => {
    await open();
    const prevented = await page.evaluate(() => {
      const title = document.querySelector("[data-testid=welcome-title]")!;
      return ["contextmenu", "selectstart", "dragstart"].map(
        (type) => !title.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true })),
      );
    });
    expect(prevented).toEqual([true, true, true]);
    const userSelect = await page.evaluate(() => getComputedStyle(document.body).userSelect);
    expect(userSelect).toBe("none");
    const zoomable = await page.evaluate(() => document.querySelector("meta[name=viewport]")?.getAttribute("content"));
    expect(zoomable).toContain("user-scalable=no");
  });
});

describe("sync status", () => {
  it("tells online from offline, with what is not yet sent, in the chosen language", async () => {
    await open();
    const strip = page.getByTestId("sync-status");
    expect(await strip.getAttribute("data-online")).toBe("true");
    // 08:05 UTC is 12:05 in Baku.
    expect(await strip.textContent()).toContain("12:05");
    await open("?offline");
    expect(await strip.getAttribute("data-online")).toBe("false");
    expect(await strip.textContent()).toContain("Oflayn: müraciətlər saxlanılır");
    expect(await page.getByTestId("sync-pending").textContent()).toContain("3 göndəriləcək");
    await tapLang("ru");
    expect(await strip.textContent()).toContain("Без сети");
  });

  it("says so when the server no longer accepts this kiosk", async () => {
    await open("?revoked");
    expect(await page.getByTestId("sync-revoked").textContent()).toBe("Server kioskı qəbul etmir");
    await tapLang("en");
    expect(await page.getByTestId("sync-revoked").textContent()).toBe("Kiosk not accepted by the server");
  });

  it("tells a kiosk whose credentials are refused from a revoked one", async () => {
    await open();
    await page.getByTestId("sync-status").waitFor();
    // What Rust sends when the server no longer knows the device token.
    await page.evaluate(() =>
      (window as unknown as { __emit: (event: string, payload: unknown) => Promise<void> }).__emit("sync-status-changed", {
        online: false,
        last_success: null,
        pending: 0,
        refused: 0,
        auth_problem: "unauthorized",
        last_error: "401",
      }),
    );
    await expect.poll(() => page.getByTestId("sync-revoked").textContent()).toBe("Server kioskı tanımır");
  });
});

describe("citizen session", () => {
  const traces = ["ABDULLAYEVA", "GÖHƏR", "GOHAR", "AA****567", "05.03.1980", "Heydər Əliyev"];

  async function storageAndDom(): Promise<string> {
    return page.evaluate(() => {
      const stores = [localStorage, sessionStorage]
        .map((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join(";"))
        .join("|");
      return `${document.documentElement.outerHTML}\n${stores}\n${document.cookie}`;
    });
  }

  it("a demo card starts a session with the registry's data, and removing it wipes the screen", async () => {
    await open("?demo");
    await page.getByTestId("card-prompt").waitFor();
    await tapLang("ru");
    await page.getByTestId("demo-insert-0").tap();
    await page.getByTestId("citizen-bar").waitFor();
    expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
    expect(await page.getByTestId("citizen-document").textContent()).toBe("AA****567");
    expect(await page.getByTestId("citizen-document-kind").textContent()).toBe("Удостоверение личности");
    // A card inserted on the welcome screen opens the officials list by itself; Back greets her.
    await page.locator("main[data-screen=officials]").waitFor();
    await page.getByTestId("back").tap();
    await page.getByTestId("session-greeting").waitFor();
    expect(await page.getByTestId("session-greeting").textContent()).toContain("Добро пожаловать");
    expect(await page.getByTestId("citizen-address").textContent()).toContain("Heydər Əliyev");
    expect((await ipcCalls("session_language")).map((c) => c.args)).toEqual([{ lang: "ru" }]);
    await page.getByTestId("demo-remove").tap();
    await page.getByTestId("card-prompt").waitFor();
    // Back to the start, in Azerbaijani, and nothing of her left anywhere the page can reach.
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    expect(await page.getByTestId("session-ended").textContent()).toBe("Vəsiqə çıxarıldı, sessiyanız başa çatdı.");
    const everything = await storageAndDom();
    for (const trace of traces) expect(everything, trace).not.toContain(trace);
  });

  it("finish ends the session the same way", async () => {
    await open("?citizen");
    await page.getByTestId("citizen-bar").waitFor();
    await page.getByTestId("session-finish").tap();
    await page.getByTestId("card-prompt").waitFor();
    const everything = await storageAndDom();
    for (const trace of traces) expect(everything, trace).not.toContain(trace);
  });

  it("shows the countdown, and 'I need more time' keeps the session", async () => {
    await open("?countdown");
    expect(await page.getByTestId("countdown-seconds").textContent()).toBe("12");
    expect(await page.getByTestId("countdown").textContent()).toContain("Mənə daha çox vaxt lazımdır");
    await page.getByTestId("more-time").tap();
    await page.getByTestId("countdown").waitFor({ state: "detached" });
    expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
  });

  it("offline, the citizen confirms the address; Rust's refusals show beside the field", async () => {
    await open("?card-offline");
    await page.getByTestId("address-form").waitFor();
    await page.getByTestId("address-confirm").tap();
    expect(await page.getByTestId("address-error").textContent()).toBe("Zəhmət olmasa ünvanı yazın.");
    expect(await page.getByTestId("address-input").getAttribute("aria-invalid")).toBe("true");
    // The UI sets no limit of its own: Rust counts and refuses.
    expect(await page.getByTestId("address-input").getAttribute("maxlength")).toBeNull();
    await page.getByTestId("address-input").fill("ə".repeat(301));
    expect(await page.getByTestId("address-error").count(), "typing clears the refusal").toBe(0);
    await page.getByTestId("address-confirm").tap();
    expect(await page.getByTestId("address-error").textContent()).toBe("Ünvan çox uzundur. Zəhmət olmasa onu qısaldın.");
    expect((await ipcCalls("confirm_address")).at(-1)?.args).toEqual({ address: "ə".repeat(301), generation: 0 });
    await page.getByTestId("address-input").fill("Biləsuvar şəhəri, Nizami küçəsi 5");
    await page.getByTestId("address-confirm").tap();
    // Confirmed: the officials list opens by itself; Back shows the address taken.
    await page.locator("main[data-screen=officials]").waitFor();
    await page.getByTestId("back").tap();
    await page.getByTestId("start").waitFor();
    expect(await page.getByTestId("citizen-address").textContent()).toBe("Biləsuvar şəhəri, Nizami küçəsi 5");
  });

  it("offline, the citizen types the address on the on-screen keyboard, moves the caret and corrects it", async () => {
    await open("?card-offline");
    await page.getByTestId("address-form").waitFor();
    const input = page.getByTestId("address-input");
    const keyboard = page.getByTestId("keyboard");
    expect(await keyboard.count(), "no keyboard until the field is focused").toBe(0);
    expect(await input.getAttribute("inputmode")).toBe("none");
    await input.tap();
    await keyboard.waitFor();
    expect(await keyboard.getAttribute("data-layout")).toBe("az");
    const state = () =>
      input.evaluate((el: HTMLInputElement) => ({
        value: el.value,
        start: el.selectionStart,
        end: el.selectionEnd,
        focused: document.activeElement === el,
      }));
    /** Taps keys by id; the same key twice in a row only after the 150 ms duplicate-tap window. */
    let last = "";
    const tap = async (...keys: string[]) => {
      for (const key of keys) {
        if (key === last) await page.waitForTimeout(200);
        await page.getByTestId(`key-${key}`).tap();
        last = key;
      }
    };
    // Turkic shift: ə → Ə and i → İ, then both erased.
    await tap("shift", "ə", "shift", "i");
    expect(await state()).toEqual({ value: "Əİ", start: 2, end: 2, focused: true });
    await tap("backspace", "backspace");
    expect((await state()).value).toBe("");
    // "Bəydxli kəndi": a stray x and a missing i, put right in the middle.
    await tap("shift", "b", ..."əydxli".split(""), "space", ..."kəndi".split(""));
    expect(await state()).toEqual({ value: "Bəydxli kəndi", start: 13, end: 13, focused: true });
    await tap(...Array<string>(8).fill("left"));
    expect(await state()).toEqual({ value: "Bəydxli kəndi", start: 5, end: 5, focused: true });
    await tap("backspace", "i");
    expect(await state()).toEqual({ value: "Bəydili kəndi", start: 5, end: 5, focused: true });
    await tap("right");
    expect((await state()).start).toBe(6);
    // Symbols have names in the session's language; the layout switch changes the letters.
    expect(await page.getByTestId("key-backspace").getAttribute("aria-label")).toBe("Soldakı simvolu silin");
    expect(await page.getByTestId("key-space").getAttribute("aria-label")).toBe("Boşluq");
    await page.getByTestId("keyboard-layout-ru").tap();
    expect(await keyboard.getAttribute("data-layout")).toBe("ru");
    expect(await page.getByTestId("key-й").count()).toBe(1);
    await page.getByTestId("keyboard-layout-az").tap();
    expect(await keyboard.getAttribute("data-layout")).toBe("az");
    expect((await state()).focused, "switching layouts keeps the field's focus").toBe(true);
    // Every key is at least 80×80 px, and the keyboard sits under the field, on the screen.
    const keys = await keyboard.locator("button").evaluateAll((bs) =>
      bs.map((b) => [b.getAttribute("data-testid"), b.getBoundingClientRect().width, b.getBoundingClientRect().height] as const),
    );
    expect(keys.length).toBeGreaterThan(40);
    for (const [key, w, h] of keys) {
      expect(w, `${key} width`).toBeGreaterThanOrEqual(80);
      expect(h, `${key} height`).toBeGreaterThanOrEqual(80);
    }
    const field = (await input.boundingBox())!;
    const board = (await keyboard.boundingBox())!;
    expect(field.y, "the field is on the screen").toBeGreaterThanOrEqual(0);
    expect(board.y, "the keyboard is under the field").toBeGreaterThanOrEqual(field.y + field.height);
    expect(board.y + board.height, "the keyboard is on the screen").toBeLessThanOrEqual(1080);
    await page.getByTestId("address-confirm").tap();
    await page.locator("main[data-screen=officials]").waitFor();
    await page.getByTestId("back").tap();
    await page.getByTestId("start").waitFor();
    expect(await page.getByTestId("citizen-address").textContent()).toBe("Bəydili kəndi");
    expect((await ipcCalls("confirm_address")).at(-1)?.args).toEqual({ address: "Bəydili kəndi", generation: 0 });
  });

  it("passes what a keyboard-wedge scanner types to Rust, line by line, but not what is typed in a field", async () => {
    await open("?card-offline");
    await page.getByTestId("address-form").waitFor();
    await page.getByTestId("address-input").focus();
    await page.keyboard.type("Nizami küçəsi 5 IDAZEAA12345674<<<<<<<<<<<<<<<");
    await page.getByTestId("address-input").blur();
    // Every line goes to Rust, a short or damaged one too: Rust alone judges what an MRZ is.
    const lines = ["IDAZEAA12345674<<<<<<<<<<<<<<<", "8003054F3106309AZE5ZK7Q2M<<<<8", "ABDULLAYEVA<<GOHAR<<<<<<<<<<<<", "IDAZE"];
    for (const line of lines) {
      await page.keyboard.type(line);
      await page.keyboard.press("Enter");
    }
    const calls = await page.evaluate(
      () => (window as unknown as { __ipcCalls: Array<{ cmd: string; args: unknown }> }).__ipcCalls,
    );
    expect(calls.filter((c) => c.cmd === "submit_mrz").map((c) => c.args)).toEqual(
      lines.map((line) => ({ text: `${line}\n` })),
    );
  });

  it("tells the citizen the reader is out of order, and keeps the reason for the receptionist", async () => {
    await open("?reader-lost");
    const notice = page.getByTestId("card-notice");
    expect(await notice.textContent()).toContain("Vəsiqə oxuyucusu işləmir");
    expect(await notice.getAttribute("title")).toContain("/dev/ttyACM0 is unplugged");
  });

  it("tells the citizen when the document has expired, in their language", async () => {
    await open("?expired");
    expect(await page.getByTestId("card-notice").textContent()).toContain("Sənədinizin müddəti bitib");
    await tapLang("en");
    expect(await page.getByTestId("card-notice").textContent()).toContain("Your document has expired");
  });

  it("asks for the card to be held to the reader when it is seen but not read", async () => {
    await open();
    await report({ notice: "card-present" });
    await expect.poll(() => page.getByTestId("card-notice").textContent()).toContain("Vəsiqə görünür, lakin oxunmadı");
  });
});

describe("printer status", () => {
  it("stays out of the way while the printer is fine", async () => {
    await open();
    await page.getByTestId("sync-status").waitFor();
    expect(await page.getByTestId("printer-status").count()).toBe(0);
  });

  it("shows a printer that does not answer as offline, with the reason for the receptionist", async () => {
    await open("?printer-gone");
    const state = page.getByTestId("printer-state");
    expect(await state.textContent()).toBe("Printer qoşulmayıb");
    expect(await state.getAttribute("title")).toContain("cannot reach the printer");
    await tapLang("en");
    expect(await state.textContent()).toBe("Printer is offline");
  });

  it("shows a stopped printer and its failed notice, and prints it again on a tap", async () => {
    await open("?paper-out");
    const chip = page.getByTestId("printer-status");
    expect(await page.getByTestId("printer-state").textContent()).toBe("Printerdə kağız qurtarıb");
    expect(await page.getByTestId("printer-failed").textContent()).toContain("1 bildiriş çap olunmayıb");
    expect(await page.getByTestId("printer-failed").getAttribute("title")).toContain("out of paper");
    await tapLang("ru");
    expect(await chip.textContent()).toContain("В принтере нет бумаги");
    await page.getByTestId("printer-retry").tap();
    const calls = await page.evaluate(
      () => (window as unknown as { __ipcCalls: Array<{ cmd: string; args: unknown }> }).__ipcCalls,
    );
    expect(calls.filter((c) => c.cmd === "retry_print").map((c) => c.args)).toEqual([{ job: 7 }]);
  });
});

describe("officials list", () => {
  it("lists the seed's eight officials with reception days and hours", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    const names = await page.getByTestId("official-name").allTextContents();
    expect(names).toHaveLength(8);
    expect(names[0]).toBe("QULİYEV MAHİR HACI OĞLU");
    expect(names[6]).toBe("İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU");
    const days = await page.getByTestId("official-days").allTextContents();
    expect(days).toEqual(officials.az.officials.map((o) => o.reception_days));
    expect(days[4]).toBe("üçüncü, beşinci günlər");
    expect(await page.getByTestId("official-hours").first().textContent()).toBe("10:00-dan");
  });

  it("asks the Rust side again in the new language when the language changes", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await tapLang("en");
    await expect.poll(() => page.getByTestId("official-hours").first().textContent()).toBe("from 10:00");
    expect(await page.getByTestId("officials-title").textContent()).toBe("Officials you can book an audience with");
    const langs = await page.evaluate(() =>
      (window as unknown as { __ipcCalls: Array<{ cmd: string; args: { lang?: string } }> }).__ipcCalls
        .filter((c) => c.cmd === "list_officials")
        .map((c) => c.args.lang),
    );
    expect(langs).toEqual(["az", "en"]);
  });

  it("explains a lost connection in the citizen's language and recovers on retry", async () => {
    await open("?fail=catalog-unavailable");
    await tapLang("ru");
    await page.getByTestId("start").tap();
    const alert = page.getByTestId("error");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Нет связи с центральным сервером");
    await alert.getByRole("button").tap();
    await page.getByTestId("officials").waitFor();
    expect(await page.getByTestId("official-name").count()).toBe(8);
  });

  it("goes back to the welcome screen", async () => {
    await open();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await page.getByTestId("back").tap();
    await page.getByTestId("welcome-title").waitFor();
  });

  it("shows all eight officials without scrolling on the 1920×1080 reference panel, Back and Start over included", async () => {
    await openScreen("officials");
    for (const lang of ["az", "ru", "en"] as const) {
      await tapLang(lang);
      await expect.poll(() => page.getByTestId("official-hours").first().textContent()).toBe(officials[lang].officials[0].reception_hours);
      const [scroll, client] = await page.evaluate(() => {
        const m = document.querySelector("main")!;
        return [m.scrollHeight, m.clientHeight];
      });
      expect(scroll, lang).toBeLessThanOrEqual(client);
    }
    expect(await page.getByTestId("nav").isVisible()).toBe(true);
  });
});

/** Every screen but the welcome screen, opened through `?screen=` with its parameters. */
const SCREENS_WITH_NAV: Record<Exclude<ScreenName, "welcome">, string> = {
  officials: "",
  booking: "officialId=bilesuvar-1",
  details: "officialId=bilesuvar-1",
  review: "officialId=bilesuvar-1",
  sent: "bookingId=0190f0e4-7c3a-7000-8000-000000000001&number=10000061",
  history: "",
  application: "bookingId=0190f0e4-7c3a-7000-8000-000000000001",
  checkin: "",
};

describe("screens", () => {
  it("?screen= opens a screen directly, with the welcome screen under it; an unknown one opens the welcome screen", async () => {
    await openScreen("officials");
    await page.getByTestId("officials").waitFor();
    expect(await page.getByTestId("welcome-title").count()).toBe(0);
    await page.getByTestId("back").tap();
    await page.getByTestId("welcome-title").waitFor();
    await page.goto(`${browser.base}?screen=no-such-screen`);
    await page.getByTestId("welcome-title").waitFor();
    expect(await page.getByTestId("nav").count()).toBe(0);
  });

  it("the welcome screen has neither Back nor Start over", async () => {
    await open("?citizen");
    await page.getByTestId("citizen-bar").waitFor();
    expect(await page.getByTestId("back").count()).toBe(0);
    expect(await page.getByTestId("home").count()).toBe(0);
    // The citizen ends the session there with "finish".
    expect(await page.getByTestId("session-finish").count()).toBe(1);
  });

  for (const [name, query] of Object.entries(SCREENS_WITH_NAV) as Array<[ScreenName, string]>) {
    it(`${name}: Back returns to the previous screen and keeps the session`, async () => {
      await openScreen(name, ["citizen", query].filter(Boolean).join("&"));
      for (const id of ["back", "home"]) {
        const box = await page.getByTestId(id).boundingBox();
        expect(box?.height, `${id} height`).toBeGreaterThanOrEqual(80);
        expect(box?.width, `${id} width`).toBeGreaterThanOrEqual(80);
      }
      expect(await page.getByTestId("back").textContent()).toContain("Geri");
      expect(await page.getByTestId("home").textContent()).toBe("Yenidən başlayın");
      await page.getByTestId("back").tap();
      await page.getByTestId("session-greeting").waitFor();
      expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
      expect(await ipcCalls("session_finish")).toEqual([]);
    });

    it(`${name}: Start over ends the session and opens the welcome screen with nothing of the citizen`, async () => {
      await openScreen(name, ["citizen", query].filter(Boolean).join("&"));
      await page.getByTestId("citizen-bar").waitFor();
      await tapLang("en");
      await page.getByTestId("home").tap();
      await page.getByTestId("card-prompt").waitFor();
      expect(await ipcCalls("session_finish")).toHaveLength(1);
      await expect.poll(() => page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
      const dom = await page.evaluate(() => document.documentElement.outerHTML);
      for (const trace of ["ABDULLAYEVA", "GÖHƏR", "AA****567", "05.03.1980", "Heydər Əliyev"]) {
        expect(dom, trace).not.toContain(trace);
      }
    });
  }
});

describe("the end of a session", () => {
  const traces = ["ABDULLAYEVA", "GÖHƏR", "GOHAR", "AA****567", "05.03.1980", "Heydər Əliyev", "Nizami"];

  it("a SessionChanged with `ended` wipes every screen: back to the welcome screen, no trace of the citizen", async () => {
    await openScreen("officials", "citizen");
    await page.getByTestId("citizen-bar").waitFor();
    await report({ phase: "active", citizen: null, ended: "idle" }, false);
    await page.getByTestId("card-prompt").waitFor();
    expect(await page.getByTestId("session-ended").textContent()).toBe(
      "Uzun müddət heç nəyə toxunulmadığı üçün sessiyanız başa çatdı.",
    );
    expect(await page.getByTestId("nav").count()).toBe(0);
    const dom = await page.evaluate(() => document.documentElement.outerHTML);
    for (const trace of traces) expect(dom, trace).not.toContain(trace);
  });

  it("a new session wipes the visit even when the next citizen is already in (a new card)", async () => {
    await openScreen("officials", "citizen");
    await page.getByTestId("citizen-bar").waitFor();
    // Rust counts sessions: another card is another generation, whoever it is.
    await report({ ended: "new-card", generation: 99 }, true);
    await page.getByTestId("session-greeting").waitFor();
    expect(await page.getByTestId("officials").count()).toBe(0);
  });

  it("nothing typed survives: the same citizen back again finds an empty address field, and no refusal", async () => {
    await open("?card-offline");
    const typed = `Nizami küçəsi 5, ${"ə".repeat(300)}`;
    await page.getByTestId("address-input").fill(typed);
    await page.getByTestId("address-confirm").tap();
    await page.getByTestId("address-error").waitFor();
    const offline = await page.evaluate(() => {
      const w = window as unknown as { __gohar: Record<string, unknown> };
      return { ...w.__gohar, full_name: "ABDULLAYEVA GOHAR", address: null, from_registry: false, needs_address: true };
    });
    await report({ ended: "card-removed" });
    await page.getByTestId("card-prompt").waitFor();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain("Nizami");
    await report({ phase: "active", citizen: offline });
    await page.getByTestId("address-form").waitFor();
    expect(await page.getByTestId("address-input").inputValue()).toBe("");
    expect(await page.getByTestId("address-error").count()).toBe(0);
  });

  it("the visit starts afresh: after a wipe, Back from the next screen leads to the welcome screen", async () => {
    await openScreen("officials", "citizen");
    await report({ ended: "finished" });
    await page.getByTestId("card-prompt").waitFor();
    await page.getByTestId("start").tap();
    await page.getByTestId("officials").waitFor();
    await page.getByTestId("back").tap();
    await page.getByTestId("welcome-title").waitFor();
    expect(await page.getByTestId("back").count()).toBe(0);
  });
});

describe("the session's language and touches", () => {
  it("the language shown is the one Rust's session reports, not the button last tapped", async () => {
    await open("?lang-ignored");
    await page.getByTestId("lang-en").tap();
    await expect.poll(async () => (await ipcCalls("session_language")).map((c) => c.args)).toEqual([{ lang: "en" }]);
    // Let the answer and any event reach the page: Rust did not take the language.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(await page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
    expect(await page.getByTestId("lang-az").getAttribute("aria-pressed")).toBe("true");
    // Rust reports Russian, nobody tapped anything: the screen follows.
    await report({ lang: "ru" });
    await expect.poll(() => page.getByTestId("welcome-title").textContent()).toBe("Добро пожаловать!");
    expect(await page.getByTestId("lang-ru").getAttribute("aria-pressed")).toBe("true");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
  });

  it("a session's end brings Rust's Azerbaijani back on every screen", async () => {
    await openScreen("officials", "citizen");
    await tapLang("ru");
    expect(await page.getByTestId("officials-title").textContent()).toContain("Должностные лица");
    await report({ ended: "idle" });
    await expect.poll(() => page.getByTestId("welcome-title").textContent()).toBe("Xoş gəlmisiniz!");
  });

  it("passes touches to Rust when nobody is identified too, at most every two seconds", async () => {
    await open();
    await page.getByTestId("welcome-title").tap();
    await page.getByTestId("welcome-subtitle").tap();
    await expect.poll(async () => (await ipcCalls("session_touch")).length).toBe(1);
    // After a session's end the next person's first touch goes through at once.
    await report({ ended: "idle" });
    await page.getByTestId("session-ended").waitFor();
    await page.getByTestId("welcome-title").tap();
    await expect.poll(async () => (await ipcCalls("session_touch")).length).toBe(2);
  });
});
