// The UI's one way to Rust: the generated commands, events and types. Everything in the UI
// imports them from here.
export * from "./bindings";
