//! The lint's other rules: placeholders, empty required sections, the budget, ordering, redaction
//! and the notes kept with a handoff.

use baton_core::handoff::SectionKind;
use baton_core::lint::{
    find_placeholders, lint, redact, redact_all, scan_secrets, Finding, Found, LintContext, Severity, Size,
    SECRET_KINDS,
};

fn placeholder_texts(text: &str) -> Vec<String> {
    find_placeholders(text).into_iter().map(|finding| text[finding.range.expect("a range")].to_string()).collect()
}

#[test]
fn template_leftovers_are_placeholders() {
    let text = "# Handoff for <your project name>\n\
                Goal: {{goal}}\n\
                Current state: [TODO]\n\
                TODO: write the next steps\n\
                Owner: XXX\n\
                - <path> — entry point\n\
                - [insert the failing test here]\n\
                - <YOUR_API_KEY>\n";
    assert_eq!(
        placeholder_texts(text),
        [
            "<your project name>",
            "{{goal}}",
            "[TODO]",
            "TODO:",
            "XXX",
            "<path>",
            "[insert the failing test here]",
            "<YOUR_API_KEY>"
        ]
    );
    let findings = find_placeholders(text);
    assert!(findings.iter().all(|f| f.kind == "placeholder" && f.severity == Severity::Warning && !f.is_secret()));
    assert_eq!(findings[0].line, 1);
    assert_eq!(findings[3].line, 4);
    assert_eq!(findings[0].found, Found::Placeholder);
    assert_eq!(findings[0].excerpt, "<your project name>");
}

#[test]
fn the_report_template_and_code_comments_are_not_placeholders() {
    let text = "Finish with this block:\n\
                ```handoff-report\n\
                status: completed | partial | blocked\n\
                credits_used: <number, optional>\n\
                ## Decisions\n\
                - <decision> — because <reason> (rejected: <alternative>, <alternative>)\n\
                ## Files\n\
                - <path> — <note>\n\
                ```\n\
                ```rust\n\
                // TODO: handle the error\n\
                let xxx = 1; // XXX temporary\n\
                ```\n";
    assert!(find_placeholders(text).is_empty(), "{:?}", find_placeholders(text));
}

#[test]
fn ordinary_markup_is_not_a_placeholder() {
    let text = "<goal>\nShip the app\n</goal>\n<path>src/lib.rs</path>\n\
                Vec<String> and Option<T> and a <br> tag and <https://example.com>\n\
                a [link](https://example.com) and [x] done, [ ] open\n\
                ${HOME} and {single} braces, TODOS, XXXL shirt, the todo list\n\
                Use TODO.md for notes; a <div class=\"x\"> element.\n";
    assert!(find_placeholders(text).is_empty(), "{:?}", find_placeholders(text));
}

#[test]
fn a_todo_inside_brackets_is_one_placeholder() {
    assert_eq!(placeholder_texts("Next: [TODO: decide the schema]"), ["[TODO: decide the schema]"]);
}

#[test]
fn empty_required_sections_are_errors_and_over_budget_is_a_warning() {
    let context = LintContext {
        missing_required: &[SectionKind::CurrentState, SectionKind::NextSteps],
        estimated_tokens: 12_500,
        budget: Some(10_000),
    };
    let findings = lint("A clean bundle.", &context);
    assert_eq!(findings.len(), 3);
    assert_eq!(findings[0].kind, "missing_section");
    assert_eq!(findings[0].severity, Severity::Error);
    assert_eq!(findings[0].found, Found::MissingSection(SectionKind::CurrentState));
    assert_eq!(findings[1].found, Found::MissingSection(SectionKind::NextSteps));
    assert_eq!((findings[0].range.clone(), findings[0].line), (None, 0));
    assert_eq!(findings[2].kind, "over_budget");
    assert_eq!(findings[2].severity, Severity::Warning);
    assert_eq!(findings[2].found, Found::OverBudget { estimated: 12_500, budget: 10_000 });
    assert_eq!(findings[2].to_note().message, "tokens=12500 budget=10000");
    assert!(!findings[2].is_secret());
}

#[test]
fn within_budget_or_without_one_there_is_no_budget_finding() {
    let at_budget = LintContext { missing_required: &[], estimated_tokens: 10_000, budget: Some(10_000) };
    assert!(lint("ok", &at_budget).is_empty());
    let no_budget = LintContext { missing_required: &[], estimated_tokens: 99_999, budget: None };
    assert!(lint("ok", &no_budget).is_empty());
}

