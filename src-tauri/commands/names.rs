// The app's commands, by name: build.rs turns each into an `allow-<name>` permission, and
// `tests/lockdown.rs` checks that this list, the generated bindings and the capability agree.
// Included as text by build.rs, so it holds nothing but the list.
pub const COMMANDS: &[&str] = &[
    "kiosk_info",
    "list_officials",
    "sync_status",
    "print_queue",
    "retry_print",
    "session_status",
    "session_touch",
    "session_finish",
    "session_language",
    "confirm_address",
    "submit_mrz",
    "demo_cards",
    "demo_insert_card",
    "demo_remove_card",
    "demo_server",
    "demo_paper",
    "demo_server_booking",
    "demo_take_free_places",
    "booking_options",
    "book",
    "check_form",
    "notice_status",
];
