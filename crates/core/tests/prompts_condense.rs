//! Condensing pasted notes: the original's three levels line by line, and the smart default on a
//! real-looking chat paste.

use baton_core::prompts::{condense, CondenseLevel};

/// Forty numbered lines, "line 1: …", with blank lines between every fourth one.
fn numbered_notes() -> String {
    let mut notes = String::new();
    for n in 1..=40 {
        notes.push_str(&format!("line {n}: the parser handles case {n}\n"));
        if n % 4 == 0 {
            notes.push_str("\n   \n");
        }
    }
    notes
}

#[test]
fn levels_have_labels_descriptions_and_smart_is_the_default() {
    assert_eq!(CondenseLevel::default(), CondenseLevel::Smart);
    assert_eq!(CondenseLevel::ALL.len(), 4);
    assert_eq!(CondenseLevel::ALL[0], CondenseLevel::Smart);
    let labels: Vec<_> = CondenseLevel::ALL.iter().map(|level| level.label()).collect();
    assert_eq!(labels, ["Smart", "Low", "Medium", "High"]);
    assert!(CondenseLevel::Low.description().contains("25"));
    assert!(CondenseLevel::Medium.description().contains("20 characters"));
    assert!(CondenseLevel::High.description().contains("✅"));
    assert!(CondenseLevel::ALL.iter().all(|level| !level.description().is_empty()));
}

#[test]
fn low_keeps_the_first_25_non_blank_lines() {
    let notes = numbered_notes();
    let condensed = condense(&notes, CondenseLevel::Low);
    let lines: Vec<&str> = condensed.text.lines().collect();
    assert_eq!(lines.len(), 25);
    assert_eq!(lines[0], "line 1: the parser handles case 1");
    assert_eq!(lines[24], "line 25: the parser handles case 25");
    assert!(lines.iter().all(|line| !line.trim().is_empty()), "blank lines are skipped");
    assert_eq!((condensed.kept_lines, condensed.total_lines), (25, 40));
}

#[test]
fn low_on_short_notes_keeps_everything_but_blank_lines() {
    let condensed = condense("first\n\n\nsecond  \n", CondenseLevel::Low);
    assert_eq!(condensed.text, "first\nsecond");
    assert_eq!((condensed.kept_lines, condensed.total_lines), (2, 2));
}

#[test]
fn medium_keeps_the_first_15_lines_longer_than_20_characters() {
    let mut notes = String::new();
    for n in 1..=30 {
        // Odd lines are short (20 characters or fewer), even lines long.
        if n % 2 == 1 {
            notes.push_str(&format!("short {n}\n"));
        } else {
            notes.push_str(&format!("a longer line number {n} that stays\n"));
        }
    }
    // Exactly 20 characters is not longer than 20; 21 is.
    notes.insert_str(0, "12345678901234567890\n123456789012345678901\n");
    let condensed = condense(&notes, CondenseLevel::Medium);
    let lines: Vec<&str> = condensed.text.lines().collect();
    assert_eq!(lines.len(), 15);
    assert_eq!(lines[0], "123456789012345678901");
    assert_eq!(lines[1], "a longer line number 2 that stays");
    assert_eq!(lines[14], "a longer line number 28 that stays");
    assert!(lines.iter().all(|line| line.chars().count() > 20));
}

#[test]
fn medium_counts_characters_not_bytes() {
    // 20 accented letters are 40 bytes but still only 20 characters.
    let notes = format!("{}\n{}x\n", "é".repeat(20), "é".repeat(20));
    let condensed = condense(&notes, CondenseLevel::Medium);
    assert_eq!(condensed.text, format!("{}x", "é".repeat(20)));
}

#[test]
fn high_keeps_the_first_5_marked_or_important_lines() {
    let notes = "\
Intro line without anything
✅ Parser done
Plain progress note
⚠️ Staging returns 502 on big uploads
🚧 Settings page in progress
This is IMPORTANT: never log the key
Something Important about dates
✅ Tests green
⚠ bare warning sign without selector
";
    let condensed = condense(notes, CondenseLevel::High);
    let lines: Vec<&str> = condensed.text.lines().collect();
    assert_eq!(
        lines,
        [
            "✅ Parser done",
            "⚠️ Staging returns 502 on big uploads",
            "🚧 Settings page in progress",
            "This is IMPORTANT: never log the key",
            "Something Important about dates",
        ]
    );
    assert_eq!((condensed.kept_lines, condensed.total_lines), (5, 9));
}