#[test]
fn lint_puts_errors_first_then_text_order() {
    let text = "Owner: <your name>\nAPI token: ghp_FAKEexample0123456789abcdefABCDEF1234\nTODO: more\nDB_PASSWORD=S3cret-FAKE!";
    let context = LintContext { missing_required: &[SectionKind::Goal], estimated_tokens: 10, budget: Some(5) };
    let kinds: Vec<(String, Severity)> = lint(text, &context).into_iter().map(|f| (f.kind, f.severity)).collect();
    assert_eq!(
        kinds,
        [
            ("missing_section".to_string(), Severity::Error),
            ("github_token".to_string(), Severity::Error),
            ("password".to_string(), Severity::Error),
            ("over_budget".to_string(), Severity::Warning),
            ("placeholder".to_string(), Severity::Warning),
            ("placeholder".to_string(), Severity::Warning),
        ]
    );
}

#[test]
fn redact_replaces_the_range_and_leaves_rangeless_findings_alone() {
    let text = "key: AKIAFAKEEXAMPLE12345 in use";
    let finding = &scan_secrets(text)[0];
    assert_eq!(redact(text, finding), "key: [REDACTED:aws_access_key] in use");
    let section =
        &lint("x", &LintContext { missing_required: &[SectionKind::Goal], estimated_tokens: 0, budget: None })[0];
    assert_eq!(redact(text, section), text);
    // A range from another text that does not fit is ignored rather than panicking.
    let stale = Finding { range: Some(5..500), ..finding.clone() };
    assert_eq!(redact(text, &stale), text);
}

#[test]
fn redact_all_skips_placeholders_and_handles_many_secrets() {
    let text =
        "Owner: <your name>\nA=ghp_FAKEexample0123456789abcdefABCDEF1234 B=hf_FAKEexample0123456789abcdefABCDEF12";
    let findings = lint(text, &LintContext::default());
    assert_eq!(
        redact_all(text, &findings),
        "Owner: <your name>\nA=[REDACTED:github_token] B=[REDACTED:huggingface_token]"
    );
}

#[test]
fn the_note_kept_with_a_handoff_has_no_part_of_the_secret() {
    let text = "OPENAI_API_KEY=sk-proj-FAKEexample0123456789abcdefABCDEF";
    let finding = &scan_secrets(text)[0];
    assert_eq!((finding.kind.as_str(), &finding.found, finding.line), ("openai_key", &Found::Secret, 1));
    assert_eq!(finding.excerpt, "sk-pro…DEF");
    assert_eq!(finding.size, Some(Size::Chars(41)));
    let note = finding.to_note();
    assert_eq!((note.kind.as_str(), note.severity.as_str(), note.message.as_str()), ("openai_key", "Error", "line=1"));
    assert!(SECRET_KINDS.contains(&"jwt"));
}

#[test]
fn key_value_findings_name_their_key() {
    let finding = &scan_secrets("  DB_PASSWORD = \"FAKE-pw-123\"")[0];
    assert_eq!((finding.kind.as_str(), &finding.found), ("password", &Found::ValueOf("DB_PASSWORD".into())));
    let finding = &scan_secrets("postgres://me:FAKEpw99@db:5432/x")[0];
    assert_eq!((finding.kind.as_str(), &finding.found), ("password", &Found::InUrl));
}

#[test]
fn crlf_text_keeps_exact_ranges() {
    let text = "line one\r\nPASSWORD=FAKE-pw-123\r\nnext";
    let finding = &scan_secrets(text)[0];
    assert_eq!(&text[finding.range.clone().expect("range")], "FAKE-pw-123");
    assert_eq!(finding.line, 2);
}

#[test]
fn private_keys_without_an_end_line_run_to_the_blank_line() {
    let text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEFAKEabc\nEXAMPLE123\n\nAfter the key.";
    let finding = &scan_secrets(text)[0];
    assert_eq!(finding.range, Some(0..54));
    assert_eq!(finding.excerpt, "-----BEGIN RSA PRIVATE KEY----- …");
    assert_eq!(finding.size, Some(Size::Lines(3)));
    assert!(scan_secrets("-----BEGIN CERTIFICATE-----\nMIIFAKE\n-----END CERTIFICATE-----").is_empty());
}

#[test]
fn non_ascii_text_around_secrets_is_handled() {
    let text = "Clé d’API — «sk-ant-api03-FAKEexample0123456789abcdefABCDEF» 🔑 token";
    let findings = scan_secrets(text);
    assert_eq!(findings.len(), 1);
    let range = findings[0].range.clone().expect("range");
    assert!(text[range].starts_with("sk-ant-"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    #[test]
    fn the_lint_never_panics_and_ranges_fit_the_text(
        text in "([\\PC\n]|sk-|AKIA|eyJ|://|:|@|=|<your |\\{\\{|\\[TODO|-----BEGIN |PRIVATE KEY-----|password|token){0,60}"
    ) {
        let findings = lint(&text, &LintContext::default());
        for finding in &findings {
            if let Some(range) = &finding.range {
                proptest::prop_assert!(text.get(range.clone()).is_some());
            }
        }
        let _ = redact_all(&text, &findings);
    }
}
