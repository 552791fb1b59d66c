import { describe, expect, it } from "vitest";
import { LANGS, translator } from "../i18n";
import type { Translate } from "../messages";
import { CHAR_MESSAGE, ROLE_MESSAGE, clean, describeItem, linesAsSentences, sentences, spokenName, type ItemInfo } from "./describe";

const t = (lang: "az" | "ru" | "en") => translator(lang) as Translate;
const button = (more: Partial<ItemInfo> = {}): ItemInfo => ({ name: "Qəbula yazılın", role: "button", position: 4, total: 7, ...more });

describe("sentences", () => {
  it("ends each part with a stop unless it has its own, and drops empty ones", () => {
    expect(sentences(["Xoş gəlmisiniz!", "Vəsiqənizi daxil edin", "", null, "Seçin:", "düymə, 1 / 4"])).toBe(
      "Xoş gəlmisiniz! Vəsiqənizi daxil edin. Seçin: düymə, 1 / 4",
    );
  });

  it("reads the lines of a block as sentences, without the pictures", () => {
    expect(linesAsSentences("İcra başçısı\nQULİYEV MAHİR HACI OĞLU\n\nSaat: 10:00-dan")).toBe(
      "İcra başçısı. QULİYEV MAHİR HACI OĞLU. Saat: 10:00-dan",
    );
    expect(clean("← Geri")).toBe("Geri");
    expect(clean("Növbəti →")).toBe("Növbəti");
    expect(clean("✓ Gəlişiniz qeydə alınıb")).toBe("Gəlişiniz qeydə alınıb");
  });
});

describe("describeItem", () => {
  it("says the name, the role and the place among the screen's items", () => {
    expect(describeItem(button(), t("az"))).toBe("Qəbula yazılın, düymə, 4 / 7");
    expect(describeItem(button({ name: "Записаться на приём" }), t("ru"))).toBe("Записаться на приём, кнопка, 4 / 7");
    expect(describeItem(button({ name: "Book an audience" }), t("en"))).toBe("Book an audience, button, 4 / 7");
    expect(describeItem(button({ name: "Book an audience" }), t("en"), false)).toBe("Book an audience, button");
  });

  it("says a choice's state, chosen or not", () => {
    const date: ItemInfo = { name: "Bazar ertəsi. 07.12.2026. 10:00-dan", role: "choice", selected: true, position: 6, total: 30 };
    expect(describeItem(date, t("az"))).toBe("Bazar ertəsi. 07.12.2026. 10:00-dan, seçim variantı, seçilib, 6 / 30");
    expect(describeItem({ ...date, name: "Monday. 07.12.2026", selected: false }, t("en"))).toBe(
      "Monday. 07.12.2026, choice, not selected, 6 / 30",
    );
    expect(describeItem({ ...date, name: "Понедельник", selected: false, unavailable: true }, t("ru"))).toBe(
      "Понедельник, вариант выбора, не выбрано, недоступно, 6 / 30",
    );
  });

  it("says a pressed toggle, a tab, a switch and a check box", () => {
    expect(describeItem(button({ name: "English", selected: true }), t("en"))).toBe("English, button, selected, 4 / 7");
    expect(describeItem(button({ name: "Русский", selected: null }), t("ru"))).toBe("Русский, кнопка, 4 / 7");
    expect(describeItem(button({ name: "Müraciətlərim", role: "tab", selected: true }), t("az"))).toBe(
      "Müraciətlərim, bölmə, seçilib, 4 / 7",
    );
    expect(describeItem(button({ name: "I live at the address on my ID card. Yes", role: "switch", on: true }), t("en"))).toBe(
      "I live at the address on my ID card. Yes, switch, on, 4 / 7",
    );
    expect(describeItem(button({ name: "Согласен", role: "checkbox", checked: false }), t("ru"))).toBe("Согласен, флажок, не отмечено, 4 / 7");
  });

  it("says a text field's value as shown, or that it is empty, and its refusal", () => {
    const field: ItemInfo = { name: "Elektron poçtunuz", role: "field", value: "", position: 9, total: 20 };
    expect(describeItem(field, t("az"))).toBe("Elektron poçtunuz, mətn sahəsi, boş, 9 / 20");
    expect(describeItem({ ...field, name: "Your phone number", value: "+994 50 123 45 67" }, t("en"))).toBe(
      "Your phone number, text field, +994 50 123 45 67, 9 / 20",
    );
    expect(
      describeItem({ ...field, name: "Ваш e-mail", invalid: true, description: "Пожалуйста, укажите адрес электронной почты." }, t("ru")),
    ).toBe("Ваш e-mail, текстовое поле, пусто, есть ошибка, Пожалуйста, укажите адрес электронной почты. 9 / 20");
  });

  it("says a disabled button is unavailable", () => {
    expect(describeItem(button({ name: "Clear", unavailable: true }), t("en"))).toBe("Clear, button, unavailable, 4 / 7");
    expect(describeItem(button({ name: "Təmizlə", unavailable: true }), t("az"))).toBe("Təmizlə, düymə, aktiv deyil, 4 / 7");
  });

  it("names the on-screen keyboard's punctuation keys", () => {
    expect(describeItem({ name: "@", role: "key", position: 31, total: 60 }, t("en"))).toBe("at sign, key, 31 / 60");
    expect(describeItem({ name: "-", role: "key", position: 11, total: 60 }, t("az"))).toBe("defis, klaviş, 11 / 60");
    expect(describeItem({ name: ".", role: "key", position: 40, total: 60 }, t("ru"))).toBe("точка, клавиша, 40 / 60");
    expect(spokenName("q", t("en"))).toBe("q");
  });

  it("every role, state and character has its words in every language", () => {
    const ids = [
      ...Object.values(ROLE_MESSAGE),
      ...Object.values(CHAR_MESSAGE),
      "speech-state-selected",
      "speech-state-not-selected",
      "speech-state-checked",
      "speech-state-not-checked",
      "speech-state-on",
      "speech-state-off",
      "speech-state-unavailable",
      "speech-state-empty",
      "speech-state-invalid",
      "speech-help",
      "speech-unavailable",
      "speech-no-back",
      "speech-more-time",
    ] as const;
    for (const lang of LANGS) for (const id of ids) expect(translator(lang)(id), `${lang}: ${id}`).not.toBe(id);
  });

  it("counts the countdown's seconds in each language's grammar", () => {
    expect(translator("ru")("speech-countdown", { seconds: 1 })).toBe("Сеанс завершится через 1 секунду.");
    expect(translator("ru")("speech-countdown", { seconds: 3 })).toBe("Сеанс завершится через 3 секунды.");
    expect(translator("ru")("speech-countdown", { seconds: 10 })).toBe("Сеанс завершится через 10 секунд.");
    expect(translator("en")("speech-countdown", { seconds: 1 })).toBe("Your session ends in 1 second.");
    expect(translator("az")("speech-countdown", { seconds: 5 })).toBe("Sessiyanız 5 saniyədən sonra bitəcək.");
  });
});

describe("labels", () => {
  it("a label's line is joined to its value's with a colon", () => {
    expect(linesAsSentences("Statusu\nQəbula yazılıb\nQəbul yeri\n1-ci mərtəbə", new Set(["Statusu", "Qəbul yeri"]))).toBe(
      "Statusu: Qəbula yazılıb. Qəbul yeri: 1-ci mərtəbə",
    );
  });
});
