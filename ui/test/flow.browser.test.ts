// The citizen's way through the kiosk in Debian's Chromium, with Tauri's IPC mocked: a card on
// the welcome screen, the officials list (and its search when the list is long), the sent screen
// and its notice, and sizes read at arm's length, in az, ru and en.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { useBrowser } from "./browser";
import officials from "./officials.json";
import { translator } from "../src/lib/i18n";
import type { ScreenName } from "../src/lib/screens.svelte";

const LANGS = ["az", "ru", "en"] as const;
type Lang = (typeof LANGS)[number];
const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

async function open(query = "") {
  await page.goto(browser.base + query);
  await page.locator("section.welcome").waitFor();
}

/** Opens a screen directly through `?screen=` (and whatever else `query` asks of the mock). */
async function openScreen(name: ScreenName, query = "") {
  await page.goto(`${browser.base}?screen=${name}${query ? `&${query}` : ""}`);
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

/** Taps a language and waits for Rust's session to report it (the screens follow the report). */
async function tapLang(lang: Lang) {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

/** What Rust emits after every change of a print job. */
async function printQueueChanged() {
  await page.evaluate(() =>
    (window as unknown as { __emit: (event: string, payload: unknown) => Promise<void> }).__emit("print-queue-changed", {
      printer: "virtual printer",
      status: null,
      status_error: null,
      jobs: [],
    }),
  );
}

async function setNotice(state: string) {
  await page.evaluate((s) => (window as unknown as { __setNotice: (state: string) => void }).__setNotice(s), state);
}

/** Waits until the officials list is the one of `lang` (Rust answered in that language). */
async function officialsIn(lang: Lang) {
  await expect
    .poll(() => page.getByTestId("official-position").first().textContent())
    .toBe(officials[lang].officials[0].position);
}

const names = () => page.getByTestId("official-name").allTextContents();

/** Taps keys of the on-screen keyboard by id; the same key twice only after the 150 ms duplicate-tap window. */
async function typeOnKeyboard(...keys: string[]) {
  let last = "";
  for (const key of keys) {
    if (key === last) await page.waitForTimeout(200);
    await page.getByTestId(`key-${key}`).tap();
    last = key;
  }
}
const letters = (word: string) => [...word];

const SENT = "bookingId=0190f0e4-7c3a-7000-8000-000000000061&number=10000061";

describe("officials list", () => {
  const pick: Record<Lang, number> = { az: 4, ru: 6, en: 1 };
  for (const lang of LANGS) {
    it(`${lang}: every official is one button, in the authority's order, and opens the booking form for that official`, async () => {
      await openScreen("officials", "citizen");
      await tapLang(lang);
      await officialsIn(lang);
      const expected = officials[lang].officials;
      expect(await names()).toEqual(expected.map((o) => o.full_name));
      expect(await page.getByTestId("official-position").allTextContents()).toEqual(expected.map((o) => o.position));
      const rows = page.getByTestId("official");
      expect(await rows.evaluateAll((bs) => bs.map((b) => b.tagName))).toEqual(expected.map(() => "BUTTON"));
      expect(await rows.evaluateAll((bs) => bs.map((b) => b.getAttribute("data-official-id")))).toEqual(
        expected.map((o) => o.id),
      );
      // Eight fit on the screen: no search box.
      expect(await page.getByTestId("officials-search").count()).toBe(0);
      const chosen = expected[pick[lang]];
      await rows.nth(pick[lang]).tap();
      await page.locator("main[data-screen=booking]").waitFor();
      await expect
        .poll(async () => (await ipcCalls("booking_options")).map((c) => c.args.officialId))
        .toContain(chosen.id);
      expect((await ipcCalls("booking_options")).every((c) => c.args.officialId === chosen.id)).toBe(true);
      // Back leads to the list again.
      await page.getByTestId("back").tap();
      await page.getByTestId("officials").waitFor();
    });
  }

  const NONE: Record<Lang, string> = {
    az: "Axtarışınıza uyğun vəzifəli şəxs tapılmadı.",
    ru: "По вашему запросу никого не найдено.",
    en: "No official matches your search.",
  };
  const ALL_TWELVE = 12;

  it("az: a long list gets a search box; the keyboard finds ƏLİYEV by “eliyev” and ŞAHİN and SAHIN by “şahin”", async () => {
    await openScreen("officials", "citizen&many-officials");
    await officialsIn("az");
    expect(await page.getByTestId("official").count()).toBe(ALL_TWELVE);
    const input = page.getByTestId("officials-search-input");
    expect(await input.getAttribute("inputmode")).toBe("none");
    expect(await input.getAttribute("placeholder")).toBe("Ad, soyad və ya vəzifə ilə axtarın");
    expect(await page.getByTestId("keyboard").count(), "no keyboard until the field is touched").toBe(0);
    await input.tap();
    await page.getByTestId("keyboard").waitFor();
    expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe("az");
    await typeOnKeyboard(...letters("eliyev"));
    expect(await input.inputValue()).toBe("eliyev");
    await expect.poll(names).toEqual(["ƏLİYEV RAMİL ƏLİ OĞLU"]);
    // The keyboard sits under the field, on the screen, and the field keeps the focus.
    const field = (await input.boundingBox())!;
    const board = (await page.getByTestId("keyboard").boundingBox())!;
    expect(board.y).toBeGreaterThanOrEqual(field.y + field.height);
    expect(board.y + board.height).toBeLessThanOrEqual(1080);
    expect(await input.evaluate((el) => document.activeElement === el)).toBe(true);

    await page.getByTestId("officials-search-clear").tap();
    await expect.poll(() => page.getByTestId("official").count()).toBe(ALL_TWELVE);
    await typeOnKeyboard(...letters("şahin"));
    await expect.poll(names).toEqual(["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU", "SAHIN ORXAN CINGIZ OGLU"]);
    // Capitals the Turkic way: shift + ç gives Ç, and the position matches too.
    await page.getByTestId("officials-search-clear").tap();
    await typeOnKeyboard("shift", "ç", ...letters("obanova"), "space", ...letters("sektor"));
    expect(await input.inputValue()).toBe("Çobanova sektor");
    await expect.poll(names).toEqual(["ÇOBANOVA İLAHƏ ŞAMİL QIZI"]);
    await typeOnKeyboard("q");
    await expect.poll(() => page.getByTestId("officials-none").textContent()).toBe(NONE.az);
    expect(await page.getByTestId("official").count()).toBe(0);
    await typeOnKeyboard("backspace");
    await expect.poll(names).toEqual(["ÇOBANOVA İLAHƏ ŞAMİL QIZI"]);
    expect(await page.getByTestId("officials-none").count()).toBe(0);
    // The one found opens the booking form for her.
    await page.getByTestId("official").tap();
    await page.locator("main[data-screen=booking]").waitFor();
    await expect.poll(async () => (await ipcCalls("booking_options")).map((c) => c.args.officialId)).toContain("bilesuvar-10");
  });

  it("ru: the keyboard starts in Russian; a position in Cyrillic, then a Latin name on the English letters", async () => {
    await openScreen("officials", "citizen&many-officials");
    await tapLang("ru");
    await officialsIn("ru");
    const input = page.getByTestId("officials-search-input");
    expect(await input.getAttribute("placeholder")).toBe("Поиск по имени, фамилии или должности");
    await input.tap();
    await page.getByTestId("keyboard").waitFor();
    expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe("ru");
    await typeOnKeyboard(...letters("консульт"));
    await expect.poll(names).toEqual(["ƏLİYEV RAMİL ƏLİ OĞLU"]);
    await page.getByTestId("officials-search-clear").tap();
    await page.getByTestId("keyboard-layout-en").tap();
    expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe("en");
    await typeOnKeyboard(...letters("isgenderov"));
    await expect.poll(names).toEqual(["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"]);
    await page.getByTestId("officials-search-clear").tap();
    await page.getByTestId("keyboard-layout-ru").tap();
    await typeOnKeyboard(...letters("жжж"));
    await expect.poll(() => page.getByTestId("officials-none").textContent()).toBe(NONE.ru);
    expect(await page.getByTestId("official").count()).toBe(0);
  });

  it("en: SAHIN typed in capitals finds ŞAHİN and SAHIN; ibrahimova finds İBRAHİMOVA", async () => {
    await openScreen("officials", "citizen&many-officials");
    await tapLang("en");
    await officialsIn("en");
    const input = page.getByTestId("officials-search-input");
    await input.tap();
    await page.getByTestId("keyboard").waitFor();
    expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe("en");
    await typeOnKeyboard("shift", "s", "shift", "a", "shift", "h", "shift", "i", "shift", "n");
    expect(await input.inputValue()).toBe("SAHIN");
    await expect.poll(names).toEqual(["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU", "SAHIN ORXAN CINGIZ OGLU"]);
    await page.getByTestId("officials-search-clear").tap();
    await typeOnKeyboard(...letters("ibrahimova"));
    await expect.poll(names).toEqual(["İBRAHİMOVA NƏRGİZ ƏKBƏR QIZI"]);
    await typeOnKeyboard("x");
    await expect.poll(() => page.getByTestId("officials-none").textContent()).toBe(NONE.en);
    // Touching the list, away from the field, puts the keyboard away.
    await page.getByTestId("officials-none").tap();
    await page.getByTestId("keyboard").waitFor({ state: "detached" });
  });
});

describe("welcome screen", () => {
  for (const lang of LANGS) {
    it(`${lang}: shows how to insert the card beside the prompt, as a picture hidden from assistive technology`, async () => {
      await open();
      if (lang !== "az") await tapLang(lang);
      const picture = page.getByTestId("card-animation");
      expect(await picture.getAttribute("aria-hidden")).toBe("true");
      expect(await picture.locator("svg").count()).toBe(1);
      expect(await picture.evaluate((el) => (el.textContent ?? "").trim())).toBe("");
      const pic = (await picture.boundingBox())!;
      const prompt = (await page.getByTestId("card-prompt").boundingBox())!;
      expect(pic.width).toBeGreaterThanOrEqual(120);
      expect(pic.x + pic.width, "beside the prompt, on its left").toBeLessThanOrEqual(prompt.x);
      expect(pic.y < prompt.y + prompt.height && prompt.y < pic.y + pic.height, "on the prompt's line").toBe(true);
      // It moves, gently, unless the system asks for less motion.
      const animation = () =>
        page.evaluate(() => getComputedStyle(document.querySelector("[data-testid=card-animation] .card")!).animationName);
      expect(await animation()).not.toBe("none");
      // A short lesson: it stops, so an idle kiosk's screen stands still.
      expect(
        await page.evaluate(
          () => getComputedStyle(document.querySelector("[data-testid=card-animation] .card")!).animationIterationCount,
        ),
      ).toBe("3");
      await page.emulateMedia({ reducedMotion: "reduce" });
      expect(await animation()).toBe("none");
    });
  }

  for (const lang of LANGS) {
    it(`${lang}: a card inserted on the welcome screen opens the officials list by itself`, async () => {
      await open("?demo");
      await page.getByTestId("card-prompt").waitFor();
      if (lang !== "az") await tapLang(lang);
      await page.getByTestId("demo-insert-0").tap();
      await page.locator("main[data-screen=officials]").waitFor();
      await page.getByTestId("citizen-bar").waitFor();
      await officialsIn(lang);
      expect(await page.getByTestId("citizen-name").textContent()).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
      // Back to the greeting, which stays: the citizen was already there.
      await page.getByTestId("back").tap();
      await page.getByTestId("session-greeting").waitFor();
      await page.waitForTimeout(300);
      expect(await page.locator("main").getAttribute("data-screen")).toBe("welcome");
    });
  }

  it("opening with a citizen already identified greets them and stays", async () => {
    await open("?citizen");
    await page.getByTestId("session-greeting").waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator("main").getAttribute("data-screen")).toBe("welcome");
    // A language change or any other report about the same citizen does not move on either.
    await tapLang("ru");
    await page.waitForTimeout(300);
    expect(await page.locator("main").getAttribute("data-screen")).toBe("welcome");
    expect(await page.getByTestId("session-greeting").textContent()).toContain("Добро пожаловать");
  });

  it("an offline card waits for the address; once it is confirmed, the officials list opens by itself", async () => {
    await open("?demo");
    await page.getByTestId("card-prompt").waitFor();
    const offline = await page.evaluate(() => {
      const w = window as unknown as { __gohar: Record<string, unknown> };
      return { ...w.__gohar, full_name: "ABDULLAYEVA GOHAR", address: null, from_registry: false, needs_address: true };
    });
    await page.evaluate(
      (citizen) =>
        (window as unknown as { __report: (s: unknown) => void; __none: Record<string, unknown> }).__report({
          ...(window as unknown as { __none: Record<string, unknown> }).__none,
          generation: 1,
          phase: "active",
          citizen,
        }),
      offline,
    );
    await page.getByTestId("address-form").waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator("main").getAttribute("data-screen")).toBe("welcome");
    await page.getByTestId("address-input").fill("Biləsuvar şəhəri, Nizami küçəsi 5");
    await page.getByTestId("address-confirm").tap();
    await page.locator("main[data-screen=officials]").waitFor();
    await page.getByTestId("back").tap();
    expect(await page.getByTestId("citizen-address").textContent()).toBe("Biləsuvar şəhəri, Nizami küçəsi 5");
  });
});

