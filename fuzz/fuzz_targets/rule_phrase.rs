//! Fuzzes `qebul_core::rule_phrase::parse_rule`, the reader of the reception rules authorities
//! publish (and of the officials CSV's `reception` column).
//!
//! Invariants: nothing panics; a phrase that parses gives a rule that is valid
//! (`ReceptionRule::try_new` accepts its days and hours), and that rule published again parses to
//! the same rule; an error can be worded in every language.

#![no_main]

use libfuzzer_sys::fuzz_target;
use qebul_core::rule_phrase::{parse_rule, publish};
use qebul_core::{Lang, ReceptionRule};

fuzz_target!(|phrase: &str| {
    match parse_rule(phrase) {
        Ok(rule) => {
            assert!(
                ReceptionRule::try_new(rule.days(), rule.hours()).is_ok(),
                "{phrase:?} gave an invalid rule {rule:?}"
            );
            let published = publish(&rule);
            assert_eq!(
                parse_rule(&published),
                Ok(rule.clone()),
                "{phrase:?} published as {published:?}"
            );
            for lang in Lang::ALL {
                let _ = rule.describe(lang);
            }
        }
        Err(e) => {
            let _ = (e.code(), e.to_string());
            for lang in Lang::ALL {
                let _ = qebul_l10n::rule_phrase_error(lang, &e);
            }
        }
    }
});
