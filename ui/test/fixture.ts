// The seed's eight officials (Şəkil 4) as the Rust side renders them; the browser tests' mock data.
import type { OfficialRow, UiLang } from "../src/lib/bindings";

const SEED: Array<[string, string, number[], boolean]> = [
  ["İcra başçısı", "QULİYEV MAHİR HACI OĞLU", [1], true],
  ["İcra başçısının birinci müavini", "MƏMMƏDOV XANLAR BAYRAM OĞLU", [2], true],
  ["İcra başçısının müavini", "HƏSƏNOV ELSEVƏR CƏMİL OĞLU", [3], true],
  ["İcra başçısının müavini", "QƏMBƏROVA XƏYALƏ NAZİM QIZI", [4], true],
  ["Şöbə müdiri", "ŞAHBAZOV ZAKİR VƏKİL OĞLU", [3, 5], false],
  ["Şöbə müdiri", "ƏZİMOV YAŞAR ŞAHAB OĞLU", [3, 5], false],
  ["Şöbə müdiri", "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU", [1, 2, 3, 4, 5], false],
  ["Şöbə müdiri", "ASTANOV ELŞƏN ƏVƏZ OĞLU", [1, 2, 3, 4, 5], false],
];

const AZ_DAYS = ["birinci", "ikinci", "üçüncü", "dördüncü", "beşinci"];
const EN_DAYS = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays"];

export function fixtureOfficials(lang: UiLang): OfficialRow[] {
  return SEED.map(([position, full_name, days, fromTen], i) => ({
    id: `bilesuvar-${i + 1}`,
    position: lang === "az" ? position : `${position} (${lang})`,
    full_name,
    reception_days:
      days.length === 5
        ? { az: "həftənin bütün iş günləri", ru: "все рабочие дни недели", en: "every working day" }[lang]
        : lang === "en"
          ? days.map((d) => EN_DAYS[d - 1]).join(" and ")
          : `${days.map((d) => AZ_DAYS[d - 1]).join(", ")} günlər`,
    reception_hours: fromTen
      ? { az: "10:00-dan", ru: "с 10:00", en: "from 10:00" }[lang]
      : { az: "bütün iş saatı", ru: "весь рабочий день", en: "all working hours" }[lang],
  }));
}
