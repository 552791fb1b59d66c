import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import type { Translate } from "../messages";
import { noticeSpeech } from "./notice";

const t = (lang: "az" | "ru" | "en") => translator(lang) as Translate;
const FACTS = {
  number: "10000061",
  official: "İcra başçısı, QULİYEV MAHİR HACI OĞLU",
  date: "07.12.2026",
  hours: "10:00-dan",
  room: "1-ci mərtəbə, 101-ci otaq",
};

describe("noticeSpeech", () => {
  it("says the number, the official, the day and hours, and where to go", () => {
    expect(noticeSpeech(FACTS, t("az"))).toBe(
      "Müraciətin nömrəsi: 10000061. Qəbul edəcək vəzifəli şəxs: İcra başçısı, QULİYEV MAHİR HACI OĞLU. " +
        "Qəbul vaxtı: 07.12.2026, 10:00-dan. Qəbul yeri: 1-ci mərtəbə, 101-ci otaq.",
    );
    expect(noticeSpeech({ ...FACTS, official: "Head of the executive authority, QULİYEV MAHİR HACI OĞLU", hours: "from 10:00", room: "Floor 1, room 101" }, t("en"))).toBe(
      "Application number: 10000061. Receiving official: Head of the executive authority, QULİYEV MAHİR HACI OĞLU. " +
        "Reception: 07.12.2026, from 10:00. Where to go: Floor 1, room 101.",
    );
  });

  it("leaves out what is not known", () => {
    expect(noticeSpeech({ ...FACTS, hours: null, room: null }, t("ru"))).toBe(
      "Номер обращения: 10000061. Принимающее должностное лицо: İcra başçısı, QULİYEV MAHİR HACI OĞLU. Время приёма: 07.12.2026.",
    );
  });
});
