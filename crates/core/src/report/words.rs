//! The words the report parser reads, per language: heading synonyms, the `status:` and
//! `credits_used:` keys, status words, "none", sign-off openings, the "because" and "rejected"
//! markers of a decision, importance words and knowledge categories.
//!
//! Where the words live: `locales/<code>/report.json` at the repository root, embedded here with
//! `include_str!` and parsed once. Every field is required and unknown fields are refused
//! (`every_language_has_every_word` fails otherwise). The parser reads every language at once
//! ([`vocabulary`] merges them, English first), so a report may mix languages: Indonesian
//! headings with English items, or headings of both. Words are written normalised: lower case,
//! letters and digits separated by single spaces (see `normalise_label`); a "because" word may
//! end in a colon ("alasan:").
//!
//! Adding a language: its `report.json` beside its `bundle.json` (see `handoff/words.rs`) and its
//! arm in [`source`]. The template a bundle asks for (`bundle.json`, `report_request.block`) must
//! use headings and status words listed here; a test reads each language's template back.

use crate::locale::Language;
use crate::records::KnowledgeCategory;
use serde::Deserialize;
use std::sync::OnceLock;

fn source(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("../../../../locales/en/report.json"),
        Language::Indonesian => include_str!("../../../../locales/id/report.json"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportWords {
    pub headings: Headings,
    pub status_keys: Vec<String>,
    pub credits_keys: Vec<String>,
    pub credit_units: Vec<String>,
    pub status: StatusWords,
    pub empty: Vec<String>,
    pub epilogue: Vec<String>,
    pub because: Vec<String>,
    pub rejected: Vec<String>,
    pub importance: ImportanceWords,
    pub categories: Categories,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Headings {
    pub done: Vec<String>,
    pub current_state: Vec<String>,
    pub next_steps: Vec<String>,
    pub blockers: Vec<String>,
    pub decisions: Vec<String>,
    pub files: Vec<String>,
    pub knowledge: Vec<String>,
}

/// Status values: each a word or a few ("in progress", "belum selesai"); the longest that
/// starts the value wins.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StatusWords {
    pub completed: Vec<String>,
    pub partial: Vec<String>,
    pub blocked: Vec<String>,
}

/// Words in a file's note that raise its importance.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ImportanceWords {
    pub critical: Vec<String>,
    pub high: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Categories {
    pub pattern: Vec<String>,
    pub error_solution: Vec<String>,
    pub optimization: Vec<String>,
    pub best_practice: Vec<String>,
    pub tip: Vec<String>,
}

fn parse(language: Language) -> ReportWords {
    serde_json::from_str(source(language))
        .unwrap_or_else(|error| panic!("locales/{}/report.json does not read: {error}", language.code()))
}

/// Every language's words together, English first (so its readings win a tie).
pub(super) fn vocabulary() -> &'static ReportWords {
    static MERGED: OnceLock<ReportWords> = OnceLock::new();
    MERGED.get_or_init(|| {
        let mut all = Language::ALL.iter().map(|&language| parse(language));
        let mut merged = all.next().expect("at least one language");
        for words in all {
            let extend = |into: &mut Vec<String>, from: Vec<String>| {
                for word in from {
                    if !into.contains(&word) {
                        into.push(word);
                    }
                }
            };
            let (h, m) = (words.headings, &mut merged.headings);
            extend(&mut m.done, h.done);
            extend(&mut m.current_state, h.current_state);
            extend(&mut m.next_steps, h.next_steps);
            extend(&mut m.blockers, h.blockers);
            extend(&mut m.decisions, h.decisions);
            extend(&mut m.files, h.files);
            extend(&mut m.knowledge, h.knowledge);
            extend(&mut merged.status_keys, words.status_keys);
            extend(&mut merged.credits_keys, words.credits_keys);
            extend(&mut merged.credit_units, words.credit_units);
            extend(&mut merged.status.completed, words.status.completed);
            extend(&mut merged.status.partial, words.status.partial);
            extend(&mut merged.status.blocked, words.status.blocked);
            extend(&mut merged.empty, words.empty);
            extend(&mut merged.epilogue, words.epilogue);
            extend(&mut merged.because, words.because);
            extend(&mut merged.rejected, words.rejected);
            extend(&mut merged.importance.critical, words.importance.critical);
            extend(&mut merged.importance.high, words.importance.high);
            let (c, m) = (words.categories, &mut merged.categories);
            extend(&mut m.pattern, c.pattern);
            extend(&mut m.error_solution, c.error_solution);
            extend(&mut m.optimization, c.optimization);
            extend(&mut m.best_practice, c.best_practice);
            extend(&mut m.tip, c.tip);
        }
        merged
    })
}

impl Categories {
    pub(super) fn find(&self, normalised: &str) -> Option<KnowledgeCategory> {
        [
            (KnowledgeCategory::Pattern, &self.pattern),
            (KnowledgeCategory::ErrorSolution, &self.error_solution),
            (KnowledgeCategory::Optimization, &self.optimization),
            (KnowledgeCategory::BestPractice, &self.best_practice),
            (KnowledgeCategory::Tip, &self.tip),
        ]
        .into_iter()
        .find(|(_, names)| names.iter().any(|name| name == normalised))
        .map(|(category, _)| category)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn lists(value: &Value, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        match value {
            Value::Array(items) => out.push((
                path.to_string(),
                items.iter().map(|item| item.as_str().expect("words are strings").to_string()).collect(),
            )),
            Value::Object(map) => {
                for (key, item) in map {
                    lists(item, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
            other => panic!("{path}: a list of words was expected, found {other}"),
        }
    }

    #[test]
    fn every_language_has_every_word() {
        for language in Language::ALL {
            parse(language);
            let value: Value = serde_json::from_str(source(language)).unwrap();
            let mut found = Vec::new();
            lists(&value, "", &mut found);
            for (path, words) in found {
                assert!(!words.is_empty(), "{language:?} {path} has no words");
                for word in words {
                    assert!(!word.trim().is_empty(), "{language:?} {path} has an empty word");
                    if path.starts_with("headings") || path.starts_with("categories") || path.ends_with("keys") {
                        // Written as the parser compares them.
                        assert_eq!(super::super::normalise_label(&word), word, "{language:?} {path}");
                    }
                }
            }
        }
        let _ = vocabulary();
    }

    #[test]
    fn indonesian_words_differ_from_english_where_they_must() {
        let (en, id) = (parse(Language::English), parse(Language::Indonesian));
        assert!(id.headings.done.iter().all(|word| !en.headings.done.contains(word)));
        assert!(id.headings.next_steps.iter().all(|word| !en.headings.next_steps.contains(word)));
        assert!(id.status.completed.iter().all(|word| !en.status.completed.contains(word)));
        assert!(id.because.iter().all(|word| !en.because.contains(word)));
        assert!(id.rejected.iter().all(|word| !en.rejected.contains(word)));
        // No word reads as two sections, or as two statuses, across the languages.
        let merged = vocabulary();
        let h = &merged.headings;
        let sections = [&h.done, &h.current_state, &h.next_steps, &h.blockers, &h.decisions, &h.files, &h.knowledge];
        for (index, words) in sections.iter().enumerate() {
            for other in &sections[index + 1..] {
                assert!(words.iter().all(|word| !other.contains(word)), "{words:?} / {other:?}");
            }
        }
        let s = &merged.status;
        for word in &s.completed {
            assert!(!s.partial.contains(word) && !s.blocked.contains(word), "{word}");
        }
    }
}
