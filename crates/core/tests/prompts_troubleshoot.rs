//! The troubleshooting prompt: its sections, the project context and the fence rule.

use baton_core::prompts::{troubleshooting_prompt, TroubleshootInput};
use baton_core::{Decision, Id, Importance, KeyFile, LivingState, Project, ProjectStatus, Timestamp};

fn project() -> Project {
    let at = Timestamp::parse("2026-03-14T09:15:00Z").unwrap();
    Project {
        id: Id::v7(1, [1; 10]),
        created_at: at,
        updated_at: at,
        deleted_at: None,
        rev: 3,
        name: "Invoice parser".into(),
        description: "Reads supplier invoices.".into(),
        status: ProjectStatus::Active,
        tags: vec!["rust".into()],
        repository_url: None,
        notes: "Private notes that stay out of the prompt.".into(),
        state: LivingState {
            goal: "Parse supplier invoices into ledger lines.".into(),
            current_state: "Totals are right; dates are ambiguous.\nThe CSV export works.".into(),
            next_steps: vec!["Ask about date formats".into()],
            decisions: vec![Decision {
                text: "Amounts are integer cents".into(),
                rationale: "No float drift".into(),
                rejected_alternatives: vec![],
                decided_at: None,
            }],
            constraints: vec!["No new dependencies".into(), "  ".into(), "Must run offline".into()],
            files: vec![
                KeyFile {
                    path: "src/parser/mod.rs".into(),
                    importance: Importance::Critical,
                    notes: "the parser".into(),
                },
                KeyFile {
                    path: "tests/fixtures/invoice-42.txt".into(),
                    importance: Importance::Normal,
                    notes: String::new(),
                },
            ],
            do_not_redo: vec![],
        },
    }
}

#[test]
fn a_blank_error_message_is_refused_with_what_to_do() {
    for blank in ["", "   ", "\n\t\n"] {
        let input = TroubleshootInput { error_message: blank, stack_trace: "at main", ..Default::default() };
        let error = troubleshooting_prompt(&input).unwrap_err();
        assert!(error.starts_with("Describe the error first"), "{error}");
    }
}

#[test]
fn the_prompt_has_the_error_and_asks_for_cause_fix_and_verification() {
    let input =
        TroubleshootInput { error_message: "  thread 'main' panicked at src/main.rs:4:5  ", ..Default::default() };
    let prompt = troubleshooting_prompt(&input).unwrap();
    assert!(prompt.starts_with("# Help me debug an error\n"));
    assert!(prompt.contains("## Error\n\n```text\nthread 'main' panicked at src/main.rs:4:5\n```\n"), "{prompt}");
    assert!(prompt.contains("**Likely cause**"));
    assert!(prompt.contains("**Fix**"));
    assert!(prompt.contains("**How to verify**"));
    // Parts not given are left out, headings and all.
    for absent in ["## Project", "## Stack trace", "## Code", "## Environment"] {
        assert!(!prompt.contains(absent), "{absent} should be left out:\n{prompt}");
    }
}

#[test]
fn the_prompt_carries_the_project_context() {
    let project = project();
    let input = TroubleshootInput {
        error_message: "TypeError: x is undefined",
        stack_trace: "at parse (src/parser.js:10:3)\nat main (src/index.js:2:1)\n",
        code_snippet: "const x = lines[0].total;\n",
        environment: "Node 22.3, macOS 15",
        project: Some(&project),
    };
    let prompt = troubleshooting_prompt(&input).unwrap();
    let expected_context = "\
## Project

- **Name**: Invoice parser
- **Goal**: Parse supplier invoices into ledger lines.
- **Current state**: Totals are right; dates are ambiguous. The CSV export works.
- **Key files**:
  - `src/parser/mod.rs` (critical) — the parser
  - `tests/fixtures/invoice-42.txt` (normal)
- **Constraints** (the fix must respect them):
  - No new dependencies
  - Must run offline
";
    assert!(prompt.contains(expected_context), "{prompt}");
    assert!(
        prompt.contains("## Stack trace\n\n```text\nat parse (src/parser.js:10:3)\nat main (src/index.js:2:1)\n```\n")
    );
    assert!(prompt.contains("## Code\n\n```\nconst x = lines[0].total;\n```\n"));
    assert!(prompt.contains("## Environment\n\nNode 22.3, macOS 15\n"));
    assert!(!prompt.contains("Private notes"), "the project's free notes stay out");
    // Sections come in reading order.
    let at = |heading: &str| prompt.find(heading).unwrap();
    assert!(at("## Project") < at("## Error"));
    assert!(at("## Error") < at("## Stack trace"));
    assert!(at("## Stack trace") < at("## Code"));
    assert!(at("## Code") < at("## Environment"));
    assert!(at("## Environment") < at("## What I need from you"));
}

