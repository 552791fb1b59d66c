import { describe, expect, it } from "vitest";
import { LANGS, messageIds, translator } from "./i18n";
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
