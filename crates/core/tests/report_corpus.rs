//! The report parser against committed reports (`tests/data/reports/*.txt`), each with what it
//! must read in `<name>.expected.json` (keys left out are empty). Run with `BLESS_REPORTS=1` to
//! write the expected files from the parser's output, then review them by hand.

use baton_core::report::{parse_report, ParsedReport, ReportError};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/reports")
}

fn report_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(reports_dir())
        .expect("the reports directory")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
}

/// The compact form the expected files use: empty lists, `None` and `false` are left out.
fn compact(result: &Result<ParsedReport, ReportError>) -> Value {
    let report = match result {
        Ok(report) => report,
        Err(ReportError::Empty) => return json!({ "error": "empty" }),
        Err(ReportError::NothingRecognised) => return json!({ "error": "nothing_recognised" }),
    };
    let mut map = Map::new();
    let mut put = |key: &str, value: Value| {
        let empty = value.is_null() || value == json!([]) || value == json!(false);
        if !empty {
            map.insert(key.to_string(), value);
        }
    };
    put("status", json!(report.status.map(|s| s.as_str())));
    put("credits_used", json!(report.credits_used));
    put("done", json!(report.done));
    put("current_state", json!(report.current_state));
    put("next_steps", json!(report.next_steps));
    put("blockers", json!(report.blockers));
    put(
        "decisions",
        Value::Array(report.decisions.iter().map(|d| json!([d.text, d.rationale, d.rejected_alternatives])).collect()),
    );
    put("files", Value::Array(report.files.iter().map(|f| json!([f.path, f.importance.as_str(), f.notes])).collect()));
    put(
        "knowledge",
        Value::Array(report.knowledge.iter().map(|k| json!([k.category.as_str(), k.title, k.body])).collect()),
    );
    put("unknown_sections", json!(report.unknown_sections));
    put("found_fence", json!(report.found_fence));
    put("warnings", json!(report.warnings));
    Value::Object(map)
}

#[test]
fn every_report_reads_as_expected() {
    let files = report_files();
    assert!(files.len() >= 30, "{} reports", files.len());
    let bless = std::env::var_os("BLESS_REPORTS").is_some();
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a readable report");
        let actual = compact(&parse_report(&text));
        let expected_path = path.with_extension("expected.json");
        if bless {
            let pretty = serde_json::to_string_pretty(&actual).expect("json") + "\n";
            std::fs::write(&expected_path, pretty).expect("write the expected file");
            continue;
        }
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path).unwrap_or_else(|_| panic!("missing {}", expected_path.display())),
        )
        .expect("valid json");
        if actual != expected {
            failures.push(format!(
                "{}:\n  expected {}\n  actual   {}",
                path.file_name().unwrap_or_default().to_string_lossy(),
                expected,
                actual
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn line_endings_do_not_change_what_is_read() {
    for path in report_files() {
        let text = std::fs::read_to_string(&path).expect("a readable report");
        let unix = text.replace("\r\n", "\n");
        let windows = unix.replace('\n', "\r\n");
        let old_mac = unix.replace('\n', "\r");
        let expected = parse_report(&unix);
        assert_eq!(parse_report(&windows), expected, "{}", path.display());
        assert_eq!(parse_report(&old_mac), expected, "{}", path.display());
    }
}

#[test]
fn the_crlf_report_really_has_crlf_line_endings() {
    let text = std::fs::read_to_string(reports_dir().join("09-crlf.txt")).expect("the CRLF report");
    assert!(text.contains("\r\n"));
}
