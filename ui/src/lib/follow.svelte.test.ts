import { describe, expect, it } from "vitest";
import { flushSync } from "svelte";
import { follow, type EventSource, type Outcome } from "./follow.svelte";

/** An event the test fires by hand, and a snapshot command it answers by hand. */
function fakes<T>() {
  const listeners = new Set<(e: { payload: T }) => void>();
  const order: string[] = [];
  let listened!: () => void;
  const listening = new Promise<void>((r) => (listened = r));
  const event: EventSource<T> = {
    listen(cb) {
      order.push("listen");
      listeners.add(cb);
      listened();
      return Promise.resolve(() => {
        order.push("unlisten");
        listeners.delete(cb);
      });
    },
  };
  let answer!: (o: Outcome<T>) => void;
  let asked!: () => void;
  const askedP = new Promise<void>((r) => (asked = r));
  const snapshot = () => {
    order.push("snapshot");
    asked();
    return new Promise<Outcome<T>>((r) => (answer = r));
  };
  const fire = (payload: T) => listeners.forEach((cb) => cb({ payload }));
  return { event, snapshot, fire, answer: (o: Outcome<T>) => answer(o), asked: askedP, listening, order, listeners };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("follow", () => {
  it("listens first, then asks for the snapshot, and shows it", async () => {
    const f = fakes<number>();
    const followed = follow(f.snapshot, f.event, { initial: 0 });
    expect(followed.current).toBe(0);
    expect(followed.reported).toBe(false);
    await f.asked;
    expect(f.order).toEqual(["listen", "snapshot"]);
    f.answer({ status: "ok", data: 5 });
    await tick();
    expect(followed.current).toBe(5);
    expect(followed.reported).toBe(true);
    f.fire(6);
    expect(followed.current).toBe(6);
  });

  it("an event that comes before the snapshot's answer wins over it", async () => {
    const f = fakes<string>();
    const followed = follow(f.snapshot, f.event, { initial: "initial" });
    await f.asked;
    f.fire("event");
    f.answer({ status: "ok", data: "older snapshot" });
    await tick();
    expect(followed.current).toBe("event");
  });

  it("keeps the initial value when the snapshot fails, and still follows", async () => {
    const f = fakes<string>();
    const followed = follow(f.snapshot, f.event, { initial: "initial" });
    await f.asked;
    f.answer({ status: "error", error: { code: "print-queue" } });
    await tick();
    expect(followed.current).toBe("initial");
    f.fire("later");
    expect(followed.current).toBe("later");
  });

  it("tells onchange the new and the replaced value, before showing the new one", async () => {
    const f = fakes<number>();
    const seen: Array<[number, number, number]> = [];
    const followed = follow(f.snapshot, f.event, {
      initial: 0,
      onchange: (next, previous) => seen.push([next, previous, followed.current]),
    });
    await f.asked;
    f.answer({ status: "ok", data: 1 });
    await tick();
    f.fire(2);
    expect(seen).toEqual([
      [1, 0, 0],
      [2, 1, 1],
    ]);
  });

  it("stops: no more changes, and the listener is removed even if stopped before it was in place", async () => {
    const f = fakes<number>();
    const followed = follow(f.snapshot, f.event, { initial: 0 });
    followed.stop();
    await f.listening;
    await tick();
    expect(f.listeners.size).toBe(0);
    expect(f.order).toEqual(["listen", "unlisten"]);
    f.fire(3);
    expect(followed.current).toBe(0);

    const g = fakes<number>();
    const other = follow(g.snapshot, g.event, { initial: 0 });
    await g.asked;
    other.stop();
    g.answer({ status: "ok", data: 9 });
    await tick();
    expect(other.current).toBe(0);
    expect(g.listeners.size).toBe(0);
  });

  it("is reactive: an effect sees each new value", async () => {
    const f = fakes<number>();
    const followed = follow(f.snapshot, f.event, { initial: 0 });
    const seen: number[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(followed.current);
      });
    });
    flushSync();
    await f.asked;
    f.answer({ status: "ok", data: 1 });
    await tick();
    flushSync();
    f.fire(2);
    flushSync();
    stop();
    expect(seen).toEqual([0, 1, 2]);
  });
});
