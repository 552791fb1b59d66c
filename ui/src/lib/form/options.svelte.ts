// The booking form's options for one official (`commands.bookingOptions`), in the session's
// language: asked again when the language, the catalog or the connection changes (whether a
// date can be booked depends on it), or when a screen asks (`reload`).
import { commands, type BookingOptions, type ErrorCode } from "../ipc";
import type { KioskContext } from "../kiosk.svelte";

export class OptionsLoader {
  options: BookingOptions | null = $state.raw(null);
  error: ErrorCode | "unknown" | null = $state(null);
  #attempt = $state(0);

  /** Call during a component's initialisation: the loading follows the component's life. */
  constructor(kiosk: KioskContext, officialId: () => string) {
    // Only a change of the connection, not every report of the sync status.
    const online = $derived(kiosk.sync?.online ?? null);
    $effect(() => {
      const lang = kiosk.lang;
      const id = officialId();
      void kiosk.catalog.version;
      void online;
      void this.#attempt;
      let stale = false;
      commands
        .bookingOptions(id, lang)
        .then((r) => {
          if (stale) return; // a newer question was asked meanwhile
          if (r.status === "ok") {
            this.options = r.data;
            this.error = null;
          } else this.error = r.error.code;
        })
        .catch(() => {
          if (!stale) this.error = "unknown";
        });
      return () => {
        stale = true;
      };
    });
  }

  /** Asks Rust again (a retry, or after a place went). */
  reload(): void {
    this.#attempt++;
  }
}