describe("sent screen", () => {
  const TEXT = {
    az: { printing: "Bildirişiniz çap olunur…", printed: "Bildirişinizi printerdən götürün", title: "Müraciətiniz göndərildi" },
    ru: { printing: "Уведомление печатается…", printed: "Возьмите уведомление из принтера", title: "Ваше обращение отправлено" },
    en: { printing: "Your notice is printing…", printed: "Take your notice from the printer", title: "Your application has been sent" },
  } as const;
  const KEPT = {
    az: ["Müraciətiniz 10000061 nömrəsi ilə saxlanılıb.", "bu nömrəni qəbul işçisinə göstərin", "Yenidən çap et", "Printerdə kağız qurtarıb"],
    ru: ["Ваше обращение сохранено под номером 10000061.", "покажите этот номер сотруднику приёмной", "Напечатать снова", "В принтере нет бумаги"],
    en: ["Your booking is kept under number 10000061.", "please show this number to the receptionist", "Print again", "Printer is out of paper"],
  } as const;

  for (const lang of LANGS) {
    it(`${lang}: the number, very large, and the notice from printing to printed as Rust reports it`, async () => {
      await openScreen("sent", `citizen&${SENT}`);
      if (lang !== "az") await tapLang(lang);
      expect(await page.getByTestId("sent-heading").textContent()).toBe(TEXT[lang].title);
      const number = page.getByTestId("sent-number");
      expect(await number.textContent()).toBe("10000061");
      expect(await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(64);
      await expect.poll(() => page.getByTestId("sent-printing").textContent()).toContain(TEXT[lang].printing);
      const asked = (await ipcCalls("notice_status")).length;
      expect(asked).toBeGreaterThanOrEqual(1);
      expect((await ipcCalls("notice_status")).every((c) => c.args.bookingId === "0190f0e4-7c3a-7000-8000-000000000061")).toBe(
        true,
      );
      // Rust's answer changes, but nothing is shown until Rust announces a change of the queue.
      await setNotice("printed");
      await page.waitForTimeout(300);
      expect(await page.getByTestId("sent-printing").count()).toBe(1);
      await printQueueChanged();
      await expect.poll(() => page.getByTestId("sent-printed").textContent()).toContain(TEXT[lang].printed);
      expect((await ipcCalls("notice_status")).length).toBeGreaterThan(asked);
      expect(await page.getByTestId("sent-printing").count()).toBe(0);
      expect(await page.getByTestId("sent-print-again").count()).toBe(0);
    });

    it(`${lang}: a failed notice keeps the booking: the number large, the printer's problem, one “print again”`, async () => {
      await openScreen("sent", `citizen&paper-out&notice=failed&${SENT}`);
      if (lang !== "az") await tapLang(lang);
      const [kept, show, again, problem] = KEPT[lang];
      await expect.poll(() => page.getByTestId("sent-kept").textContent()).toBe(kept);
      expect(await page.getByTestId("sent-not-printed").textContent()).toContain(show);
      const number = page.getByTestId("sent-number");
      expect(await number.textContent()).toBe("10000061");
      expect(await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(64);
      expect(await page.getByTestId("sent-printer-problem").textContent()).toBe(problem);
      const button = page.getByTestId("sent-print-again");
      expect(await button.count()).toBe(1);
      expect(await button.textContent()).toBe(again);
      // One "print again" on the screen: the receptionist's printer band stays out of it.
      expect(await page.getByTestId("printer-status").count()).toBe(0);
      await button.tap();
      await expect.poll(async () => (await ipcCalls("retry_print")).map((c) => c.args)).toEqual([{ job: 61 }]);
      await button.waitFor({ state: "detached" });
      // Still failed, as Rust says: the message stays, the button does not come back.
      await printQueueChanged();
      await page.waitForTimeout(300);
      expect(await page.getByTestId("sent-kept").textContent()).toBe(kept);
      expect(await button.count()).toBe(0);
      // Then the state follows Rust again.
      await setNotice("printing");
      await printQueueChanged();
      await page.getByTestId("sent-printing").waitFor();
      expect(await page.getByTestId("sent-not-printed").count()).toBe(0);
      await setNotice("failed");
      await printQueueChanged();
      await page.getByTestId("sent-not-printed").waitFor();
      await page.waitForTimeout(200);
      expect(await button.count(), "one “print again” per screen").toBe(0);
      expect((await ipcCalls("retry_print")).length).toBe(1);
    });
  }

  it("a held notice is told the same way, with its own “print again”; no printer problem when the printer is fine", async () => {
    await openScreen("sent", `citizen&notice=held&${SENT}`);
    await expect.poll(() => page.getByTestId("sent-kept").textContent()).toBe(KEPT.az[0]);
    expect(await page.getByTestId("sent-printer-problem").count()).toBe(0);
    await page.getByTestId("sent-print-again").tap();
    await expect.poll(async () => (await ipcCalls("retry_print")).map((c) => c.args)).toEqual([{ job: 61 }]);
  });

  it("“Tarixçənə bax” opens the citizen's applications, in each language", async () => {
    for (const lang of ["az", "ru", "en"] as const) {
      await openScreen("sent", `citizen&${SENT}`);
      if (lang !== "az") {
        await page.getByTestId(`lang-${lang}`).tap();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      }
      expect(await page.getByTestId("sent-history").textContent()).toBe(translator(lang)("sent-history"));
      await page.getByTestId("sent-history").tap();
      await page.locator("main[data-screen=history]").waitFor();
    }
  });

  it("finish ends the session and opens the welcome screen; Back leads to the welcome screen too", async () => {
    await openScreen("sent", `citizen&${SENT}`);
    await page.getByTestId("sent-printing").waitFor();
    await page.getByTestId("sent-finish").tap();
    await page.getByTestId("card-prompt").waitFor();
    expect(await ipcCalls("session_finish")).toHaveLength(1);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain("10000061");
    await openScreen("sent", `citizen&${SENT}`);
    await page.getByTestId("back").tap();
    await page.getByTestId("session-greeting").waitFor();
  });
});

describe("sizes at arm's length, 1920×1080", () => {
  /** Every touch target ≥ 80×80 px with ≥ 8 px between; every text ≥ 28 px; nothing wider than the screen. */
  async function checkSizes(what: string, noScroll: boolean) {
    const targets = await page.$$eval("button, input, [role=button]", (els) =>
      els
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => {
          const r = e.getBoundingClientRect();
          // What can be touched: the part not scrolled out of a scrolling list.
          let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
          for (let a = e.parentElement; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX === "visible" && style.overflowY === "visible") continue;
            const c = a.getBoundingClientRect();
            [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
          }
          const visible = { x: left, y: top, w: right - left, h: bottom - top };
          return { id: e.getAttribute("data-testid") ?? e.textContent ?? e.tagName, w: r.width, h: r.height, visible };
        }),
    );
    expect(targets.length, `${what}: touch targets`).toBeGreaterThan(3);
    for (const t of targets) {
      expect(t.w, `${what}: ${t.id} width`).toBeGreaterThanOrEqual(80);
      expect(t.h, `${what}: ${t.id} height`).toBeGreaterThanOrEqual(80);
    }
    const touchable = targets.filter((t) => t.visible.w > 0 && t.visible.h > 0).map((t) => ({ id: t.id, ...t.visible }));
    for (let i = 0; i < touchable.length; i++) {
      for (let j = i + 1; j < touchable.length; j++) {
        const [a, b] = [touchable[i], touchable[j]];
        const gapX = Math.max(a.x, b.x) - Math.min(a.x + a.w, b.x + b.w);
        const gapY = Math.max(a.y, b.y) - Math.min(a.y + a.h, b.y + b.h);
        expect(Math.max(gapX, gapY), `${what}: gap between ${a.id} and ${b.id}`).toBeGreaterThanOrEqual(7.5);
      }
    }
    const small = await page.$$eval("body *", (els) =>
      els
        .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim()))
        .map((e) => [e.textContent?.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize)] as const)
        .filter(([, size]) => size < 28),
    );
    expect(small, `${what}: texts under 28 px`).toEqual([]);
    const placeholders = await page.$$eval("input[placeholder]", (els) =>
      els.map((e) => parseFloat(getComputedStyle(e, "::placeholder").fontSize)),
    );
    for (const size of placeholders) expect(size, `${what}: placeholder`).toBeGreaterThanOrEqual(28);
    const [scrollWidth, mainScroll, mainClient] = await page.evaluate(() => {
      const main = document.querySelector("main")!;
      return [document.documentElement.scrollWidth, main.scrollHeight, main.clientHeight];
    });
    expect(scrollWidth, `${what}: page width`).toBeLessThanOrEqual(1920);
    if (noScroll) expect(mainScroll, `${what}: no scrolling`).toBeLessThanOrEqual(mainClient);
  }

  // Every band shown at once: offline with bookings to send, the printer out of paper, a demo citizen.
  const BANDS = "offline&paper-out&demo";

  for (const lang of LANGS) {
    it(`${lang}: welcome, officials and sent screens`, async () => {
      await open(`?${BANDS}`);
      if (lang !== "az") await tapLang(lang);
      await page.getByTestId("authority").waitFor();
      await page.getByTestId("printer-status").waitFor();
      await checkSizes(`${lang} welcome`, true);

      await open(`?${BANDS}&citizen`);
      if (lang !== "az") await tapLang(lang);
      await page.getByTestId("session-greeting").waitFor();
      await checkSizes(`${lang} welcome with a citizen`, true);

      await openScreen("officials", `${BANDS}&citizen`);
      if (lang !== "az") await tapLang(lang);
      await officialsIn(lang);
      await page.getByTestId("printer-status").waitFor();
      await checkSizes(`${lang} officials`, true);

      await openScreen("officials", `${BANDS}&citizen&many-officials`);
      if (lang !== "az") await tapLang(lang);
      await officialsIn(lang);
      await page.getByTestId("officials-search-input").tap();
      await page.getByTestId("keyboard").waitFor();
      await checkSizes(`${lang} officials search`, false);

      await openScreen("sent", `${BANDS}&citizen&notice=failed&${SENT}`);
      if (lang !== "az") await tapLang(lang);
      await page.getByTestId("sent-print-again").waitFor();
      await checkSizes(`${lang} sent, not printed`, true);

      await openScreen("sent", `${BANDS}&citizen&${SENT}`);
      if (lang !== "az") await tapLang(lang);
      await page.getByTestId("sent-printing").waitFor();
      await checkSizes(`${lang} sent, printing`, true);
    });
  }
});
