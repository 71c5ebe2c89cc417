//! The return-report parser on arbitrary text: any input gives a report or an error, never a
//! panic; what it reads turns into session fields and a proposed living state without panicking.
#![no_main]

use baton_core::records::LivingState;
use baton_core::report::{self, StateField};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(parsed) = report::parse_report(text) {
        let _ = parsed.session_fields();
        let _ = parsed.session_status();
        let current = LivingState::default();
        let proposed = report::propose_state(&current, &parsed);
        let changed = report::changed_fields(&current, &proposed);
        let accepted = report::accept_fields(&current, &proposed, &StateField::ALL);
        assert_eq!(report::changed_fields(&current, &accepted), changed, "accepting every field takes every change");
    }
});
