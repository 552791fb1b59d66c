// Every message id of the translation files, as a type, and the messages of the enums Rust sends.
// `messages.test.ts` fails when MESSAGE_IDS and the .ftl files differ; the maps below are typed
// `Record<Enum, MessageId>`, so an enum member Rust adds without a message here fails
// `npm run check`, and so does a message id that no .ftl file has.
import { translator } from "./i18n";
import type {
  CardNoticeView as CardNotice,
  DocumentKindView as DocumentKind,
  EndReasonView as EndReason,
  ErrorCode,
  PrinterState,
  SyncProblem,
  UiLang,
} from "./ipc";

export const MESSAGE_IDS = [
  "app-title",
  "welcome-title",
  "welcome-subtitle",
  "welcome-start",
  "welcome-hint",
  "lang-switch",
  "officials-title",
  "officials-days",
  "officials-hours",
  "officials-loading",
  "back",
  "retry",
  "error-catalog-unavailable",
  "error-catalog-invalid",
  "error-print-queue",
  "error-session",
  "error-unknown",
  "sync-online",
  "sync-never",
  "sync-offline",
  "sync-pending",
  "sync-refused",
  "sync-revoked",
  "printer-ready",
  "printer-paper-near-end",
  "printer-paper-out",
  "printer-cover-open",
  "printer-offline",
  "printer-error",
  "printer-waiting",
  "printer-failed",
  "printer-retry",
  "card-prompt",
  "card-unreadable",
  "card-document-expired",
  "card-reader-lost",
  "card-present",
  "session-greeting",
  "session-finish",
  "session-countdown",
  "session-more-time",
  "session-from-card",
  "address-title",
  "address-confirm",
  "demo-title",
  "demo-remove",
  "demo-card",
  "validation-official-missing",
  "validation-date-missing",
  "validation-topic-missing",
  "validation-social-status-missing",
  "validation-privilege-missing",
  "validation-email-missing",
  "validation-phone-missing",
  "validation-workplace-missing",
  "validation-position-missing",
  "validation-address-missing",
  "validation-note-missing",
  "validation-comment-missing",
  "validation-official-unknown",
  "validation-topic-unknown",
  "validation-social-status-unknown",
  "validation-privilege-unknown",
  "validation-choice-unknown",
  "validation-date-invalid",
  "validation-date-not-offered",
  "validation-workplace-too-long",
  "validation-position-too-long",
  "validation-address-too-long",
  "validation-note-too-long",
  "validation-comment-too-long",
  "validation-text-too-long",
  "validation-email-invalid",
  "validation-email-non-ascii-domain",
  "validation-phone-invalid-character",
  "validation-phone-not-e164",
  "validation-phone-too-short",
  "validation-phone-too-long",
  "validation-phone-unknown-code",
  "validation-phone-foreign-invalid",
  "booking-limit-reached",
  "booking-no-lease",
  "booking-no-place-left",
  "booking-no-numbers-left",
  "booking-store-error",
  "search-not-a-date",
  "search-no-such-month",
  "search-no-such-day",
  "search-year-out-of-range",
  "search-unknown-status",
  "status-active",
  "status-closed",
  "rule-phrase-empty",
  "rule-phrase-no-days",
  "rule-phrase-unknown-day",
  "rule-phrase-repeated-day",
  "rule-phrase-no-hours",
  "rule-phrase-unknown-hours",
  "rule-phrase-bad-time",
  "rule-phrase-ends-before-start",
  "rule-phrase-unexpected",
  "notice-service",
  "notice-number",
  "notice-application-number",
  "notice-official",
  "notice-reception",
  "notice-citizen",
  "notice-document-type",
  "notice-document-number",
  "notice-created",
  "notice-printed",
  "notice-date-of-birth",
  "notice-social-status",
  "notice-privilege",
  "notice-topic",
  "notice-registered-address",
  "notice-home-address",
  "notice-workplace",
  "notice-contact",
  "notice-citizen-note",
  "notice-timeline",
  "notice-details",
  "notice-reprint",
  "notice-test",
  "notice-seal",
  "start-over",
  "error-address-empty",
  "error-address-too-long",
  "ended-card-removed",
  "ended-finished",
  "ended-idle",
  "ended-new-card",
  "document-id-card",
  "document-passport",
  "sync-unauthorized",
  "booking-no-citizen",
  "booking-address-not-confirmed",
  "booking-form-invalid",
  "weekday-mon",
  "weekday-tue",
  "weekday-wed",
  "weekday-thu",
  "weekday-fri",
  "weekday-sat",
  "weekday-sun",
  "keyboard-name",
  "keyboard-layouts",
  "keyboard-layout-az",
  "keyboard-layout-ru",
  "keyboard-layout-en",
  "keyboard-backspace",
  "keyboard-shift",
  "keyboard-space",
  "keyboard-left",
  "keyboard-right",
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];

/** Fluent arguments of a message. */
export type MessageArgs = Record<string, string | number>;

/** Translates a message id known to exist in every language. */
export type Translate = (id: MessageId, args?: MessageArgs) => string;

/** The translator of `lang`, typed: only ids of the translation files are accepted. */
export function translate(lang: UiLang): Translate {
  return translator(lang);
}

export const PRINTER_STATE_MESSAGE: Record<PrinterState, MessageId> = {
  ready: "printer-ready",
  "paper-near-end": "printer-paper-near-end",
  "paper-out": "printer-paper-out",
  "cover-open": "printer-cover-open",
  offline: "printer-offline",
  error: "printer-error",
};

export const CARD_NOTICE_MESSAGE: Record<CardNotice, MessageId> = {
  "card-unreadable": "card-unreadable",
  "document-expired": "card-document-expired",
  "reader-lost": "card-reader-lost",
  "card-present": "card-present",
};

export const END_REASON_MESSAGE: Record<EndReason, MessageId> = {
  "card-removed": "ended-card-removed",
  finished: "ended-finished",
  idle: "ended-idle",
  "new-card": "ended-new-card",
};

export const DOCUMENT_KIND_MESSAGE: Record<DocumentKind, MessageId> = {
  "id-card": "document-id-card",
  passport: "document-passport",
};

export const SYNC_PROBLEM_MESSAGE: Record<SyncProblem, MessageId> = {
  revoked: "sync-revoked",
  unauthorized: "sync-unauthorized",
};

export const ERROR_MESSAGE: Record<ErrorCode | "unknown", MessageId> = {
  "catalog-unavailable": "error-catalog-unavailable",
  "catalog-invalid": "error-catalog-invalid",
  "print-queue": "error-print-queue",
  session: "error-session",
  "address-empty": "error-address-empty",
  "address-too-long": "error-address-too-long",
  unknown: "error-unknown",
};

/** The message of an error code; a code this UI does not know yet reads as an unexpected error. */
export function errorMessage(code: ErrorCode | "unknown"): MessageId {
  return ERROR_MESSAGE[code] ?? "error-unknown";
}
