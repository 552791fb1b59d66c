// The booking form's screens (Booking, Details, Review) in Debian's Chromium, with Tauri's IPC
// mocked (harness.ts): the options are the fixture `booking-options.json` (the shape of Rust's
// `booking_options`), the refusals are worded from the same .ftl files Rust words them from.
import { beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectReadable, expectTouchable, useBrowser } from "./browser";
import bookingOptions from "./booking-options.json";
import { translator } from "../src/lib/i18n";

const browser = useBrowser();
let page: Page;
beforeEach(() => {
  page = browser.page;
});

type Lang = "az" | "ru" | "en";
const LANGS: readonly Lang[] = ["az", "ru", "en"];
const OFFICIAL = "bilesuvar-1";
const GOHAR_ADDRESS = "Biləsuvar rayonu, Biləsuvar şəhəri, Heydər Əliyev prospekti 12, mənzil 4";
type Options = (typeof bookingOptions)["az"];
const options = (lang: Lang): Options => bookingOptions[lang];
/** The words of a message, as the .ftl files have them (Rust words its refusals from them too). */
const words = (lang: Lang, id: string, args?: Record<string, string | number>) => translator(lang)(id, args);

// What the tests choose, read from the fixture (which Rust will generate): a bookable date with
// few places, a date that cannot be booked, the other bookable dates, a list entry that is not
// the first.
const fixture = options("az");
const FEW = fixture.dates.find((d) => d.bookable && d.places_left !== null)!;
const BLOCKED = fixture.dates.find((d) => !d.bookable)!;
const BOOKABLE = fixture.dates.filter((d) => d.bookable);
const TOPIC = fixture.topics[1];
const STATUS = fixture.social_statuses[3];
const PRIVILEGE = fixture.privileges[0];
const LISTS = [
  ["topic", "topics"],
  ["social-status", "social_statuses"],
  ["privilege", "privileges"],
] as const;

/** Opens `screen` of the booking form for official bilesuvar-1, with a citizen, in `lang`. */
async function openForm(screen: "booking" | "details" | "review", lang: Lang = "az", query = "") {
  await page.goto(`${browser.base}?screen=${screen}&officialId=${OFFICIAL}&citizen${query ? `&${query}` : ""}`);
  await page.locator(`main[data-screen=${screen}]`).waitFor();
  if (lang !== "az") await tapLang(lang);
}

async function tapLang(lang: Lang) {
  await page.getByTestId(`lang-${lang}`).tap();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

async function screenName() {
  return page.locator("main").getAttribute("data-screen");
}

async function onScreen(name: string) {
  await page.locator(`main[data-screen=${name}]`).waitFor();
}

type Call = { cmd: string; args: Record<string, unknown> };
async function ipcCalls(cmd: string): Promise<Call[]> {
  const calls = await page.evaluate(() => (window as unknown as { __ipcCalls: Call[] }).__ipcCalls);
  return calls.filter((c) => c.cmd === cmd);
}

const text = (testid: string) => page.getByTestId(testid).first().textContent();

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
async function checkSizes(screen: string, minTargets: number) {
  const targets = await page.$$eval("main :is(button, [role=button], input, textarea, [role=radio])", (els) =>
    els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.getAttribute("data-testid") ?? e.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
      }),
  );
  expectTouchable(screen, targets, minTargets);
  await expectReadable(page, screen);
}

/** The main area needs no scrolling: everything is on the 1920×1080 panel at once. */
async function fitsWithoutScrolling() {
  const [scroll, client] = await page.evaluate(() => {
    const m = document.querySelector("main")!;
    return [m.scrollHeight, m.clientHeight];
  });
  return scroll <= client;
}

/** Chooses a date and the three lists on the Booking screen (their ids from the fixture). */
async function chooseAll() {
  await page.getByTestId(`reception-date-${FEW.date}`).tap();
  await page.getByTestId(`topic-${TOPIC.id}`).tap();
  await page.getByTestId(`social-status-${STATUS.id}`).tap();
  await page.getByTestId(`privilege-${PRIVILEGE.id}`).tap();
}

const DETAILS = {
  email: "gohar@mail.az",
  phone: "+994 50 123 45 67",
  workplace: "Biləsuvar rayon xəstəxanası",
  position: "Tibb bacısı",
  note: "Torpaq sahəsi barədə. Əlavə sənədlər gətirəcəyəm.",
};

/** Types the details as a hardware keyboard would (the field's own input events). */
async function fillDetails(values: Partial<typeof DETAILS> = DETAILS) {
  for (const [field, value] of Object.entries(values)) await page.getByTestId(`${field}-input`).fill(value);
}