#[test]
fn the_goal_falls_back_to_the_description_and_a_long_state_is_cut_at_a_word() {
    let mut project = project();
    project.state.goal = String::new();
    project.state.current_state = "word ".repeat(300);
    project.state.files.clear();
    project.state.constraints.clear();
    let input = TroubleshootInput { error_message: "boom", project: Some(&project), ..Default::default() };
    let prompt = troubleshooting_prompt(&input).unwrap();
    assert!(prompt.contains("- **Goal**: Reads supplier invoices.\n"));
    let state_line = prompt.lines().find(|line| line.starts_with("- **Current state**")).unwrap();
    assert!(state_line.ends_with("word…"), "{state_line}");
    assert!(state_line.chars().count() < 650);
    assert!(!prompt.contains("Key files") && !prompt.contains("Constraints"));
}

#[test]
fn fences_are_longer_than_any_backtick_run_inside() {
    let code = "let doc = \"```rust\\nfn main() {}\\n```\";\nlet inline = `x`;\nlet five = \"`````\";";
    let input = TroubleshootInput { error_message: "error in ``code``", code_snippet: code, ..Default::default() };
    let prompt = troubleshooting_prompt(&input).unwrap();
    // The error has a run of two: the fence stays at three.
    assert!(prompt.contains("```text\nerror in ``code``\n```\n"), "{prompt}");
    // The code has a run of five: the fence takes six, and the text inside is unchanged.
    assert!(prompt.contains(&format!("## Code\n\n``````\n{code}\n``````\n")), "{prompt}");
}

#[test]
fn a_code_snippet_of_only_blank_lines_is_left_out() {
    let input =
        TroubleshootInput { error_message: "boom", code_snippet: "\n   \n", stack_trace: " ", ..Default::default() };
    let prompt = troubleshooting_prompt(&input).unwrap();
    assert!(!prompt.contains("## Code") && !prompt.contains("## Stack trace"));
}

#[test]
fn indentation_in_code_is_kept() {
    let code = "\n    fn indented() {\n        work();\n    }\n\n";
    let input = TroubleshootInput { error_message: "boom", code_snippet: code, ..Default::default() };
    let prompt = troubleshooting_prompt(&input).unwrap();
    assert!(prompt.contains("```\n    fn indented() {\n        work();\n    }\n```\n"), "{prompt}");
}

#[test]
fn the_prompt_speaks_indonesian_when_asked_and_quotes_the_rest_as_it_is() {
    use baton_core::locale::Language;
    use baton_core::prompts::troubleshooting_prompt_in;
    let project = project();
    let input = TroubleshootInput {
        error_message: "TypeError: x is undefined",
        stack_trace: "at parse (src/parser.js:10:3)",
        code_snippet: "const x = lines[0].total;",
        environment: "Node 22.3",
        project: Some(&project),
    };
    assert_eq!(troubleshooting_prompt_in(&input, Language::English), troubleshooting_prompt(&input));
    let prompt = troubleshooting_prompt_in(&input, Language::Indonesian).unwrap();
    assert!(prompt.starts_with("# Bantu saya men-debug sebuah galat\n\nSaya terhambat oleh galat di bawah ini."));
    assert!(prompt.contains("## Proyek\n\n- **Nama**: Invoice parser\n"));
    assert!(prompt.contains("  - `src/parser/mod.rs` (kritis) — the parser\n"));
    assert!(prompt.contains("- **Batasan** (perbaikan harus mematuhinya):\n  - No new dependencies\n"));
    assert!(prompt.contains("## Galat\n\n```text\nTypeError: x is undefined\n```\n"));
    assert!(prompt.contains("## Kode\n\n```\nconst x = lines[0].total;\n```\n"));
    assert!(prompt.contains("## Yang saya perlukan dari Anda\n\n1. **Kemungkinan penyebab**:"));
    assert!(prompt.contains("\n3. **Cara memverifikasi**:"));
    for english in ["Help me", "## Error", "## Code", "Likely cause", "What I need", "critical", "the fix must"] {
        assert!(!prompt.contains(english), "still says {english:?}:\n{prompt}");
    }
}