#[test]
fn high_with_no_marked_line_keeps_nothing() {
    let condensed = condense("just words\nmore words\n", CondenseLevel::High);
    assert_eq!(condensed.text, "");
    assert_eq!(condensed.kept_lines, 0);
    assert_eq!(condensed.ratio_percent, 0);
}

#[test]
fn ratio_is_condensed_over_original_characters_rounded() {
    let notes = "abc\n\n\n\ndef"; // 10 characters
    let condensed = condense(notes, CondenseLevel::Low);
    assert_eq!(condensed.text, "abc\ndef"); // 7 characters
    assert_eq!((condensed.original_chars, condensed.condensed_chars), (10, 7));
    assert_eq!(condensed.ratio_percent, 70);

    // 2 of 3 characters: 66.67% rounds to 67.
    let condensed = condense("ab\n", CondenseLevel::Low);
    assert_eq!((condensed.original_chars, condensed.condensed_chars, condensed.ratio_percent), (3, 2, 67));

    // Characters, not bytes.
    let condensed = condense("✅ é\n\n", CondenseLevel::High);
    assert_eq!((condensed.original_chars, condensed.condensed_chars), (5, 3));
    assert_eq!(condensed.ratio_percent, 60);
}

#[test]
fn empty_notes_condense_to_nothing_at_every_level() {
    for level in CondenseLevel::ALL {
        let condensed = condense("", level);
        assert_eq!(condensed.text, "", "{level:?}");
        assert_eq!(condensed.ratio_percent, 100, "nothing was cut");
        assert_eq!((condensed.kept_lines, condensed.total_lines), (0, 0));
    }
}

#[test]
fn windows_line_endings_are_read_as_lines() {
    let condensed = condense("one\r\n\r\ntwo\r\n", CondenseLevel::Low);
    assert_eq!(condensed.text, "one\ntwo");
}

/// A chat paste as it comes out of a browser: UI chrome, progress text, separators, timestamps,
/// repeated lines, and the content worth keeping.
const CHAT_PASTE: &str = "\
## Invoice parser — session 3

12:41
You said:
ok so where are we with the rounding thing?
ChatGPT said:
Thinking…
Loading...
Sure! Let me look at it again.
The total was off by one cent on invoice 42.
We decided to sum cents first and round once, because per-line rounding drifts.
Here is the change:
```rust
fn total_cents(lines: &[Line]) -> i64 {
    lines.iter().map(|line| line.cents).sum()
}
```
Copy code

---
- 
- ✅ rounding fixed in src/parser/mod.rs
- ⚠️ dates like 03/04/2026 are ambiguous
- 
The total was off by one cent on invoice 42.

Great question, happy to help!
Let me know if you need anything else.
TODO: ask the user which date format the supplier uses
Never log the API key.
Don't touch the migration files.
=====
***
Regenerate
2026-03-14 09:15
Copy code



That sounds good.
";

#[test]
fn smart_keeps_what_matters_in_a_noisy_chat_paste() {
    let condensed = condense(CHAT_PASTE, CondenseLevel::Smart);
    let expected = "\
## Invoice parser — session 3

The total was off by one cent on invoice 42.
We decided to sum cents first and round once, because per-line rounding drifts.
```rust
fn total_cents(lines: &[Line]) -> i64 {
    lines.iter().map(|line| line.cents).sum()
}
```

- ✅ rounding fixed in src/parser/mod.rs
- ⚠️ dates like 03/04/2026 are ambiguous

TODO: ask the user which date format the supplier uses
Never log the API key.
Don't touch the migration files.";
    assert_eq!(condensed.text, expected);
    assert!(condensed.ratio_percent < 60, "ratio {}", condensed.ratio_percent);
    assert_eq!(condensed.kept_lines, 13);
    assert_eq!(condensed.total_lines, CHAT_PASTE.lines().filter(|l| !l.trim().is_empty()).count());
}

