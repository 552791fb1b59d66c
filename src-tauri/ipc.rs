//! The IPC surface: every command and event the UI may use. `ui/src/lib/bindings.ts` is
//! generated from this list (`cargo xtask bindings`); a test fails when it is stale.

use tauri::Runtime;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::{commands, events};

pub fn specta_builder<R: Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::kiosk::kiosk_info,
            commands::officials::list_officials,
            commands::kiosk::sync_status,
            commands::printing::print_queue,
            commands::printing::retry_print,
            commands::session::session_status,
            commands::session::session_touch,
            commands::session::session_finish,
            commands::session::session_language,
            commands::session::confirm_address,
            commands::session::submit_mrz,
            commands::session::demo_cards,
            commands::session::demo_insert_card,
            commands::session::demo_remove_card,
            commands::session::demo_server,
            commands::session::demo_paper,
            commands::session::demo_server_booking,
            commands::session::demo_take_free_places,
            commands::session::demo_book_today,
            commands::booking::booking_options,
            commands::booking::book,
            commands::booking::check_form,
            commands::booking::notice_status,
            commands::applications::history,
            commands::applications::application,
            commands::applications::comment_application,
            commands::applications::cancel_application,
            commands::applications::print_application,
            commands::applications::check_in_card,
            commands::applications::check_in_barcode,
            commands::access::access_set,
            commands::access::speak,
            commands::access::speak_warning,
            commands::access::speech_control,
            commands::staff::staff_status,
            commands::staff::staff_open,
            commands::staff::staff_close,
            commands::staff::staff_touch,
            commands::staff::staff_change_pin,
            commands::staff::staff_find_notices,
            commands::staff::staff_reprint,
            commands::staff::staff_verify_seal,
            commands::staff::staff_day_list,
            commands::staff::staff_unsent,
            commands::staff::staff_sync_now,
            commands::staff::staff_resolve_refused,
            commands::staff::staff_printer,
            commands::staff::staff_retry,
            commands::staff::staff_test_page,
            commands::staff::staff_notice_preview,
            commands::staff::staff_kiosk,
        ])
        .events(collect_events![
            events::CatalogSynced,
            events::SyncStatusChanged,
            events::PrintQueueChanged,
            events::SessionChanged,
            events::StaffChanged
        ])
}
