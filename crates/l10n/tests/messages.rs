//! The three Fluent files against each other and against the typed list of the Rust side's
//! messages (`qebul_l10n::msg::ALL`).
//!
//! `problems` finds what is wrong; the last tests feed it broken files to show that it does.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;
use qebul_l10n::msg::{Msg, ALL};
use qebul_l10n::Lang;

type Messages = BTreeMap<String, BTreeSet<String>>;

/// A file's messages with the variables each uses (attributes and referenced messages included),
/// or its parse errors.
fn messages(source: &str) -> Result<Messages, Vec<String>> {
    let resource = ast_of(source)?;
    let mut bodies = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in &resource.body {
        if let ast::Entry::Message(m) = entry {
            if m.value.is_none() {
                problems.push(format!("{}: no value", m.id.name));
            }
            if bodies.insert(m.id.name, m).is_some() {
                problems.push(format!("{}: defined twice", m.id.name));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(bodies
        .keys()
        .map(|id| {
            let mut vars = BTreeSet::new();
            message_vars(id, &bodies, &mut vars, 0);
            (id.to_string(), vars)
        })
        .collect())
}

fn ast_of(source: &str) -> Result<ast::Resource<&str>, Vec<String>> {
    fluent_syntax::parser::parse(source)
        .map_err(|(_, errors)| errors.iter().map(|e| format!("{e:?}")).collect())
}

fn message_vars(
    id: &str,
    bodies: &BTreeMap<&str, &ast::Message<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    let Some(m) = bodies.get(id) else { return };
    if depth > 8 {
        return;
    }
    let patterns = m.value.iter().chain(m.attributes.iter().map(|a| &a.value));
    for p in patterns {
        pattern_vars(p, bodies, out, depth);
    }
}

fn pattern_vars(
    p: &ast::Pattern<&str>,
    bodies: &BTreeMap<&str, &ast::Message<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, bodies, out, depth);
        }
    }
}

fn expression_vars(
    e: &ast::Expression<&str>,
    bodies: &BTreeMap<&str, &ast::Message<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, bodies, out, depth);
            for v in variants {
                pattern_vars(&v.value, bodies, out, depth);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, bodies, out, depth),
    }
}

fn inline_vars(
    i: &ast::InlineExpression<&str>,
    bodies: &BTreeMap<&str, &ast::Message<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, bodies, out, depth);
            }
            for a in &arguments.named {
                inline_vars(&a.value, bodies, out, depth);
            }
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            message_vars(id.name, bodies, out, depth + 1)
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_vars(expression, bodies, out, depth)
        }
        // A term's variables are its own parameters, given at the reference.
        ast::InlineExpression::TermReference { arguments, .. } => {
            for a in arguments.iter().flat_map(|a| a.positional.iter()) {
                inline_vars(a, bodies, out, depth);
            }
            for a in arguments.iter().flat_map(|a| a.named.iter()) {
                inline_vars(&a.value, bodies, out, depth);
            }
        }
        ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