#[test]
fn smart_drops_each_kind_of_noise() {
    for noise in [
        "---",
        "- - -",
        "===",
        "***",
        "___",
        "-",
        "*",
        "- [ ]",
        "3.",
        "Loading…",
        "Loading...",
        "thinking",
        "Copy code",
        "Copied!",
        "Regenerate",
        "12:41",
        "12:41 PM",
        "2026-03-14",
        "14/03/2026 09:15",
        "2026-03-14T09:15:00Z",
    ] {
        let notes = format!("# Title\n{noise}\n");
        assert_eq!(condense(&notes, CondenseLevel::Smart).text, "# Title", "{noise:?} should be dropped");
    }
}

#[test]
fn smart_keeps_each_kind_of_content() {
    for line in [
        "# Heading",
        "### Deep heading",
        "- a list item with words",
        "* another item",
        "1. first step",
        "2) second step",
        "✅ done",
        "❌ failed on Windows",
        "🚧 in progress",
        "⚠ careful",
        "TODO write the changelog",
        "FIXME: flaky test",
        "NOTE this is on purpose",
        "IMPORTANT keep the order",
        "this is important to remember",
        "We decided on SQLite",
        "Decision: keep SQLite",
        "It fails because the key is missing",
        "The key must stay in memory",
        "never push on Friday",
        "don't rename the table",
        "the budget is 8000 tokens",
        "see src/lib.rs for the entry point",
        "edit Cargo.toml first",
        "run `cargo test` again",
        "call parser::parse() before that",
        "docs at https://example.com/docs",
    ] {
        let condensed = condense(line, CondenseLevel::Smart);
        assert_eq!(condensed.text, line, "{line:?} should be kept");
    }
}

#[test]
fn smart_drops_plain_chatter() {
    for line in ["Sure, happy to help!", "That sounds good.", "Let me know if you need anything else.", "ok thanks"] {
        assert_eq!(condense(line, CondenseLevel::Smart).text, "", "{line:?} should be dropped");
    }
}

#[test]
fn smart_drops_repeated_lines_ignoring_case_and_indentation() {
    let notes = "- fix the parser\n  - Fix the parser\n- fix the parser\n- write docs";
    assert_eq!(condense(notes, CondenseLevel::Smart).text, "- fix the parser\n- write docs");
}

#[test]
fn smart_collapses_blank_lines_and_trims_the_ends() {
    let notes = "\n\n# A\n\n\n\n# B\n\n\n";
    assert_eq!(condense(notes, CondenseLevel::Smart).text, "# A\n\n# B");
}

#[test]
fn smart_keeps_short_code_blocks_whole_even_their_noise_and_blank_lines() {
    let notes = "intro chatter\n~~~python\n---\n\nprint('hi')\nprint('hi')\n~~~\nmore chatter";
    assert_eq!(condense(notes, CondenseLevel::Smart).text, "~~~python\n---\n\nprint('hi')\nprint('hi')\n~~~");
    // A longer fence is closed only by a fence at least as long.
    let notes = "````md\n```rust\nlet x = 1;\n```\n````";
    assert_eq!(condense(notes, CondenseLevel::Smart).text, notes);
}

#[test]
fn smart_cuts_long_code_blocks_and_says_how_much() {
    let body: Vec<String> = (1..=50).map(|n| format!("let value_{n} = {n};")).collect();
    let notes = format!("# Code\n```rust\n{}\n```\nafter", body.join("\n"));
    let condensed = condense(&notes, CondenseLevel::Smart);
    let lines: Vec<&str> = condensed.text.lines().collect();
    assert_eq!(lines[1], "```rust");
    assert_eq!(lines[2], "let value_1 = 1;");
    assert_eq!(lines[21], "let value_20 = 20;");
    assert_eq!(lines[22], "… 30 more lines of code");
    assert_eq!(lines[23], "```");
    assert_eq!(lines.len(), 24);
}

#[test]
fn smart_keeps_an_unclosed_code_block_to_the_end() {
    let notes = "# Log\n```\nerror: linker failed\nnote: see above";
    assert_eq!(condense(notes, CondenseLevel::Smart).text, notes);
}
