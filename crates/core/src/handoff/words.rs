//! The fixed words of a bundle, per language: section headings, the instructions to the receiving
//! assistant, labels ("Next action", "because", "rejected"), the split headings and the report
//! request with its template, and the troubleshooting prompt (`crate::prompts`).
//!
//! Where the words live: `locales/<code>/bundle.json` at the repository root, one file per
//! language, embedded here with `include_str!` and parsed once into [`BundleWords`]. Every field
//! is required and unknown fields are refused, so a missing or misspelt word fails the build's
//! tests (`every_language_has_every_word`), not a bundle. Values may hold placeholders
//! (`{project}`, `{number}` …) filled by [`fill`]; a translation keeps the English value's
//! placeholders. The words the report parser reads back live beside them in
//! `locales/<code>/report.json` (see `crate::report`).
//!
//! Adding a language: a `Language` variant, its folder `locales/<code>/` with `bundle.json` and
//! `report.json` (copy English's and translate the values), and its arm in [`source`].

use crate::locale::Language;
use crate::records::{Importance, KnowledgeCategory, Role};
use serde::Deserialize;
use std::sync::OnceLock;

/// The text of a language's `bundle.json`.
fn source(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("../../../../locales/en/bundle.json"),
        Language::Indonesian => include_str!("../../../../locales/id/bundle.json"),
    }
}

/// The bundle words of `language`, parsed once.
pub fn words(language: Language) -> &'static BundleWords {
    static PARSED: OnceLock<Vec<BundleWords>> = OnceLock::new();
    let all = PARSED.get_or_init(|| {
        Language::ALL
            .iter()
            .map(|&language| {
                serde_json::from_str(source(language))
                    .unwrap_or_else(|error| panic!("locales/{}/bundle.json does not read: {error}", language.code()))
            })
            .collect()
    });
    let index = Language::ALL.iter().position(|&known| known == language).unwrap_or(0);
    &all[index]
}

/// `template` with each `{name}` of `values` replaced, in one pass (so a value that itself
/// contains `{name}`, from user text, is left as it is). Unknown placeholders are kept.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(key, _)| *key == name).map(|(_, value)| (close, *value))
        }) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleWords {
    pub headings: Headings,
    pub header: HeaderWords,
    pub instructions: Instructions,
    pub body: BodyWords,
    pub delta: DeltaWords,
    pub omitted: OmittedWords,
    pub split: SplitWords,
    pub classic: ClassicWords,
    pub roles: RoleWords,
    pub categories: CategoryWords,
    pub importance: ImportanceWords,
    pub report_request: ReportRequest,
    /// The troubleshooting prompt (`crate::prompts::troubleshooting_prompt`).
    pub troubleshoot: TroubleshootWords,
}

/// One heading per section; `header` is the bundle's title ("Handoff: {project}").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    pub header: String,
    pub instructions: String,
    pub goal: String,
    pub current_state: String,
    pub next_steps: String,
    pub blockers: String,
    pub decisions: String,
    pub constraints: String,
    pub done_so_far: String,
    pub key_files: String,
    pub knowledge: String,
    pub transcript: String,
    pub report_request: String,
}

impl Headings {
    /// The heading of a section (the header's is the title template).
    pub fn of(&self, kind: super::SectionKind) -> &str {
        use super::SectionKind as Kind;
        match kind {
            Kind::Header => &self.header,
            Kind::Instructions => &self.instructions,
            Kind::Goal => &self.goal,
            Kind::CurrentState => &self.current_state,
            Kind::NextSteps => &self.next_steps,
            Kind::Blockers => &self.blockers,
            Kind::Decisions => &self.decisions,
            Kind::Constraints => &self.constraints,
            Kind::DoneSoFar => &self.done_so_far,
            Kind::KeyFiles => &self.key_files,
            Kind::Knowledge => &self.knowledge,
            Kind::Transcript => &self.transcript,
            Kind::ReportRequest => &self.report_request,
        }
    }
}