/// Everything wrong with the three files (az, ru, en) and the list.
fn problems(sources: [(&str, &str); 3], list: &[Msg]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (lang, source) in sources {
        match messages(source) {
            Ok(m) => files.push((lang, m)),
            Err(errors) => problems.extend(errors.into_iter().map(|e| format!("{lang}.ftl: {e}"))),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    // Every message in every language.
    let all_ids: BTreeSet<&String> = files.iter().flat_map(|(_, m)| m.keys()).collect();
    for id in &all_ids {
        for (lang, m) in &files {
            if !m.contains_key(*id) {
                problems.push(format!("{lang}.ftl: {id} is missing"));
            }
        }
    }
    // The Rust side's messages: each in every language, using only the variables it is given,
    // and each variable it is given used by some language.
    let mut seen = BTreeSet::new();
    for msg in list {
        if !seen.insert(msg.id) {
            problems.push(format!("{} is listed twice", msg.id));
        }
        let listed: BTreeSet<String> = msg.variables.iter().map(|v| v.to_string()).collect();
        let mut used_somewhere = BTreeSet::new();
        for (lang, m) in &files {
            let Some(used) = m.get(msg.id) else {
                problems.push(format!("{lang}.ftl: {} is missing", msg.id));
                continue;
            };
            for v in used.difference(&listed) {
                problems.push(format!(
                    "{lang}.ftl: {} uses ${v}, which its Rust caller does not pass",
                    msg.id
                ));
            }
            used_somewhere.extend(used.iter().cloned());
        }
        for v in listed.difference(&used_somewhere) {
            problems.push(format!(
                "{}: ${v} is passed but no language uses it",
                msg.id
            ));
        }
    }
    problems
}

fn real_sources() -> [(&'static str, &'static str); 3] {
    Lang::ALL.map(|l| (l.tag(), qebul_l10n::source(l)))
}

#[test]
fn the_three_files_parse_and_agree_with_each_other_and_with_the_rust_list() {
    let problems = problems(real_sources(), ALL);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_files_hold_the_uis_messages_too() {
    for (lang, source) in real_sources() {
        let m = messages(source).unwrap_or_else(|e| panic!("{lang}: {e:?}"));
        for id in [
            "welcome-title",
            "error-address-too-long",
            "session-greeting",
            "address-title",
        ] {
            assert!(m.contains_key(id), "{lang}.ftl: {id}");
        }
    }
}

#[test]
fn every_listed_message_formats_without_an_error_in_every_language() {
    for lang in Lang::ALL {
        let mut bundle = FluentBundle::new(vec![lang.tag().parse().expect("tag")]);
        bundle.set_use_isolating(false);
        let resource = FluentResource::try_new(qebul_l10n::source(lang).to_owned())
            .unwrap_or_else(|(_, e)| panic!("{lang}: {e:?}"));
        bundle.add_resource(resource).expect("no duplicate ids");
        for msg in ALL {
            for count in [0i64, 1, 2, 5, 21] {
                let mut args = FluentArgs::new();
                for v in msg.variables {
                    match *v {
                        "max" | "found" | "count" | "days" | "month" => {
                            args.set(*v, FluentValue::from(count))
                        }
                        other => args.set(other, FluentValue::from("x")),
                    }
                }
                let pattern = bundle
                    .get_message(msg.id)
                    .and_then(|m| m.value())
                    .unwrap_or_else(|| panic!("{lang}: {}", msg.id));
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang} {}: {errors:?}", msg.id);
                assert!(
                    !text.trim().is_empty() && !text.contains('{'),
                    "{lang} {}: {text}",
                    msg.id
                );
                assert!(
                    !text.contains('\u{2068}'),
                    "isolation marks in {lang} {}",
                    msg.id
                );
            }
        }
    }
}

// The checker itself: each kind of damage is found.

const GOOD: &str = "a = A { $n }\nb = B\n";

fn list_n() -> [Msg; 2] {
    [
        Msg {
            id: "a",
            variables: &["n"],
        },
        Msg {
            id: "b",
            variables: &[],
        },
    ]
}

#[test]
fn the_checker_accepts_consistent_files() {
    assert_eq!(
        problems([("az", GOOD), ("ru", GOOD), ("en", GOOD)], &list_n()),
        Vec::<String>::new()
    );
}

#[test]
fn the_checker_finds_a_missing_message() {
    let p = problems(
        [("az", GOOD), ("ru", "a = A { $n }\n"), ("en", GOOD)],
        &list_n(),
    );
    assert!(p.iter().any(|p| p == "ru.ftl: b is missing"), "{p:?}");
    // A UI message (not in the Rust list) missing in one language is found too.
    let p = problems([("az", "c = C\n"), ("ru", ""), ("en", "c = C\n")], &[]);
    assert_eq!(p, ["ru.ftl: c is missing"]);
}

#[test]
fn the_checker_finds_a_parse_error() {
    let p = problems(
        [("az", GOOD), ("ru", GOOD), ("en", "a = A { $n\nb = B\n")],
        &list_n(),
    );
    assert!(
        !p.is_empty() && p.iter().all(|p| p.starts_with("en.ftl")),
        "{p:?}"
    );
}

#[test]
fn the_checker_finds_a_variable_the_caller_does_not_pass() {
    let select =
        "a =\n    { $n ->\n        [one] A { $who }\n       *[other] A { $n }\n    }\nb = B\n";
    let p = problems([("az", GOOD), ("ru", select), ("en", GOOD)], &list_n());
    assert_eq!(
        p,
        ["ru.ftl: a uses $who, which its Rust caller does not pass"]
    );
    let through_reference = "a = A { $n }\nb = B { a }\n";
    let p = problems(
        [("az", GOOD), ("ru", GOOD), ("en", through_reference)],
        &list_n(),
    );
    assert_eq!(
        p,
        ["en.ftl: b uses $n, which its Rust caller does not pass"]
    );
}

#[test]
fn the_checker_finds_a_variable_no_language_uses() {
    let p = problems(
        [
            ("az", "a = A\nb = B\n"),
            ("ru", "a = A\nb = B\n"),
            ("en", "a = A\nb = B\n"),
        ],
        &list_n(),
    );
    assert_eq!(p, ["a: $n is passed but no language uses it"]);
}
