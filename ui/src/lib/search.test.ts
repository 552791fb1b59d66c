import { describe, expect, it } from "vitest";
import { LooseQuery, looseText, searchOfficials } from "./search";
import officials from "../../test/officials.json";

/** The seed's eight officials (Şəkil 4) in Azerbaijani, and two more spelled as cards spell them. */
const SEED = [
  ...officials.az.officials,
  { id: "x-1", position: "Baş məsləhətçi", full_name: "ƏLİYEV RAMİL ƏLİ OĞLU" },
  { id: "x-2", position: "Sektor müdiri", full_name: "SAHIN ORXAN CINGIZ OGLU" },
];
const names = (query: string) => searchOfficials(SEED, query).map((o) => o.full_name);

describe("looseText", () => {
  it("lower cases with the Turkic rules: İ is i and I is ı (then i)", () => {
    expect(looseText("İSGƏNDƏROV")).toBe("isgəndərov");
    expect(looseText("ILQAR")).toBe("ilqar");
    // Not "i̇" with a combining dot, as a non-Turkic lower case would make it.
    expect([...looseText("İ")]).toEqual(["i"]);
    expect(looseText("i\u0307sgəndərov")).toBe("isgəndərov");
  });

  it("folds the letters people type without their marks, keeps ə, and makes gaps single", () => {
    expect(looseText("ŞAHBAZOV ZAKİR VƏKİL OĞLU")).toBe("sahbazov zakir vəkil oglu");
    expect(looseText("Çöl-Üstü, Ğ")).toBe("col ustu g");
    expect(looseText("  İcra   başçısının — müavini ")).toBe("icra bascisinin muavini");
    expect(looseText("Ёлкин Пётр")).toBe("елкин петр");
  });
});

describe("LooseQuery", () => {
  it("finds ƏLİYEV by eliyev, aliyev, əliyev and ELIYEV", () => {
    for (const q of ["eliyev", "aliyev", "əliyev", "ELIYEV", "Əliyev", "ƏLİYEV"]) {
      expect(new LooseQuery(q).matches("ƏLİYEV RAMİL"), q).toBe(true);
    }
    expect(new LooseQuery("oliyev").matches("ƏLİYEV RAMİL")).toBe(false);
  });

  it("folds both ways: şahin finds SAHIN, sahin finds ŞAHİN", () => {
    expect(new LooseQuery("şahin").matches("SAHIN ORXAN")).toBe(true);
    expect(new LooseQuery("sahin").matches("İSGƏNDƏROV ŞAHİN")).toBe(true);
    expect(new LooseQuery("ŞAHİN").matches("sahın")).toBe(true);
    expect(new LooseQuery("çinarə").matches("CINARE")).toBe(true);
    expect(new LooseQuery("göhər").matches("GOHAR")).toBe(true);
  });

  it("needs every word, in any order, anywhere in the texts", () => {
    const q = new LooseQuery("mahir quliyev");
    expect(q.matches("İcra başçısı", "QULİYEV MAHİR HACI OĞLU")).toBe(true);
    expect(new LooseQuery("başçı mahir").matches("İcra başçısı", "QULİYEV MAHİR HACI OĞLU")).toBe(true);
    expect(new LooseQuery("mahir xanlar").matches("İcra başçısı", "QULİYEV MAHİR HACI OĞLU")).toBe(false);
  });

  it("an empty query, or one of spaces and punctuation, matches everything", () => {
    expect(new LooseQuery("").isEmpty).toBe(true);
    expect(new LooseQuery(" , - ").isEmpty).toBe(true);
    expect(new LooseQuery("a").isEmpty).toBe(false);
  });
});

describe("searchOfficials", () => {
  it("finds by name, however it is typed", () => {
    expect(names("eliyev")).toEqual(["ƏLİYEV RAMİL ƏLİ OĞLU"]);
    expect(names("isgenderov")).toEqual(["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"]);
    expect(names("şahin")).toEqual(["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU", "SAHIN ORXAN CINGIZ OGLU"]);
    expect(names("QƏMBƏROVA")).toEqual(["QƏMBƏROVA XƏYALƏ NAZİM QIZI"]);
  });

  it("finds by position, in the authority's order", () => {
    expect(searchOfficials(SEED, "sobe mudiri").map((o) => o.id)).toEqual([
      "bilesuvar-5",
      "bilesuvar-6",
      "bilesuvar-7",
      "bilesuvar-8",
    ]);
    expect(names("məsləhətçi")).toEqual(["ƏLİYEV RAMİL ƏLİ OĞLU"]);
    expect(searchOfficials(officials.ru.officials, "заместитель").map((o) => o.id)).toEqual([
      "bilesuvar-2",
      "bilesuvar-3",
      "bilesuvar-4",
    ]);
  });

  it("finds nobody for a name that is not there, and everybody for nothing typed", () => {
    expect(names("zzz")).toEqual([]);
    expect(names("")).toHaveLength(SEED.length);
    expect(names("   ")).toHaveLength(SEED.length);
  });
});
