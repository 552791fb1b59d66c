//! The one typed list of the messages the Rust side formats, each with the variables its callers
//! pass. `tests/messages.rs` checks every entry against the three Fluent files: the message exists
//! in az, ru and en, and uses no variable that is not listed here.

/// A message the Rust side formats: its id in the Fluent files and the variables it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg {
    pub id: &'static str,
    pub variables: &'static [&'static str],
}

macro_rules! messages {
    ($($(#[$meta:meta])* $name:ident = $id:literal $([$($var:ident),*])?;)*) => {
        $(
            $(#[$meta])*
            pub const $name: Msg = Msg { id: $id, variables: &[$($(stringify!($var)),*)?] };
        )*
        /// Every message of this list.
        pub const ALL: &[Msg] = &[$($name),*];
    };
}

messages! {
    // The booking form (qebul-core's `FieldError` codes).
    VALIDATION_OFFICIAL_MISSING = "validation-official-missing";
    VALIDATION_DATE_MISSING = "validation-date-missing";
    VALIDATION_TOPIC_MISSING = "validation-topic-missing";
    VALIDATION_SOCIAL_STATUS_MISSING = "validation-social-status-missing";
    VALIDATION_PRIVILEGE_MISSING = "validation-privilege-missing";
    VALIDATION_EMAIL_MISSING = "validation-email-missing";
    VALIDATION_PHONE_MISSING = "validation-phone-missing";
    VALIDATION_WORKPLACE_MISSING = "validation-workplace-missing";
    VALIDATION_POSITION_MISSING = "validation-position-missing";
    VALIDATION_ADDRESS_MISSING = "validation-address-missing";
    VALIDATION_NOTE_MISSING = "validation-note-missing";
    VALIDATION_COMMENT_MISSING = "validation-comment-missing";
    VALIDATION_OFFICIAL_UNKNOWN = "validation-official-unknown";
    VALIDATION_TOPIC_UNKNOWN = "validation-topic-unknown";
    VALIDATION_SOCIAL_STATUS_UNKNOWN = "validation-social-status-unknown";
    VALIDATION_PRIVILEGE_UNKNOWN = "validation-privilege-unknown";
    /// Any other list's choice that is not in the catalog.
    VALIDATION_CHOICE_UNKNOWN = "validation-choice-unknown";
    VALIDATION_DATE_INVALID = "validation-date-invalid";
    VALIDATION_DATE_NOT_OFFERED = "validation-date-not-offered";
    VALIDATION_WORKPLACE_TOO_LONG = "validation-workplace-too-long" [max, found];
    VALIDATION_POSITION_TOO_LONG = "validation-position-too-long" [max, found];
    VALIDATION_ADDRESS_TOO_LONG = "validation-address-too-long" [max, found];
    VALIDATION_NOTE_TOO_LONG = "validation-note-too-long" [max, found];
    VALIDATION_COMMENT_TOO_LONG = "validation-comment-too-long" [max, found];
    /// Any other text field that is too long.
    VALIDATION_TEXT_TOO_LONG = "validation-text-too-long" [max, found];
    VALIDATION_EMAIL_INVALID = "validation-email-invalid";
    /// `email-invalid` because the domain is not ASCII: the message says why.
    VALIDATION_EMAIL_NON_ASCII_DOMAIN = "validation-email-non-ascii-domain";
    VALIDATION_PHONE_INVALID_CHARACTER = "validation-phone-invalid-character";
    VALIDATION_PHONE_NOT_E164 = "validation-phone-not-e164";
    VALIDATION_PHONE_TOO_SHORT = "validation-phone-too-short";
    VALIDATION_PHONE_TOO_LONG = "validation-phone-too-long";
    /// `code`: the digits after the trunk 0 (`31` for `031`).
    VALIDATION_PHONE_UNKNOWN_CODE = "validation-phone-unknown-code" [code];
    VALIDATION_PHONE_FOREIGN_INVALID = "validation-phone-foreign-invalid";

    // Booking refusals: qebul-core's policy and qebul-store's `BookError` codes.
    /// `count`: the active bookings with this official (a number: 0, 1 and more are worded
    /// apart); `dates`: their reception dates, `dd.mm.yyyy, …`.
    BOOKING_LIMIT_REACHED = "booking-limit-reached" [count, dates];
    BOOKING_NO_LEASE = "booking-no-lease";
    BOOKING_NO_PLACE_LEFT = "booking-no-place-left";
    BOOKING_NO_NUMBERS_LEFT = "booking-no-numbers-left";
    BOOKING_STORE_ERROR = "booking-store-error";
    BOOKING_NO_CITIZEN = "booking-no-citizen";
    BOOKING_ADDRESS_NOT_CONFIRMED = "booking-address-not-confirmed";
    BOOKING_FORM_INVALID = "booking-form-invalid";
    BOOKING_PLACE_GONE = "booking-place-gone";
    BOOKING_SERVER_POLICY = "booking-server-policy";
    BOOKING_SERVER_REFUSED = "booking-server-refused";
    WEEKDAY_MON = "weekday-mon";
    WEEKDAY_TUE = "weekday-tue";
    WEEKDAY_WED = "weekday-wed";
    WEEKDAY_THU = "weekday-thu";
    WEEKDAY_FRI = "weekday-fri";
    WEEKDAY_SAT = "weekday-sat";
    WEEKDAY_SUN = "weekday-sun";

    // The history search (qebul-core's `SearchError` and `StatusFilter` codes). `input`: what
    // was typed, quoted.
    SEARCH_NOT_A_DATE = "search-not-a-date" [input];
    /// `month`: the month number that does not exist (13).
    SEARCH_NO_SUCH_MONTH = "search-no-such-month" [input, month];
    /// `days`: how many days that month has (a number: Russian words it by plural form).
    SEARCH_NO_SUCH_DAY = "search-no-such-day" [input, days];
    SEARCH_YEAR_OUT_OF_RANGE = "search-year-out-of-range" [input];
    SEARCH_UNKNOWN_STATUS = "search-unknown-status" [input];
    STATUS_ACTIVE = "status-active";
    STATUS_CLOSED = "status-closed";
    STATUS_CANCELLED = "status-cancelled";

    // The citizen's applications: history, details, comment, cancel, check-in (crates/app's
    // `CitizenError`).
    CITIZEN_CARD_NEEDED = "citizen-card-needed";
    CITIZEN_NOT_FOUND = "citizen-not-found";
    CITIZEN_MISMATCH = "citizen-mismatch";
    CITIZEN_NOT_CANCELLABLE = "citizen-not-cancellable";
    CITIZEN_ALREADY_PRINTING = "citizen-already-printing";
    CITIZEN_PRINT_ELSEWHERE = "citizen-print-elsewhere";
    CITIZEN_FAILED = "citizen-failed";
    CHECKIN_BARCODE_UNREADABLE = "checkin-barcode-unreadable";

    // Reception-rule phrases that could not be read (qebul-core's `RulePhraseError` codes), for
    // the operator importing a catalog. `phrase`: the whole rule; `word`: a day as written;
    // `text`: the part not understood; `start`, `end`: times, `HH:MM`.
    RULE_PHRASE_EMPTY = "rule-phrase-empty";
    RULE_PHRASE_NO_DAYS = "rule-phrase-no-days" [phrase];
    RULE_PHRASE_UNKNOWN_DAY = "rule-phrase-unknown-day" [word, phrase];
    RULE_PHRASE_REPEATED_DAY = "rule-phrase-repeated-day" [word, phrase];
    RULE_PHRASE_NO_HOURS = "rule-phrase-no-hours" [phrase];
    RULE_PHRASE_UNKNOWN_HOURS = "rule-phrase-unknown-hours" [text, phrase];
    RULE_PHRASE_BAD_TIME = "rule-phrase-bad-time" [text, phrase];
    RULE_PHRASE_ENDS_BEFORE_START = "rule-phrase-ends-before-start" [start, end, phrase];
    RULE_PHRASE_UNEXPECTED = "rule-phrase-unexpected" [text, phrase];

    // The printed notice's labels (qebul-notice).
    NOTICE_SERVICE = "notice-service";
    NOTICE_NUMBER = "notice-number";
    NOTICE_APPLICATION_NUMBER = "notice-application-number";
    NOTICE_OFFICIAL = "notice-official";
    NOTICE_RECEPTION = "notice-reception";
    NOTICE_CITIZEN = "notice-citizen";
    NOTICE_DOCUMENT_TYPE = "notice-document-type";
    NOTICE_DOCUMENT_NUMBER = "notice-document-number";
    NOTICE_CREATED = "notice-created";
    NOTICE_PRINTED = "notice-printed";
    NOTICE_DATE_OF_BIRTH = "notice-date-of-birth";
    NOTICE_SOCIAL_STATUS = "notice-social-status";
    NOTICE_PRIVILEGE = "notice-privilege";
    NOTICE_TOPIC = "notice-topic";
    NOTICE_REGISTERED_ADDRESS = "notice-registered-address";
    NOTICE_HOME_ADDRESS = "notice-home-address";
    NOTICE_WORKPLACE = "notice-workplace";
    NOTICE_CONTACT = "notice-contact";
    NOTICE_CITIZEN_NOTE = "notice-citizen-note";
    NOTICE_TIMELINE = "notice-timeline";
    NOTICE_DETAILS = "notice-details";
    NOTICE_REPRINT = "notice-reprint";
    NOTICE_TEST = "notice-test";
    NOTICE_SEAL = "notice-seal";
}
