import { describe, expect, it } from "vitest";
import { LANGS, SOURCES, messageIds, translator } from "./i18n";
import {
  CARD_NOTICE_MESSAGE,
  DOCUMENT_KIND_MESSAGE,
  END_REASON_MESSAGE,
  ERROR_MESSAGE,
  MESSAGE_IDS,
  PRINTER_STATE_MESSAGE,
  SYNC_PROBLEM_MESSAGE,
  errorMessage,
} from "./messages";

describe("message ids", () => {
  it("MessageId lists exactly the messages of every translation file", () => {
    const listed = [...MESSAGE_IDS].sort();
    expect(new Set(listed).size, "no id listed twice").toBe(listed.length);
    for (const lang of LANGS) expect(listed, `${lang}.ftl`).toEqual(messageIds(lang).sort());
  });

  it("every message an enum maps to reads as a sentence, not as its id, in every language", () => {
    const maps = [
      PRINTER_STATE_MESSAGE,
      CARD_NOTICE_MESSAGE,
      END_REASON_MESSAGE,
      DOCUMENT_KIND_MESSAGE,
      SYNC_PROBLEM_MESSAGE,
      ERROR_MESSAGE,
    ];
    for (const map of maps) {
      for (const id of Object.values(map)) {
        for (const lang of LANGS) expect(translator(lang)(id), `${lang}: ${id}`).not.toBe(id);
      }
    }
  });

  it("translates the enums' messages", () => {
    expect(translator("az")(CARD_NOTICE_MESSAGE["card-present"])).toContain("Vəsiqə görünür");
    expect(translator("en")(DOCUMENT_KIND_MESSAGE.passport)).toBe("Passport");
    expect(translator("ru")(END_REASON_MESSAGE.idle)).toContain("Сеанс завершён");
  });

  it("an error code the UI does not know reads as an unexpected error", () => {
    expect(errorMessage("address-too-long")).toBe("error-address-too-long");
    expect(errorMessage("no-such-code" as "unknown")).toBe("error-unknown");
  });
});

describe("the UI's calls pass what each message uses", () => {
  // Every `t("id", { … })` written in the UI's sources, with the names of the arguments it passes.
  const sources = import.meta.glob(["../**/*.svelte", "../**/*.ts", "!../**/*.test.ts"], {
    query: "?raw",
    import: "default",
    eager: true,
  }) as Record<string, string>;
  const calls: { file: string; id: string; args: string[] }[] = [];
  for (const [file, text] of Object.entries(sources)) {
    for (const m of text.matchAll(/\bt\("([a-z0-9-]+)"(?:,\s*\{([^}]*)\})?\)/g)) {
      const args = (m[2] ?? "")
        .split(",")
        .map((a) => a.split(":")[0].trim())
        .filter((a) => a.length > 0);
      calls.push({ file, id: m[1], args: args.sort() });
    }
  }

  /** The variables (`{ $name }`, also in selectors) a message uses in `lang`. */
  function variables(lang: (typeof LANGS)[number], id: string): string[] {
    const source = SOURCES[lang];
    const start = source.search(new RegExp(`^${id} =`, "m"));
    if (start < 0) return [];
    // A message runs until the next line that starts a new message or a comment.
    const rest = source.slice(start);
    const end = rest.search(/\n[a-z#]/);
    const body = end < 0 ? rest : rest.slice(0, end);
    return [...new Set([...body.matchAll(/\$([a-z_]+)/g)].map((m) => m[1]))].sort();
  }

  it("finds the calls", () => {
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.some((c) => c.id === "session-greeting" && c.args.includes("name"))).toBe(true);
  });

  it("every call passes exactly the variables its message uses, in every language", () => {
    for (const { file, id, args } of calls) {
      for (const lang of LANGS) expect(args, `${file}: ${id} in ${lang}.ftl`).toEqual(variables(lang, id));
    }
  });
});
