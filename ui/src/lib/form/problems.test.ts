import { describe, expect, it } from "vitest";
import type { FieldProblem, FormField } from "../ipc";
import { Visit } from "../screens.svelte";
import { FIELD_SCREEN, FORM_ORDER, clearProblem, firstProblemOn, inFormOrder, problemText } from "./problems";

const problem = (field: FormField, en = `${field} refused`): FieldProblem => ({
  field,
  code: `${field}-refused`,
  message: { az: `${field} (az)`, ru: `${field} (ru)`, en },
});

describe("refused fields", () => {
  it("every field of the form has its place in the order and its screen", () => {
    const all: FormField[] = ["official", "reception-date", "topic", "social-status", "privilege", "email", "phone", "workplace", "position", "address", "note"];
    expect([...FORM_ORDER].sort()).toEqual([...all].sort());
    expect(FORM_ORDER.filter((f) => FIELD_SCREEN[f] === "booking")).toEqual(["official", "reception-date", "topic", "social-status", "privilege"]);
    // The Booking screen's fields all come before the Details screen's.
    const lastBooking = Math.max(...FORM_ORDER.map((f, i) => (FIELD_SCREEN[f] === "booking" ? i : -1)));
    const firstDetails = FORM_ORDER.findIndex((f) => FIELD_SCREEN[f] === "details");
    expect(lastBooking).toBeLessThan(firstDetails);
  });

  it("orders refusals as the form does and finds the first on each screen", () => {
    const problems = [problem("note"), problem("phone"), problem("topic"), problem("email")];
    expect(inFormOrder(problems).map((p) => p.field)).toEqual(["topic", "email", "phone", "note"]);
    expect(firstProblemOn(problems, "booking")).toBe("topic");
    expect(firstProblemOn(problems, "details")).toBe("email");
    expect(firstProblemOn([problem("note")], "booking")).toBeNull();
  });

  it("words a refusal in the language asked for, and clears only the field changed", () => {
    const visit = new Visit();
    visit.problems = [problem("email"), problem("phone")];
    expect(problemText(visit.problems, "phone", "ru")).toBe("phone (ru)");
    expect(problemText(visit.problems, "note", "en")).toBeNull();
    const before = visit.problems;
    clearProblem(visit, "note");
    expect(visit.problems, "nothing to clear: the same list").toBe(before);
    clearProblem(visit, "email");
    expect(visit.problems.map((p) => p.field)).toEqual(["phone"]);
  });
});
