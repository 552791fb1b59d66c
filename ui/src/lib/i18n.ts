// Translations: Fluent files per language; messages shown to citizens come only from here.
// The files live in crates/l10n/locales/, shared with the Rust side (qebul-l10n), which turns
// its codes into words from the same files.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import az from "../../../crates/l10n/locales/az.ftl?raw";
import ru from "../../../crates/l10n/locales/ru.ftl?raw";
import en from "../../../crates/l10n/locales/en.ftl?raw";
import type { UiLang } from "./bindings";

export const LANGS: readonly UiLang[] = ["az", "ru", "en"];
export const DEFAULT_LANG: UiLang = "az";

/** The name of each language in itself, for the switch. */
export const LANG_NAMES: Record<UiLang, string> = { az: "Azərbaycanca", ru: "Русский", en: "English" };

export const SOURCES: Record<UiLang, string> = { az, ru, en };

function bundle(lang: UiLang): FluentBundle {
  const b = new FluentBundle(lang, { useIsolating: false });
  const errors = b.addResource(new FluentResource(SOURCES[lang]));
  if (errors.length > 0) throw new Error(`${lang}.ftl: ${errors.map(String).join("; ")}`);
  return b;
}

const BUNDLES: Record<UiLang, FluentBundle> = { az: bundle("az"), ru: bundle("ru"), en: bundle("en") };

export type Translate = (id: string, args?: Record<string, string | number>) => string;

/** A translator for `lang`; a missing message falls back to Azerbaijani, then to its id. */
export function translator(lang: UiLang): Translate {
  return (id, args) => {
    for (const b of [BUNDLES[lang], BUNDLES[DEFAULT_LANG]]) {
      const msg = b.getMessage(id);
      if (msg?.value) return b.formatPattern(msg.value, args);
    }
    return id;
  };
}

/** Every message id of a language's file. */
export function messageIds(lang: UiLang): string[] {
  return [...SOURCES[lang].matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]);
}

export function isLang(s: string): s is UiLang {
  return (LANGS as readonly string[]).includes(s);
}