/** The whole form filled through the screens, ending on the review. */
async function fillForm(lang: Lang = "az", query = "") {
  await openForm("booking", lang, query);
  await page.getByTestId("booking-next").waitFor();
  await chooseAll();
  await page.getByTestId("booking-next").tap();
  await onScreen("details");
  await fillDetails();
  await page.getByTestId("details-next").tap();
  await onScreen("review");
  await page.getByTestId("review-topic-value").waitFor();
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

for (const lang of LANGS) {
  const t = (id: string, args?: Record<string, string | number>) => words(lang, id, args);
  const o = options(lang);

  describe(`booking screen (${lang})`, () => {
    it("shows the official, the next reception dates and the three lists, with the screen's texts", async () => {
      await openForm("booking", lang);
      await page.getByTestId("booking-next").waitFor();
      expect(await text("booking-official-name")).toBe(o.official.full_name);
      expect(await text("booking-official-position")).toBe(o.official.position);
      expect(await text("booking-title")).toBe(t("booking-title"));
      expect(await page.locator("#reception-date-label").textContent()).toBe(t("form-date"));
      expect(await page.locator("#topic-label").textContent()).toBe(t("form-topic"));
      expect(await page.locator("#social-status-label").textContent()).toBe(t("form-social-status"));
      expect(await page.locator("#privilege-label").textContent()).toBe(t("form-privilege"));
      expect((await text("booking-next"))?.trim()).toBe(`${t("form-next")} →`);
      // The dates: up to four, each with its weekday, Rust's label and the hours.
      expect(o.dates.length).toBeLessThanOrEqual(4);
      const buttons = page.getByTestId("reception-date-choices").getByRole("radio");
      expect(await buttons.count()).toBe(o.dates.length);
      for (const d of o.dates) {
        const button = page.getByTestId(`reception-date-${d.date}`);
        expect(await button.getByTestId("date-weekday").textContent()).toBe(t(`weekday-${d.weekday}`));
        expect(await button.getByTestId("date-label").textContent()).toBe(d.label);
        expect(await button.getByTestId("date-hours").textContent()).toBe(o.official.reception_hours);
        expect(await button.getByTestId("date-shortened").count(), d.date).toBe(d.shortened ? 1 : 0);
        const places = button.getByTestId("date-places");
        if (d.bookable && d.places_left !== null) expect(await places.textContent()).toBe(t("form-places-left", { count: d.places_left }));
        else expect(await places.count(), d.date).toBe(0);
      }
      // The lists, in Rust's order: "İmtiyazım yoxdur" first.
      for (const [field, key] of LISTS) {
        const names = await page.getByTestId(`${field}-choices`).getByRole("radio").allTextContents();
        expect(names.map((n) => n.trim())).toEqual(o[key].map((c) => c.name));
      }
      expect(o.privileges[0].id).toBe("none");
      expect(await page.getByTestId("privilege-choices").getByRole("radio").first().getAttribute("data-testid")).toBe("privilege-none");
      await checkSizes("booking", 4 + 6 + 6 + 5 + 1);
      expect(await fitsWithoutScrolling(), "the dates and the three lists fit on the panel").toBe(true);
      expect(await page.getByTestId("booking-next").isVisible()).toBe(true);
    });

    it("chooses one date and one entry of each list", async () => {
      await openForm("booking", lang);
      await page.getByTestId("booking-next").waitFor();
      const checked = (field: string) =>
        page.getByTestId(`${field}-choices`).locator('[role=radio][aria-checked="true"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
      expect(await checked("reception-date")).toEqual([]);
      await chooseAll();
      expect(await checked("reception-date")).toEqual([`reception-date-${FEW.date}`]);
      expect(await checked("topic")).toEqual([`topic-${TOPIC.id}`]);
      expect(await checked("social-status")).toEqual([`social-status-${STATUS.id}`]);
      expect(await checked("privilege")).toEqual([`privilege-${PRIVILEGE.id}`]);
      // Another entry replaces the first: one choice each.
      const other = BOOKABLE.find((d) => d.date !== FEW.date)!;
      await page.getByTestId(`reception-date-${other.date}`).tap();
      await page.getByTestId(`topic-${o.topics[0].id}`).tap();
      expect(await checked("reception-date")).toEqual([`reception-date-${other.date}`]);
      expect(await checked("topic")).toEqual([`topic-${o.topics[0].id}`]);
      await page.getByTestId("booking-next").tap();
      await onScreen("details");
    });

    for (const online of [true, false]) {
      it(`shows a date that cannot be booked as such before anyone picks it, and does not select it (${online ? "online" : "offline"})`, async () => {
        await openForm("booking", lang, online ? "" : "offline");
        const blocked = page.getByTestId(`reception-date-${BLOCKED.date}`);
        const status = online ? t("form-date-full") : t("form-date-online-only");
        await expect.poll(() => blocked.getByTestId("date-blocked").textContent()).toBe(status);
        expect(await blocked.getAttribute("aria-disabled")).toBe("true");
        // Only that one: the bookable dates say nothing of the kind.
        expect(await page.getByTestId("date-blocked").count()).toBe(o.dates.filter((d) => !d.bookable).length);
        // Playwright holds back taps on aria-disabled elements; a finger does not.
        await blocked.tap({ force: true });
        expect(await blocked.getAttribute("aria-checked")).toBe("false");
        expect(await text("reception-date-why")).toContain(online ? t("form-date-full-why") : t("form-date-online-only-why"));
        // Nothing was chosen: "Next" still asks for a date.
        await page.getByTestId("booking-next").tap();
        expect(await text("reception-date-error")).toBe(t("validation-date-missing"));
        // A bookable date is chosen as usual, and the explanation goes.
        await page.getByTestId(`reception-date-${FEW.date}`).tap();
        expect(await page.getByTestId(`reception-date-${FEW.date}`).getAttribute("aria-checked")).toBe("true");
        expect(await page.getByTestId("reception-date-why").count()).toBe(0);
        expect(await page.getByTestId("reception-date-error").count()).toBe(0);
      });
    }

    it('"Next" with nothing chosen shows the four errors beside their lists and focuses the first', async () => {
      await openForm("booking", lang);
      await page.getByTestId("booking-next").tap();
      expect(await text("reception-date-error")).toBe(t("validation-date-missing"));
      expect(await text("topic-error")).toBe(t("validation-topic-missing"));
      expect(await text("social-status-error")).toBe(t("validation-social-status-missing"));
      expect(await text("privilege-error")).toBe(t("validation-privilege-missing"));
      expect(await focusIn("reception-date-choices"), "the focus is on the dates").toBe(true);
      for (const field of ["reception-date", "topic", "social-status", "privilege"]) {
        const group = page.getByTestId(`${field}-choices`);
        expect(await group.getAttribute("aria-invalid"), field).toBe("true");
        expect(await group.getAttribute("aria-describedby"), field).toContain(`${field}-error`);
      }
      expect(await screenName()).toBe("booking");
      // A choice clears its own error only; with a date, the focus goes to the next empty list.
      await page.getByTestId(`reception-date-${FEW.date}`).tap();
      expect(await page.getByTestId("reception-date-error").count()).toBe(0);
      expect(await page.getByTestId("topic-error").count()).toBe(1);
      await page.getByTestId("booking-next").tap();
      expect(await focusIn("topic-choices")).toBe(true);
    });
  });

  describe(`details screen (${lang})`, () => {
    it("shows the card's data read-only and every field with its label", async () => {
      await openForm("details", lang);
      expect(await text("details-title")).toBe(t("details-title"));
      expect(await text("card-name")).toBe("ABDULLAYEVA GÖHƏR NOVRUZ QIZI");
      expect((await text("card-document"))?.replace(/\s+/g, " ").trim()).toBe(`${t("document-id-card")} AA****567`);
      expect(await text("card-address")).toBe(GOHAR_ADDRESS);
      expect(await page.getByTestId("card-data").locator("input, textarea, button").count(), "read-only").toBe(0);
      for (const [field, id] of [
        ["email", "form-email"],
        ["phone", "form-phone"],
        ["workplace", "form-workplace"],
        ["position", "form-position"],
        ["note", "form-note"],
      ]) {
        expect(await page.locator(`label[for=field-${field}]`).textContent(), field).toBe(t(id));
        expect(await page.locator(`#field-${field}`).getAttribute("inputmode"), field).toBe("none");
      }
      // "Same as on my ID card" is on; off shows the address field.
      const same = page.getByTestId("address-same");
      expect(await same.getAttribute("aria-checked")).toBe("true");
      expect(await same.textContent()).toContain(t("form-address-same"));
      expect(await page.getByTestId("address-input").count()).toBe(0);
      expect(await text("note-count")).toBe(t("form-note-count", { count: 0, max: 400 }));
      await checkSizes("details", 7);
      expect(await fitsWithoutScrolling()).toBe(true);
      await same.tap();
      expect(await same.getAttribute("aria-checked")).toBe("false");
      expect(await page.locator("label[for=field-address]").textContent()).toBe(t("form-address"));
      // The address is typed next: its field has the focus and the keyboard.
      await expect.poll(() => focusIn("address-input")).toBe(true);
      await page.getByTestId("keyboard").waitFor();
      expect(await page.getByTestId("keyboard").getAttribute("data-layout")).toBe(lang);
      await checkSizes("details with the keyboard", 40);
    });

    it("types an e-mail, a phone shown grouped and a note with Ə and İ on the on-screen keyboard", async () => {
      await openForm("details", lang);
      const keyboard = page.getByTestId("keyboard");
      const tap = keyTapper();
      expect(await keyboard.count(), "no keyboard until a field is focused").toBe(0);

      await page.getByTestId("email-input").tap();
      await keyboard.waitFor();
      expect(await keyboard.getAttribute("data-layout")).toBe("email");
      await expectAboveKeyboard("email-field");
      await tap("g", "o", "h", "a", "r", "@", "box.az");
      expect(await page.getByTestId("email-input").inputValue()).toBe("gohar@box.az");

      await page.getByTestId("phone-input").tap();
      await expect.poll(() => keyboard.getAttribute("data-layout")).toBe("phone");
      await expectAboveKeyboard("phone-field");
      await tap(..."501234567".split(""));
      expect(await page.getByTestId("phone-input").inputValue()).toBe("+994 50 123 45 67");

      await page.getByTestId("note-input").tap();
      await expect.poll(() => keyboard.getAttribute("data-layout")).toBe(lang);
      await expectAboveKeyboard("note-field");
      await page.getByTestId("keyboard-layout-az").tap();
      await tap("shift", "ə", "shift", "i", "space", "q", "ə", "b", "u", "l");
      expect(await page.getByTestId("note-input").inputValue()).toBe("Əİ qəbul");
      expect(await text("note-count")).toBe(t("form-note-count", { count: 8, max: 400 }));
      await tap("backspace");
      expect(await text("note-count")).toBe(t("form-note-count", { count: 7, max: 400 }));

      await page.getByTestId("workplace-input").tap();
      await expectAboveKeyboard("workplace-field");
      await page.getByTestId("keyboard-layout-az").tap();
      await tap("shift", "m", "ə", "k", "t", "ə", "b");
      expect(await page.getByTestId("workplace-input").inputValue()).toBe("Məktəb");

      // "Hide keyboard" puts it away; what was typed stays in the draft the next screens send.
      await page.getByTestId("keyboard-hide").tap();
      await keyboard.waitFor({ state: "detached" });
      await page.getByTestId("position-input").fill("Müəllim");
      await page.getByTestId("details-next").tap();
      await onScreen("booking"); // nothing was chosen there yet: Rust sends the citizen back
      const form = (await ipcCalls("check_form")).at(-1)!.args.form as Record<string, unknown>;
      expect(form).toMatchObject({
        official_id: OFFICIAL,
        email: "gohar@box.az",
        phone: "+994 50 123 45 67",
        workplace: "Məktəb",
        position: "Müəllim",
        note: "Əİ qəbu",
        address_same_as_id: true,
      });
    });

    it("takes no more than 400 characters in the note, from the keyboard or otherwise", async () => {
      await openForm("details", lang);
      const note = page.getByTestId("note-input");
      await note.fill("ə".repeat(398) + "🇦🇿");
      expect(await text("note-count")).toBe(t("form-note-count", { count: 399, max: 400 }));
      await note.tap();
      await note.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
      const tap = keyTapper();
      await page.getByTestId("keyboard-layout-en").tap();
      await tap("a", "b", "c");
      expect(await note.inputValue()).toBe("ə".repeat(398) + "🇦🇿a");
      expect(await text("note-count")).toBe(t("form-note-count", { count: 400, max: 400 }));
      // A longer text arriving at once is cut at 400 characters.
      await note.fill("İ".repeat(450));
      // The cut is the field's own input handler's, after the keyboard's last render: polled.
      await expect.poll(() => note.inputValue()).toBe("İ".repeat(400));
      expect(await text("note-count")).toBe(t("form-note-count", { count: 400, max: 400 }));
    });

    it("shows the fields Rust refuses beside them, in the current language, focuses the first, and clears each when edited", async () => {
      await openForm("booking", lang);
      await page.getByTestId("booking-next").waitFor();
      await chooseAll();
      await page.getByTestId("booking-next").tap();
      await onScreen("details");
      await fillDetails({ email: "gohar@mail", phone: "+994 50 123" });
      await page.getByTestId("address-same").tap();
      await page.getByTestId("keyboard-hide").tap();
      await page.getByTestId("details-next").tap();
      await page.getByTestId("email-error").waitFor();
      expect(await screenName()).toBe("details");
      const expected = {
        email: "validation-email-invalid",
        phone: "validation-phone-too-short",
        workplace: "validation-workplace-missing",
        position: "validation-position-missing",
        address: "validation-address-missing",
      };
      for (const [field, id] of Object.entries(expected)) {
        expect(await text(`${field}-error`), field).toBe(t(id));
        const input = page.getByTestId(`${field}-input`);
        expect(await input.getAttribute("aria-invalid"), field).toBe("true");
        expect(await input.getAttribute("aria-describedby"), field).toBe(`${field}-error`);
      }
      expect(await page.getByTestId("note-error").count()).toBe(0);
      await expect.poll(() => focusIn("email-input"), { message: "the first refused field has the focus" }).toBe(true);
      await page.getByTestId("keyboard").waitFor();
      // Another language: Rust worded every refusal in all three.
      const other: Lang = lang === "en" ? "az" : "en";
      await tapLang(other);
      expect(await text("phone-error")).toBe(words(other, "validation-phone-too-short"));
      await tapLang(lang);
      // Editing a field clears its refusal, and only its own.
      await page.getByTestId("email-input").fill("gohar@mail.az");
      expect(await page.getByTestId("email-error").count()).toBe(0);
      expect(await page.getByTestId("email-input").getAttribute("aria-invalid")).toBeNull();
      expect(await page.getByTestId("phone-error").count()).toBe(1);
      await page.getByTestId("phone-input").tap();
      const tap = keyTapper();
      await tap("4", "5", "6", "7");
      expect(await page.getByTestId("phone-input").inputValue()).toBe("+994 50 123 45 67");
      expect(await page.getByTestId("phone-error").count()).toBe(0);
      await page.getByTestId("address-same").tap();
      expect(await page.getByTestId("address-error").count()).toBe(0);
      await fillDetails({ workplace: DETAILS.workplace, position: DETAILS.position });
      await page.getByTestId("details-next").tap();
      await onScreen("review");
    });

    it("sends the citizen to the Booking screen when Rust refuses a choice made there, with its words and the focus there", async () => {
      // Opened directly: nothing was chosen on the Booking screen.
      await openForm("details", lang);
      await fillDetails();
      await page.getByTestId("details-next").tap();
      await onScreen("booking");
      await page.getByTestId("reception-date-error").waitFor();
      expect(await text("reception-date-error")).toBe(t("validation-date-missing"));
      expect(await text("topic-error")).toBe(t("validation-topic-missing"));
      expect(await text("social-status-error")).toBe(t("validation-social-status-missing"));
      await expect.poll(() => focusIn("reception-date-choices")).toBe(true);
      await chooseAll();
      await page.getByTestId("booking-next").tap();
      await onScreen("details");
      // What was typed is still there.
      expect(await page.getByTestId("email-input").inputValue()).toBe(DETAILS.email);
      await page.getByTestId("details-next").tap();
      await onScreen("review");
    });
  });

  describe(`review screen (${lang})`, () => {
    it("shows every choice, and the card's data, with 'edit' beside each choice", async () => {
      await fillForm(lang);
      expect(await text("review-title")).toBe(t("review-title"));
      const value = async (field: string) => (await page.getByTestId(`review-${field}-value`).locator(".line, .none").allTextContents()).map((l) => l.trim());
      expect(await value("official")).toEqual([o.official.position, o.official.full_name]);
      const date = o.dates.find((d) => d.date === FEW.date)!;
      expect(await value("reception-date")).toEqual([`${t(`weekday-${date.weekday}`)}, ${date.label}`, o.official.reception_hours]);
      expect(await value("topic")).toEqual([o.topics.find((c) => c.id === TOPIC.id)!.name]);
      expect(await value("social-status")).toEqual([o.social_statuses.find((c) => c.id === STATUS.id)!.name]);
      expect(await value("privilege")).toEqual([o.privileges.find((c) => c.id === PRIVILEGE.id)!.name]);
      expect(await value("email")).toEqual([DETAILS.email]);
      expect(await value("phone")).toEqual(["+994 50 123 45 67"]);
      expect(await value("workplace")).toEqual([DETAILS.workplace]);
      expect(await value("position")).toEqual([DETAILS.position]);
      expect(await value("address")).toEqual([t("review-address-same"), GOHAR_ADDRESS]);
      expect(await value("note")).toEqual([DETAILS.note]);
      expect(await value("full-name")).toEqual(["ABDULLAYEVA GÖHƏR NOVRUZ QIZI"]);
      expect(await value("document")).toEqual([`${t("document-id-card")} AA****567`]);
      expect(await page.getByTestId("review-card").locator("button").count(), "the card's data is read-only").toBe(0);
      expect((await text("send"))?.trim()).toBe(t("review-send"));
      for (const field of ["official", "reception-date", "topic", "social-status", "privilege", "email", "phone", "workplace", "position", "address", "note"]) {
        expect((await text(`edit-${field}`))?.trim(), field).toBe(t("review-edit"));
      }
      await checkSizes("review", 12);
      expect(await fitsWithoutScrolling()).toBe(true);
    });

    it("each 'edit' opens the screen that holds it, and Back returns with every value kept", async () => {
      await fillForm(lang);
      const before = await page.getByTestId("review-screen").textContent();
      const targets = {
        official: "officials",
        "reception-date": "booking",
        topic: "booking",
        "social-status": "booking",
        privilege: "booking",
        email: "details",
        phone: "details",
        workplace: "details",
        position: "details",
        address: "details",
        note: "details",
      };
      for (const [field, screen] of Object.entries(targets)) {
        await page.getByTestId(`edit-${field}`).tap();
        await onScreen(screen);
        if (screen === "details") expect(await page.getByTestId("email-input").inputValue(), field).toBe(DETAILS.email);
        if (screen === "booking") {
          await page.getByTestId(`topic-${TOPIC.id}`).waitFor();
          expect(await page.getByTestId(`topic-${TOPIC.id}`).getAttribute("aria-checked"), field).toBe("true");
        }
        await page.getByTestId("back").tap();
        await onScreen("review");
        await page.getByTestId("review-topic-value").waitFor();
        expect(await page.getByTestId("review-screen").textContent(), field).toBe(before);
      }
      // An edit made there shows on the review.
      await page.getByTestId("edit-social-status").tap();
      await onScreen("booking");
      const status = o.social_statuses[0];
      await page.getByTestId(`social-status-${status.id}`).tap();
      await page.getByTestId("booking-next").tap();
      await onScreen("details");
      await page.getByTestId("details-next").tap();
      await onScreen("review");
      await expect.poll(() => text("review-social-status-value")).toContain(status.name);
    });

    it("keeps everything typed and chosen when the language changes, on every screen", async () => {
      await fillForm(lang);
      const other: Lang = lang === "ru" ? "en" : "ru";
      await tapLang(other);
      const p = options(other);
      await expect.poll(() => text("review-topic-value")).toContain(p.topics.find((c) => c.id === TOPIC.id)!.name);
      expect(await text("review-email-value")).toContain(DETAILS.email);
      expect(await text("review-note-value")).toContain(DETAILS.note);
      await page.getByTestId("back").tap();
      await onScreen("details");
      for (const [field, value] of Object.entries(DETAILS)) expect(await page.getByTestId(`${field}-input`).inputValue(), field).toBe(value);
      await tapLang(lang);
      expect(await page.getByTestId("phone-input").inputValue()).toBe(DETAILS.phone);
      await page.getByTestId("back").tap();
      await onScreen("booking");
      await page.getByTestId(`topic-${TOPIC.id}`).waitFor();
      await tapLang(other);
      await expect.poll(() => page.getByTestId(`topic-${TOPIC.id}`).textContent()).toBe(p.topics.find((c) => c.id === TOPIC.id)!.name);
      for (const id of [`reception-date-${FEW.date}`, `topic-${TOPIC.id}`, `social-status-${STATUS.id}`, `privilege-${PRIVILEGE.id}`]) {
        expect(await page.getByTestId(id).getAttribute("aria-checked"), id).toBe("true");
      }
      // The options were asked again in each language.
      const langs = (await ipcCalls("booking_options")).map((c) => c.args.lang);
      expect(langs).toContain(other);
      expect(langs).toContain(lang);
    });

    it('"MƏLUMATLARI GÖNDƏR" shows it is working at once, books once, and opens the sent screen', async () => {
      await fillForm(lang);
      const send = page.getByTestId("send");
      await send.tap();
      // At once: disabled and "Sending…", while Rust books.
      expect(await send.isDisabled()).toBe(true);
      expect((await send.textContent())?.trim()).toBe(t("review-sending"));
      await send.tap({ force: true }).catch(() => {});
      await send.dispatchEvent("click").catch(() => {});
      await onScreen("sent");
      const calls = await ipcCalls("book");
      expect(calls, "one booking, however many taps").toHaveLength(1);
      expect(calls[0].args).toEqual({
        form: {
          official_id: OFFICIAL,
          reception_date: FEW.date,
          topic_id: TOPIC.id,
          social_status_id: STATUS.id,
          privilege_id: PRIVILEGE.id,
          email: DETAILS.email,
          phone: DETAILS.phone,
          workplace: DETAILS.workplace,
          position: DETAILS.position,
          current_address: "",
          address_same_as_id: true,
          note: DETAILS.note,
        },
        generation: 0,
      });
      // The sent screen has the booking Rust made (its parameters, not an address).
      expect(await page.getByTestId("sent-screen").getAttribute("data-booking-id")).toBe("0190f0e4-7c3a-7000-8000-000000000001");
      expect((await text("sent-number"))?.trim()).toBe("10000061");
      // The sent screen replaced the form: Back leads to the welcome screen, not to the form.
      await page.getByTestId("back").tap();
      await page.locator("section.welcome").waitFor();
      expect(await ipcCalls("session_finish")).toEqual([]);
      // And the form is empty again for a next booking, with the same official too.
      await page.getByTestId("start").tap();
      await onScreen("officials");
      await page.getByTestId("official").first().tap();
      await onScreen("booking");
      expect((await ipcCalls("booking_options")).at(-1)!.args.officialId).toBe(OFFICIAL);
      await page.getByTestId(`topic-${TOPIC.id}`).waitFor();
      expect(await page.locator('main [role=radio][aria-checked="true"]').count()).toBe(0);
    });
  });
}

describe("review: when the booking is refused", () => {
  for (const lang of LANGS) {
    const t = (id: string, args?: Record<string, string | number>) => words(lang, id, args);

    it(`offers the other dates when the chosen one's last place went, and keeps the form (${lang})`, async () => {
      await fillForm(lang, "place-gone");
      const before = await page.getByTestId("review-email-value").textContent();
      await page.getByTestId("send").tap();
      const alert = page.getByTestId("book-error");
      await alert.waitFor();
      expect(await alert.getAttribute("role")).toBe("alert");
      expect(await alert.getAttribute("data-code")).toBe("place-gone");
      expect(await alert.locator("p").first().textContent()).toBe(t("booking-place-gone"));
      expect(await page.getByTestId("other-date-list").locator("h2").textContent()).toBe(t("review-other-dates"));
      // Every other date, the gone one excluded; those that cannot be booked shown as such.
      const offered = await alert.getByRole("radio").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
      const expected = options(lang).dates.filter((d) => d.date !== FEW.date);
      expect(offered).toEqual(expected.map((d) => `other-date-${d.date}`));
      expect(await page.getByTestId(`other-date-${BLOCKED.date}`).getAttribute("aria-disabled")).toBe("true");
      expect(await ipcCalls("booking_options").then((c) => c.length)).toBeGreaterThanOrEqual(2);
      await checkSizes("place gone", 12);
      // A tap on one that cannot be booked explains; a bookable one is taken.
      await page.getByTestId(`other-date-${BLOCKED.date}`).tap({ force: true });
      await page.getByTestId("other-date-why").waitFor();
      const next = BOOKABLE.find((d) => d.date !== FEW.date)!;
      await page.getByTestId(`other-date-${next.date}`).tap();
      await alert.waitFor({ state: "detached" });
      const label = options(lang).dates.find((d) => d.date === next.date)!.label;
      expect(await page.getByTestId("review-reception-date-value").textContent()).toContain(label);
      expect(await page.getByTestId("review-email-value").textContent()).toBe(before);
      await page.getByTestId("send").tap();
      await onScreen("sent");
      const books = await ipcCalls("book");
      expect(books).toHaveLength(2);
      expect(books.map((c) => (c.args.form as { reception_date: string }).reception_date)).toEqual([FEW.date, next.date]);
      const { reception_date: _a, ...first } = books[0].args.form as Record<string, unknown>;
      const { reception_date: _b, ...second } = books[1].args.form as Record<string, unknown>;
      expect(second, "nothing else of the form changed").toEqual(first);
    });
  }

  const WORDS: Record<string, [string, Record<string, string | number>?]> = {
    "limit-reached": ["booking-limit-reached", { count: 1, dates: "07.12.2026" }],
    "no-place-here": ["booking-no-place-left"],
    "no-citizen": ["booking-no-citizen"],
    "address-not-confirmed": ["booking-address-not-confirmed"],
    "catalog-unavailable": ["error-catalog-unavailable"],
    "store-failed": ["booking-store-error"],
  };
  for (const [code, [id, args]] of Object.entries(WORDS)) {
    it(`says what Rust says for ${code}, in each language, and keeps the form`, async () => {
      await fillForm("az", `book-fail=${code}`);
      const before = await page.getByTestId("review-screen").textContent();
      await page.getByTestId("send").tap();
      const alert = page.getByTestId("book-error");
      await alert.waitFor();
      expect(await alert.getAttribute("role")).toBe("alert");
      expect(await alert.getAttribute("data-code")).toBe(code);
      for (const lang of ["az", "en", "ru"] as const) {
        if (lang !== "az") await tapLang(lang);
        await expect.poll(() => alert.locator("p").textContent(), { message: lang }).toBe(words(lang, id, args));
      }
      expect(await page.getByTestId("send").isDisabled()).toBe(false);
      expect(await page.getByTestId("choose-another-date").count()).toBe(code === "no-place-here" ? 1 : 0);
      await tapLang("az");
      await expect.poll(() => page.getByTestId("review-screen").textContent()).toContain(before!.slice(0, 200));
      if (code === "no-place-here") {
        await page.getByTestId("choose-another-date").tap();
        await onScreen("booking");
        await page.getByTestId(`reception-date-${FEW.date}`).waitFor();
        expect(await page.getByTestId(`topic-${TOPIC.id}`).getAttribute("aria-checked")).toBe("true");
      }
    });
  }

  it("sends the citizen to the first field Rust refused, with every refusal beside its field", async () => {
    await fillForm("ru", "book-fail=invalid");
    await page.getByTestId("send").tap();
    await onScreen("booking");
    await page.getByTestId("topic-error").waitFor();
    expect(await text("topic-error")).toBe(words("ru", "validation-topic-unknown"));
    await expect.poll(() => focusIn("topic-choices")).toBe(true);
    await page.getByTestId(`topic-${TOPIC.id}`).tap();
    expect(await page.getByTestId("topic-error").count()).toBe(0);
    await page.getByTestId("back").tap();
    await onScreen("review");
    await page.getByTestId("edit-phone").tap();
    await onScreen("details");
    expect(await text("phone-error")).toBe(words("ru", "validation-phone-too-short"));
    await expect.poll(() => focusIn("phone-input")).toBe(true);
  });

  it("a failed call says so plainly and keeps the form", async () => {
    await fillForm("en", "book-fail=ipc");
    await page.getByTestId("send").tap();
    const alert = page.getByTestId("book-error");
    await alert.waitFor();
    expect(await alert.getAttribute("data-code")).toBe("unknown");
    expect(await alert.textContent()).toContain(words("en", "error-unknown"));
    expect(await text("review-email-value")).toContain(DETAILS.email);
    expect((await text("send"))?.trim()).toBe(words("en", "review-send"));
    expect(await screenName()).toBe("review");
  });
});

describe("booking screen: days", () => {
  it("shows a shortened working day as such", async () => {
    await openForm("booking", "ru", "shortened");
    const third = options("ru").dates[2];
    await expect.poll(() => page.getByTestId(`reception-date-${third.date}`).getByTestId("date-shortened").textContent()).toBe(
      words("ru", "form-shortened"),
    );
    expect(await page.getByTestId("date-shortened").count()).toBe(1);
  });

  it("the same official keeps the draft; another official starts with fresh choices, and keeps what was typed", async () => {
    await openForm("booking");
    await page.getByTestId("booking-next").waitFor();
    await chooseAll();
    await page.getByTestId("booking-next").tap();
    await onScreen("details");
    await page.getByTestId("email-input").fill("gohar@box.az");
    await page.getByTestId("back").tap();
    await onScreen("booking");
    await page.getByTestId("back").tap();
    await page.locator("section.welcome").waitFor();
    await page.getByTestId("start").tap();
    await onScreen("officials");
    const officials = page.getByTestId("official");
    await officials.first().tap();
    await onScreen("booking");
    expect((await ipcCalls("booking_options")).at(-1)!.args.officialId).toBe(OFFICIAL);
    await page.getByTestId(`topic-${TOPIC.id}`).waitFor();
    expect(await page.getByTestId(`topic-${TOPIC.id}`).getAttribute("aria-checked")).toBe("true");
    await page.getByTestId("back").tap();
    await onScreen("officials");
    await officials.nth(1).tap();
    await onScreen("booking");
    await page.getByTestId(`topic-${TOPIC.id}`).waitFor();
    const other = (await ipcCalls("booking_options")).at(-1)!.args.officialId;
    expect(other).not.toBe(OFFICIAL);
    expect(await page.locator('main [role=radio][aria-checked="true"]').count()).toBe(0);
    await page.getByTestId("booking-next").tap();
    expect(await text("topic-error")).toBe(words("az", "validation-topic-missing"));
    await chooseAll();
    await page.getByTestId("booking-next").tap();
    await onScreen("details");
    expect(await page.getByTestId("email-input").inputValue()).toBe("gohar@box.az");
  });
});

describe("details screen: the keyboard up", () => {
  it("offers Next beside the keyboard (the one under the last field is behind it), and it checks the form", async () => {
    await openForm("details");
    await page.getByTestId("phone-input").tap();
    await page.getByTestId("keyboard-dock").waitFor();
    const next = page.getByTestId("keyboard-next");
    const box = await next.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(80);
    expect(box!.y + box!.height).toBeLessThanOrEqual(1080);
    const before = (await ipcCalls("check_form")).length;
    await next.tap();
    await expect.poll(async () => (await ipcCalls("check_form")).length).toBe(before + 1);
  });
});
