//! What the handoff builder shows for one choice of options: the bundle built, the secrets the
//! user chose to hide redacted, estimated, linted and split for pasting. Pure, so the screen is
//! one call and the pipeline is tested natively.

use super::{build, BuildInput, BuildOptions, BuiltBundle, SplitBlock};
use crate::lint::{self, Finding, LintContext, Severity};
use crate::locale::{self, format_number};
use crate::records::{Bundle, BundleFormat, Platform};
use crate::tokens::{estimate_tokens, format_estimate};
use std::collections::BTreeSet;

/// The bundle as built plus what the user redacted, linted and split.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The bundle as the builder made it (its text unredacted).
    pub built: BuiltBundle,
    /// The text that leaves the browser: the built text with the chosen secrets redacted.
    pub text: String,
    /// `text` split for the paste limit (one part without a limit).
    pub parts: Vec<String>,
    /// The code blocks larger than a part, split across parts (said under the preview).
    pub split_blocks: Vec<SplitBlock>,
    /// `estimate_tokens(&text)`.
    pub tokens: u32,
    pub findings: Vec<Finding>,
}

/// Builds the bundle and checks it. `redacted` holds the secrets' texts the user chose to hide:
/// kept by text, not position, so they stay hidden when the bundle is rebuilt. The paste limit
/// of `options` splits the redacted text (never the secret itself).
pub fn check(input: &BuildInput, options: &BuildOptions, redacted: &BTreeSet<String>) -> Checked {
    let built = build(input, &BuildOptions { paste_limit: None, ..options.clone() });
    let secrets: Vec<Finding> = lint::scan_secrets(&built.text)
        .into_iter()
        .filter(|finding| finding.range.as_ref().is_some_and(|range| redacted.contains(&built.text[range.clone()])))
        .collect();
    let text = if secrets.is_empty() { built.text.clone() } else { lint::redact_all(&built.text, &secrets) };
    let tokens = estimate_tokens(&text);
    let findings = lint::lint(
        &text,
        &LintContext { missing_required: &built.empty_required, estimated_tokens: tokens, budget: built.budget },
    );
    let split = match options.paste_limit {
        Some(limit) => super::split_in(&text, limit, options.language),
        None => super::Split { parts: vec![text.clone()], split_blocks: Vec::new() },
    };
    Checked { built, text, parts: split.parts, split_blocks: split.split_blocks, tokens, findings }
}

impl Checked {
    /// How many findings are errors (copying, downloading or queueing then asks first).
    pub fn error_count(&self) -> usize {
        self.findings.iter().filter(|finding| finding.severity == Severity::Error).count()
    }

    /// The secret a finding points at in [`Checked::text`] (what "Redact" hides).
    pub fn secret_text(&self, finding: &Finding) -> Option<String> {
        finding.range.clone().and_then(|range| self.text.get(range).map(str::to_string))
    }

    /// "≈ 1,234 tokens (5,678 characters) · budget 2,000 · fits · delta".
    pub fn figures(&self) -> String {
        let mut text = format!(
            "{} ({} characters)",
            format_estimate(self.tokens),
            format_number(self.text.chars().count() as f64)
        );
        if let Some(budget) = self.built.budget {
            text.push_str(&format!(" · budget {}", format_number(f64::from(budget))));
            text.push_str(if self.built.fits { " · fits" } else { " · over budget" });
        }
        if self.built.is_delta {
            text.push_str(" · delta");
        }
        text
    }

    /// Why the bundle cannot fit, when even the required sections exceed the budget.
    pub fn over_budget_warning(&self) -> Option<String> {
        self.built.over_budget_by.map(|over| {
            format!(
                "The required sections alone exceed the budget by {} tokens. Raise the budget, shorten the living state, or choose an account with a larger context window.",
                locale::format_integer(i64::from(over))
            )
        })
    }

    /// "Nothing trimmed." or "Trimmed to fit — omitted: …".
    pub fn trimmed(&self) -> String {
        if self.built.omitted_summary.is_empty() {
            "Nothing trimmed.".to_string()
        } else {
            format!("Trimmed to fit — {}", self.built.omitted_summary)
        }
    }

    /// What splitting did, in words: how many parts, and each code block that had to be split.
    pub fn split_report(&self) -> String {
        let count = self.parts.len();
        if count <= 1 {
            return "One part.".to_string();
        }
        let mut text = format!("Split into {count} parts.");
        for block in &self.split_blocks {
            text.push_str(&format!(
                " A code block larger than a part is split across parts {}–{}: each of those parts closes its fence and says where the code continues, and the next reopens it.",
                block.first_part, block.last_part
            ));
        }
        if self.split_blocks.is_empty() {
            text.push_str(" No code block is split.");
        }
        text
    }

    /// The bundle as kept with a queued handoff: the redacted text, its estimate and the lint.
    pub fn to_record(&self, format: BundleFormat, target_platform: Platform) -> Bundle {
        let notes = self.findings.iter().map(Finding::to_note).collect();
        let mut bundle = self.built.to_record(format, target_platform, notes);
        bundle.text = self.text.clone();
        bundle.estimated_tokens = self.tokens;
        bundle
    }
}
