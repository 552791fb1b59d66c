// Each screen's component and title, by name. Both are typed over every screen name: a screen
// added to SCREEN_PARAMS without its component or title here fails `npm run check`.
import type { Component } from "svelte";
import type { Screen, ScreenName, ScreenOf } from "../lib/screens.svelte";
import type { MessageId } from "../lib/messages";
import Welcome from "./Welcome.svelte";
import Officials from "./Officials.svelte";
import Booking from "./Booking.svelte";
import Details from "./Details.svelte";
import Review from "./Review.svelte";
import Sent from "./Sent.svelte";
import History from "./History.svelte";
import Application from "./Application.svelte";
import CheckIn from "./CheckIn.svelte";

/**
 * A screen's component gets its screen (name and parameters) as the `screen` prop:
 * `let { screen }: { screen: ScreenOf<"booking"> } = $props();`. A screen without parameters
 * may take no props.
 */
export type ScreenComponent<N extends ScreenName> =
  | Component<{ screen: ScreenOf<N> }>
  | Component<Record<string, never>>;

export const SCREEN_COMPONENTS: { [N in ScreenName]: ScreenComponent<N> } = {
  welcome: Welcome,
  officials: Officials,
  booking: Booking,
  details: Details,
  review: Review,
  sent: Sent,
  history: History,
  application: Application,
  checkin: CheckIn,
};

/** The component that shows `screen`. */
export function componentOf(screen: Screen): Component<{ screen: Screen }> {
  return SCREEN_COMPONENTS[screen.name] as Component<{ screen: Screen }>;
}

/**
 * The title shown between Back and Start over, on every screen but the welcome screen (which
 * greets instead).
 */
export const SCREEN_TITLES: { [N in Exclude<ScreenName, "welcome">]: MessageId } = {
  officials: "officials-title",
  booking: "booking-title",
  details: "details-title",
  review: "review-title",
  sent: "sent-title",
  history: "history-title",
  application: "application-title",
  checkin: "checkin-title",
};

/** The title of `screen`, or null for the welcome screen. */
export function titleOf(screen: Screen): MessageId | null {
  return screen.name === "welcome" ? null : SCREEN_TITLES[screen.name];
}
