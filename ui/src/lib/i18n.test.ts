import { describe, expect, it } from "vitest";
import { LANGS, messageIds, translator, isLang } from "./i18n";
import bindings from "./bindings.ts?raw";

describe("translations", () => {
  it("every language has exactly the messages Azerbaijani has", () => {
    const az = messageIds("az").sort();
    expect(az.length).toBeGreaterThan(10);
    for (const lang of LANGS) expect(messageIds(lang).sort(), lang).toEqual(az);
  });

  it("greets in each language", () => {
    expect(translator("az")("welcome-title")).toBe("Xoş gəlmisiniz!");
    expect(translator("ru")("welcome-title")).toBe("Добро пожаловать!");
    expect(translator("en")("welcome-title")).toBe("Welcome!");
  });

  it("has a message in every language for every error code the Rust side can send", () => {
    const union = bindings.match(/export type ErrorCode\s*=([^;]*)/);
    expect(union, "ErrorCode in bindings.ts").not.toBeNull();
    const codes = [...(union?.[1] ?? "").matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
    expect(codes).toContain("catalog-unavailable");
    for (const lang of LANGS) {
      for (const code of codes) expect(messageIds(lang), `${lang}: error-${code}`).toContain(`error-${code}`);
    }
  });

  it("keeps Azerbaijani letters intact", () => {
    expect(translator("az")("officials-title")).toContain("səlahiyyətli şəxslərin");
  });

  it("falls back to the message id, never to an empty string", () => {
    expect(translator("en")("no-such-message")).toBe("no-such-message");
  });

  it("recognises only the three languages", () => {
    expect(LANGS.every(isLang)).toBe(true);
    expect(isLang("tr")).toBe(false);
  });
});