/// The header's field labels and values.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderWords {
    pub project: String,
    pub handoff_id: String,
    pub date: String,
    pub from: String,
    pub to: String,
    pub continuing_as: String,
    pub latest_checkpoint: String,
    pub changes_since: String,
    pub not_recorded: String,
    pub any_account: String,
    pub session: String,
    pub git: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instructions {
    pub continuing: String,
    pub delta: String,
    pub do_not_redo: String,
    pub start: String,
    pub ask: String,
    pub report: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyWords {
    pub none_recorded: String,
    pub from_session_notes: String,
    pub from_session_report: String,
    pub next_action: String,
    pub do_not_redo: String,
    pub done_since: String,
    pub session: String,
    pub session_ended: String,
    pub turn: String,
    pub lines_omitted: String,
    /// The word between a decision and its reason ("<decision> — because <reason>").
    pub because: String,
    /// The word before the rejected alternatives ("(rejected: a, b)").
    pub rejected: String,
    pub checkpoint_dated: String,
    pub checkpoint_named: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeltaWords {
    pub unchanged: String,
    pub goal_recap: String,
    pub goal_changed: String,
    pub cleared: String,
    pub now_reads: String,
    pub all_removed: String,
    pub now_step: String,
    pub changed_since: String,
    pub order_changed: String,
    pub decisions: String,
    pub constraints: String,
    pub key_files: String,
    pub new: String,
    pub withdrawn: String,
    pub no_longer_key: String,
    pub changed: String,
    pub added: String,
    pub removed: String,
}

/// A count's wording: `one` for 1, `other` for any other count (both with `{count}`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plural {
    pub one: String,
    pub other: String,
}

impl Plural {
    pub fn count(&self, count: usize) -> String {
        let template = if count == 1 { &self.one } else { &self.other };
        fill(template, &[("count", &count.to_string())])
    }
}

/// The line saying what budget trimming left out, and each kind of item it counts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OmittedWords {
    pub line: String,
    pub transcript: Plural,
    pub knowledge: Plural,
    pub sessions: Plural,
    pub files: Plural,
    pub decisions: Plural,
    pub constraints: Plural,
    pub do_not_redo: Plural,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitWords {
    pub part: String,
    pub last_part: String,
    pub continues: String,
}

/// The original app's layout ([`crate::records::BundleFormat::Classic`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassicWords {
    pub title: String,
    pub condensed_context: String,
    pub done: String,
    pub blockers: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleWords {
    pub user: String,
    pub assistant: String,
    pub system: String,
    pub tool: String,
}

impl RoleWords {
    pub fn of(&self, role: Role) -> &str {
        match role {
            Role::User => &self.user,
            Role::Assistant => &self.assistant,
            Role::System => &self.system,
            Role::Tool => &self.tool,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryWords {
    pub pattern: String,
    pub error_solution: String,
    pub optimization: String,
    pub best_practice: String,
    pub tip: String,
}

impl CategoryWords {
    pub fn of(&self, category: KnowledgeCategory) -> &str {
        match category {
            KnowledgeCategory::Pattern => &self.pattern,
            KnowledgeCategory::ErrorSolution => &self.error_solution,
            KnowledgeCategory::Optimization => &self.optimization,
            KnowledgeCategory::BestPractice => &self.best_practice,
            KnowledgeCategory::Tip => &self.tip,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportanceWords {
    pub critical: String,
    pub high: String,
    pub normal: String,
    pub low: String,
}

impl ImportanceWords {
    pub fn of(&self, importance: Importance) -> &str {
        match importance {
            Importance::Critical => &self.critical,
            Importance::High => &self.high,
            Importance::Normal => &self.normal,
            Importance::Low => &self.low,
        }
    }
}

/// The paragraph before the report template, and the template's lines (headings in the
/// language, which the report parser reads back).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub intro: String,
    pub block: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TroubleshootWords {
    pub title: String,
    pub intro: String,
    pub project: String,
    pub name: String,
    pub goal: String,
    pub current_state: String,
    pub key_files: String,
    pub constraints: String,
    pub constraints_note: String,
    pub error: String,
    pub stack_trace: String,
    pub code: String,
    pub environment: String,
    pub what_i_need: String,
    /// What the answer should contain, one numbered item each.
    pub needs: Vec<String>,
    pub missing: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn raw(language: Language) -> Value {
        serde_json::from_str(source(language)).expect("valid JSON")
    }

    /// Every string of a JSON value with its path ("headings.goal", "report_request.block.3").
    fn leaves(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
        match value {
            Value::String(text) => out.push((path.to_string(), text.clone())),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    leaves(item, &format!("{path}.{index}"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    leaves(item, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
            other => panic!("{path}: only strings are words, found {other}"),
        }
    }

    fn placeholders(text: &str) -> BTreeSet<String> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_string()).collect()
    }

    #[test]
    fn every_language_has_every_word() {
        let english = {
            let mut out = Vec::new();
            leaves(&raw(Language::English), "", &mut out);
            out
        };
        for language in Language::ALL {
            let parsed = words(language);
            assert!(!parsed.report_request.block.is_empty());
            let mut theirs = Vec::new();
            leaves(&raw(language), "", &mut theirs);
            let paths = |leaves: &[(String, String)]| leaves.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(&theirs), paths(&english), "{language:?} has the words English has, no more");
            for ((path, text), (_, english_text)) in theirs.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{language:?} {path} is empty");
                assert_eq!(placeholders(text), placeholders(english_text), "{language:?} {path}: placeholders");
            }
        }
    }

    #[test]
    fn indonesian_words_are_indonesian() {
        let (mut english, mut indonesian) = (Vec::new(), Vec::new());
        leaves(&raw(Language::English), "", &mut english);
        leaves(&raw(Language::Indonesian), "", &mut indonesian);
        // The same in both languages: the fences, the bare ellipsis lines and a few words both use.
        let same: Vec<&str> = english
            .iter()
            .zip(&indonesian)
            .filter(|((_, en), (_, id))| en == id)
            .map(|((path, _), _)| path.as_str())
            .collect();
        let allowed = [
            "header.git",
            "importance.normal",
            "report_request.block.0",
            "report_request.block.4",
            "report_request.block.6",
            "report_request.block.8",
            "report_request.block.10",
            "report_request.block.17",
        ];
        assert_eq!(same, allowed);
    }

    #[test]
    fn fill_replaces_known_placeholders_once() {
        assert_eq!(fill("Part {number} of {count}", &[("number", "2"), ("count", "3")]), "Part 2 of 3");
        assert_eq!(fill("{project}!", &[("project", "a {project} b")]), "a {project} b!");
        assert_eq!(fill("{unknown} {", &[]), "{unknown} {");
    }
}
