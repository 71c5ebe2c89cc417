//! What changed between two living states: comparing checkpoints, and what a delta handoff sends.
//!
//! Items of the lists are matched by identity: next steps, constraints and "do not redo" items
//! by their exact text, decisions by their text, key files by their path. So a decision whose
//! rationale changed is *changed*, while a decision whose text was edited is one removed and one
//! added (its text is what it is). For the plain text lists an edited item would also be a removal
//! and an addition; a removed and an added item in the same place (between the same unchanged
//! neighbours) are paired as one *changed* item instead, which is how people read an edit.

use crate::records::{Decision, KeyFile, LivingState};
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    Added(T),
    Removed(T),
    Changed { before: T, after: T },
}

impl<T> Change<T> {
    /// "added", "removed" or "changed".
    fn verb(&self) -> Verb {
        match self {
            Change::Added(_) => Verb::Added,
            Change::Removed(_) => Verb::Removed,
            Change::Changed { .. } => Verb::Changed,
        }
    }
}

/// What happened to items of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Added,
    Removed,
    Changed,
}

const VERBS: [Verb; 3] = [Verb::Added, Verb::Removed, Verb::Changed];

/// What happened to a text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Set,
    Cleared,
    Changed,
}

/// A list of the living state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    NextSteps,
    Decisions,
    Constraints,
    DoNotRedo,
    KeyFiles,
}

/// One line of a diff's summary, for the UI to word ("Goal changed", "2 next steps added",
/// "Decision “Use IndexedDB” changed").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SummaryLine {
    Goal(Edit),
    /// With the lines added and removed when both versions have text.
    CurrentState {
        edit: Edit,
        lines: Option<(usize, usize)>,
    },
    NextStepsReordered,
    /// `count` items of `list` had `verb` done to them.
    Counted {
        list: List,
        verb: Verb,
        count: usize,
    },
    /// One item, by its name (a decision's text, a file's path).
    Named {
        list: List,
        verb: Verb,
        name: String,
    },
}

/// Field-by-field differences between two living states (see [`diff_states`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateDiff {
    /// (before, after) when the goal changed.
    pub goal: Option<(String, String)>,
    /// (before, after) when the current state changed; see [`line_diff`] to show it.
    pub current_state: Option<(String, String)>,
    pub next_steps: Vec<Change<String>>,
    /// The next steps present in both states are in another order.
    pub next_steps_reordered: bool,
    pub decisions: Vec<Change<Decision>>,
    pub constraints: Vec<Change<String>>,
    pub do_not_redo: Vec<Change<String>>,
    pub files: Vec<Change<KeyFile>>,
}

impl StateDiff {
    pub fn is_empty(&self) -> bool {
        self.goal.is_none()
            && self.current_state.is_none()
            && self.next_steps.is_empty()
            && !self.next_steps_reordered
            && self.decisions.is_empty()
            && self.constraints.is_empty()
            && self.do_not_redo.is_empty()
            && self.files.is_empty()
    }

    /// The changes field by field ("Goal changed", "2 next steps added", "Decision “Use
    /// IndexedDB” changed"); empty when nothing changed.
    pub fn summary(&self) -> Vec<SummaryLine> {
        let mut lines = Vec::new();
        if let Some((before, after)) = &self.goal {
            lines.push(SummaryLine::Goal(edit(before, after)));
        }
        if let Some((before, after)) = &self.current_state {
            let diff = line_diff(before, after);
            let added = diff.iter().filter(|(change, _)| *change == LineChange::Added).count();
            let removed = diff.iter().filter(|(change, _)| *change == LineChange::Removed).count();
            let counted = !before.is_empty() && !after.is_empty();
            lines.push(SummaryLine::CurrentState {
                edit: edit(before, after),
                lines: counted.then_some((added, removed)),
            });
        }
        counted(&mut lines, &self.next_steps, List::NextSteps);
        if self.next_steps_reordered {
            lines.push(SummaryLine::NextStepsReordered);
        }
        named(&mut lines, &self.decisions, List::Decisions, |decision| decision.text.as_str());
        counted(&mut lines, &self.constraints, List::Constraints);
        counted(&mut lines, &self.do_not_redo, List::DoNotRedo);
        named(&mut lines, &self.files, List::KeyFiles, |file| file.path.as_str());
        lines
    }
}

fn edit(before: &str, after: &str) -> Edit {
    if before.trim().is_empty() {
        Edit::Set
    } else if after.trim().is_empty() {
        Edit::Cleared
    } else {
        Edit::Changed
    }
}

/// "2 next steps added", "1 next step removed", "1 next step changed".
fn counted<T>(lines: &mut Vec<SummaryLine>, changes: &[Change<T>], list: List) {
    for verb in VERBS {
        let count = changes.iter().filter(|change| change.verb() == verb).count();
        if count > 0 {
            lines.push(SummaryLine::Counted { list, verb, count });
        }
    }
}

/// Names each item ("Decision “Use IndexedDB” changed") when there are at most three of a kind,
/// and counts them otherwise ("5 decisions added").
fn named<T>(lines: &mut Vec<SummaryLine>, changes: &[Change<T>], list: List, name: fn(&T) -> &str) {
    const NAMED_UP_TO: usize = 3;
    for verb in VERBS {
        let of_kind: Vec<&Change<T>> = changes.iter().filter(|change| change.verb() == verb).collect();
        if of_kind.len() > NAMED_UP_TO {
            lines.push(SummaryLine::Counted { list, verb, count: of_kind.len() });
            continue;
        }
        for change in of_kind {
            let item = match change {
                Change::Added(item) | Change::Removed(item) | Change::Changed { after: item, .. } => item,
            };
            lines.push(SummaryLine::Named { list, verb, name: name(item).to_string() });
        }
    }
}

/// What changed from `before` to `after`, field by field (see the module documentation for how
/// list items are matched).
pub fn diff_states(before: &LivingState, after: &LivingState) -> StateDiff {
    let (next_steps, next_steps_reordered) = diff_texts(&before.next_steps, &after.next_steps);
    let (constraints, _) = diff_texts(&before.constraints, &after.constraints);
    let (do_not_redo, _) = diff_texts(&before.do_not_redo, &after.do_not_redo);
    StateDiff {
        goal: (before.goal != after.goal).then(|| (before.goal.clone(), after.goal.clone())),
        current_state: (before.current_state != after.current_state)
            .then(|| (before.current_state.clone(), after.current_state.clone())),
        next_steps,
        next_steps_reordered,
        decisions: diff_keyed(&before.decisions, &after.decisions, |decision| decision.text.as_str()),
        constraints,
        do_not_redo,
        files: diff_keyed(&before.files, &after.files, |file| file.path.as_str()),
    }
}

/// Pairs the k-th occurrence of each key in `before` with its k-th occurrence in `after`.
/// Returns, for each item of `before`, the index of its partner in `after`.
fn match_by_key<'a, T, K: Eq + Hash>(before: &'a [T], after: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<Option<usize>> {
    let mut positions: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (index, item) in after.iter().enumerate() {
        positions.entry(key(item)).or_default().push_back(index);
    }
    before.iter().map(|item| positions.get_mut(&key(item)).and_then(VecDeque::pop_front)).collect()
}

/// Text lists: changes in reading order, and whether the kept items changed order.
fn diff_texts(before: &[String], after: &[String]) -> (Vec<Change<String>>, bool) {
    let partners = match_by_key(before, after, |text| text.as_str());
    let mut matched_after = vec![false; after.len()];
    for &partner in partners.iter().flatten() {
        matched_after[partner] = true;
    }
    let kept: Vec<usize> = partners.iter().flatten().copied().collect();
    let reordered = kept.windows(2).any(|pair| pair[0] > pair[1]);

    // The gap of an unmatched item: how many kept items come before it in its own list.
    let gaps = kept.len() + 1;
    let mut removed: Vec<Vec<&String>> = vec![Vec::new(); gaps];
    let mut added: Vec<Vec<&String>> = vec![Vec::new(); gaps];
    let mut gap = 0;
    for (item, partner) in before.iter().zip(&partners) {
        match partner {
            Some(_) => gap += 1,
            None => removed[gap].push(item),
        }
    }
    gap = 0;
    for (item, &matched) in after.iter().zip(&matched_after) {
        if matched {
            gap += 1;
        } else {
            added[gap].push(item);
        }
    }

    let mut changes = Vec::new();
    for (removed, added) in removed.into_iter().zip(added) {
        let paired = removed.len().min(added.len());
        for (before, after) in removed.iter().zip(&added) {
            changes.push(Change::Changed { before: (*before).clone(), after: (*after).clone() });
        }
        changes.extend(removed[paired..].iter().map(|item| Change::Removed((*item).clone())));
        changes.extend(added[paired..].iter().map(|item| Change::Added((*item).clone())));
    }
    (changes, reordered)
}

/// Keyed lists: the removed items in their old order, then the changed and added ones in their
/// new order.
fn diff_keyed<T: Clone + PartialEq>(before: &[T], after: &[T], key: fn(&T) -> &str) -> Vec<Change<T>> {
    let partners = match_by_key(before, after, key);
    let mut partner_of_after: Vec<Option<usize>> = vec![None; after.len()];
    let mut changes = Vec::new();
    for (index, (item, partner)) in before.iter().zip(&partners).enumerate() {
        match partner {
            Some(partner) => partner_of_after[*partner] = Some(index),
            None => changes.push(Change::Removed(item.clone())),
        }
    }
    for (item, partner) in after.iter().zip(partner_of_after) {
        match partner {
            Some(index) if before[index] != *item => {
                changes.push(Change::Changed { before: before[index].clone(), after: item.clone() })
            }
            Some(_) => {}
            None => changes.push(Change::Added(item.clone())),
        }
    }
    changes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    Same,
    Added,
    Removed,
}

/// Above this many cells (lines before × lines after, once the common first and last lines are
/// set aside), the changed middle is shown as removed then added rather than aligned: about
/// 2,000 × 2,000 lines, 8 MB of table.
const LINE_DIFF_CELLS: usize = 4_000_000;

/// A line-by-line diff of two texts (the current state of two checkpoints).
///
/// Lines are the text split at `\n` (an empty text has none), so the `Same` and `Added` lines
/// joined with `\n` give `after` back exactly, and the `Same` and `Removed` lines give `before`.
/// Within a changed block, removed lines come before added ones. The alignment is a longest
/// common subsequence of the lines that differ, after the common first and last lines; when that
/// middle part is too large to align (more than ~2,000 lines on both sides), it is shown as all
/// removed then all added.
pub fn line_diff(before: &str, after: &str) -> Vec<(LineChange, String)> {
    let (old, new) = (lines_of(before), lines_of(after));
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_middle, new_middle) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);

    let mut out: Vec<(LineChange, String)> = Vec::with_capacity(old.len().max(new.len()));
    out.extend(old[..prefix].iter().map(|line| (LineChange::Same, line.to_string())));
    if old_middle.len().saturating_mul(new_middle.len()) > LINE_DIFF_CELLS {
        out.extend(old_middle.iter().map(|line| (LineChange::Removed, line.to_string())));
        out.extend(new_middle.iter().map(|line| (LineChange::Added, line.to_string())));
    } else {
        align(old_middle, new_middle, &mut out);
    }
    out.extend(old[old.len() - suffix..].iter().map(|line| (LineChange::Same, line.to_string())));
    out
}

/// The lines of a text split at `\n`; an empty text has none.
fn lines_of(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

/// Longest-common-subsequence alignment of two line lists (small enough for a full table).
fn align(old: &[&str], new: &[&str], out: &mut Vec<(LineChange, String)>) {
    let (rows, columns) = (old.len(), new.len());
    let width = columns + 1;
    // lengths[i * width + j]: the LCS length of old[i..] and new[j..]. Fits u16: with at most
    // LINE_DIFF_CELLS cells, the shorter side has at most 2,000 lines.
    let mut lengths = vec![0u16; (rows + 1) * width];
    for i in (0..rows).rev() {
        for j in (0..columns).rev() {
            lengths[i * width + j] = if old[i] == new[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < rows || j < columns {
        if i < rows && j < columns && old[i] == new[j] {
            out.push((LineChange::Same, old[i].to_string()));
            i += 1;
            j += 1;
        } else if i < rows && (j == columns || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
            out.push((LineChange::Removed, old[i].to_string()));
            i += 1;
        } else {
            out.push((LineChange::Added, new[j].to_string()));
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Importance;
    use crate::time::Timestamp;
    use proptest::prelude::*;

    fn texts(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    fn decision(text: &str, rationale: &str) -> Decision {
        Decision { text: text.into(), rationale: rationale.into(), ..Decision::default() }
    }

    fn file(path: &str, importance: Importance) -> KeyFile {
        KeyFile { path: path.into(), importance, notes: String::new() }
    }

    fn state() -> LivingState {
        LivingState {
            goal: "Ship the offline app".into(),
            current_state: "Storage works.\nSync does not.".into(),
            next_steps: texts(&["Write the importer", "Test the merge", "Release"]),
            decisions: vec![decision("Use IndexedDB", "works offline"), decision("No server", "privacy")],
            constraints: texts(&["No network calls", "Rust only"]),
            files: vec![file("src/lib.rs", Importance::Critical), file("README.md", Importance::Low)],
            do_not_redo: texts(&["Benchmark localStorage"]),
        }
    }

    #[test]
    fn identical_states_have_no_diff() {
        let diff = diff_states(&state(), &state());
        assert!(diff.is_empty());
        assert!(diff.summary().is_empty());
        assert!(diff_states(&LivingState::default(), &LivingState::default()).is_empty());
    }

    #[test]
    fn goal_and_current_state() {
        let mut after = state();
        after.goal = "Ship the offline app and the sync".into();
        after.current_state = "Storage works.\nSync half works.\nTests pass.".into();
        let diff = diff_states(&state(), &after);
        assert_eq!(diff.goal, Some(("Ship the offline app".into(), "Ship the offline app and the sync".into())));
        assert_eq!(diff.current_state.as_ref().unwrap().1, after.current_state);
        assert_eq!(
            diff.summary(),
            [SummaryLine::Goal(Edit::Changed), SummaryLine::CurrentState { edit: Edit::Changed, lines: Some((2, 1)) }]
        );

        let mut cleared = state();
        cleared.goal.clear();
        assert_eq!(diff_states(&state(), &cleared).summary(), [SummaryLine::Goal(Edit::Cleared)]);
        assert_eq!(diff_states(&cleared, &state()).summary(), [SummaryLine::Goal(Edit::Set)]);
    }

    #[test]
    fn next_steps_added_removed_and_changed() {
        let mut after = state();
        after.next_steps = texts(&["Write the importer", "Test the merge twice", "Release", "Announce", "Celebrate"]);
        let diff = diff_states(&state(), &after);
        assert_eq!(
            diff.next_steps,
            [
                Change::Changed { before: "Test the merge".into(), after: "Test the merge twice".into() },
                Change::Added("Announce".into()),
                Change::Added("Celebrate".into()),
            ]
        );
        assert!(!diff.next_steps_reordered);
        assert_eq!(
            diff.summary(),
            [
                SummaryLine::Counted { list: List::NextSteps, verb: Verb::Added, count: 2 },
                SummaryLine::Counted { list: List::NextSteps, verb: Verb::Changed, count: 1 },
            ]
        );

        let mut fewer = state();
        fewer.next_steps = texts(&["Release"]);
        let diff = diff_states(&state(), &fewer);
        assert_eq!(
            diff.next_steps,
            [Change::Removed("Write the importer".into()), Change::Removed("Test the merge".into())]
        );
        assert_eq!(diff.summary(), [SummaryLine::Counted { list: List::NextSteps, verb: Verb::Removed, count: 2 }]);
    }

    #[test]
    fn an_edit_between_different_neighbours_is_not_paired() {
        let before = LivingState { next_steps: texts(&["A", "B", "C"]), ..LivingState::default() };
        let after = LivingState { next_steps: texts(&["X", "A", "C"]), ..LivingState::default() };
        let diff = diff_states(&before, &after);
        // X is before A, B was after it: not the same place.
        assert_eq!(diff.next_steps, [Change::Added("X".into()), Change::Removed("B".into())]);
    }

    #[test]
    fn reordering_is_detected() {
        let mut after = state();
        after.next_steps = texts(&["Test the merge", "Write the importer", "Release"]);
        let diff = diff_states(&state(), &after);
        assert!(diff.next_steps.is_empty());
        assert!(diff.next_steps_reordered);
        assert!(!diff.is_empty());
        assert_eq!(diff.summary(), [SummaryLine::NextStepsReordered]);

        // Removing or adding items around unchanged ones is not a reorder.
        let mut after = state();
        after.next_steps = texts(&["New first", "Write the importer", "Release"]);
        assert!(!diff_states(&state(), &after).next_steps_reordered);
    }

    #[test]
    fn duplicate_items_are_matched_one_to_one() {
        let before = LivingState { constraints: texts(&["Same", "Same"]), ..LivingState::default() };
        let after = LivingState { constraints: texts(&["Same"]), ..LivingState::default() };
        assert_eq!(diff_states(&before, &after).constraints, [Change::Removed("Same".into())]);
        assert_eq!(diff_states(&after, &before).constraints, [Change::Added("Same".into())]);
    }

    #[test]
    fn decisions_by_text() {
        let mut after = state();
        after.decisions = vec![
            Decision {
                rejected_alternatives: texts(&["localStorage"]),
                decided_at: Timestamp::parse("2026-01-01T00:00:00Z"),
                ..decision("Use IndexedDB", "works offline")
            },
            decision("Rust everywhere", "one language"),
        ];
        let diff = diff_states(&state(), &after);
        assert_eq!(
            diff.decisions,
            [
                Change::Removed(decision("No server", "privacy")),
                Change::Changed { before: state().decisions[0].clone(), after: after.decisions[0].clone() },
                Change::Added(decision("Rust everywhere", "one language")),
            ]
        );
        assert_eq!(
            diff.summary(),
            [
                SummaryLine::Named { list: List::Decisions, verb: Verb::Added, name: "Rust everywhere".into() },
                SummaryLine::Named { list: List::Decisions, verb: Verb::Removed, name: "No server".into() },
                SummaryLine::Named { list: List::Decisions, verb: Verb::Changed, name: "Use IndexedDB".into() },
            ]
        );
    }

    #[test]
    fn an_edited_decision_text_is_removed_and_added() {
        let mut after = state();
        after.decisions[1].text = "No server at all".into();
        let diff = diff_states(&state(), &after);
        assert_eq!(
            diff.decisions,
            [Change::Removed(state().decisions[1].clone()), Change::Added(after.decisions[1].clone())]
        );
    }

    #[test]
    fn many_decisions_are_counted_not_named() {
        let before = LivingState::default();
        let after = LivingState {
            decisions: (1..=5).map(|n| decision(&format!("Decision {n}"), "")).collect(),
            ..LivingState::default()
        };
        assert_eq!(
            diff_states(&before, &after).summary(),
            [SummaryLine::Counted { list: List::Decisions, verb: Verb::Added, count: 5 }]
        );
    }

    #[test]
    fn constraints_and_do_not_redo() {
        let mut after = state();
        after.constraints = texts(&["No network calls", "Rust only", "WCAG AA"]);
        after.do_not_redo.clear();
        let diff = diff_states(&state(), &after);
        assert_eq!(diff.constraints, [Change::Added("WCAG AA".into())]);
        assert_eq!(diff.do_not_redo, [Change::Removed("Benchmark localStorage".into())]);
        assert_eq!(
            diff.summary(),
            [
                SummaryLine::Counted { list: List::Constraints, verb: Verb::Added, count: 1 },
                SummaryLine::Counted { list: List::DoNotRedo, verb: Verb::Removed, count: 1 },
            ]
        );
    }

    #[test]
    fn files_by_path() {
        let mut after = state();
        after.files = vec![
            KeyFile { notes: "the entry point".into(), ..file("src/lib.rs", Importance::Critical) },
            file("src/diff.rs", Importance::High),
        ];
        let diff = diff_states(&state(), &after);
        assert_eq!(
            diff.files,
            [
                Change::Removed(file("README.md", Importance::Low)),
                Change::Changed { before: state().files[0].clone(), after: after.files[0].clone() },
                Change::Added(file("src/diff.rs", Importance::High)),
            ]
        );
        assert_eq!(
            diff.summary(),
            [
                SummaryLine::Named { list: List::KeyFiles, verb: Verb::Added, name: "src/diff.rs".into() },
                SummaryLine::Named { list: List::KeyFiles, verb: Verb::Removed, name: "README.md".into() },
                SummaryLine::Named { list: List::KeyFiles, verb: Verb::Changed, name: "src/lib.rs".into() },
            ]
        );
        // Reordering files alone changes nothing.
        let mut swapped = state();
        swapped.files.reverse();
        assert!(diff_states(&state(), &swapped).is_empty());
    }

    #[test]
    fn line_diff_of_small_texts() {
        use LineChange::*;
        let diff = line_diff("a\nb\nc", "a\nB\nc\nd");
        assert_eq!(
            diff,
            [(Same, "a".into()), (Removed, "b".into()), (Added, "B".into()), (Same, "c".into()), (Added, "d".into())]
        );
        assert!(line_diff("", "").is_empty());
        assert_eq!(line_diff("", "x"), [(Added, "x".to_string())]);
        assert_eq!(line_diff("x", ""), [(Removed, "x".to_string())]);
        // A trailing line break is a (blank) last line.
        assert_eq!(line_diff("a", "a\n"), [(Same, "a".to_string()), (Added, String::new())]);
    }

    #[test]
    fn line_diff_of_large_texts() {
        // Common ends are kept even when the middle is too large to align.
        let middle_old: Vec<String> = (0..2_500).map(|n| format!("old {n}")).collect();
        let middle_new: Vec<String> = (0..2_500).map(|n| format!("new {n}")).collect();
        let before = format!("head\n{}\ntail", middle_old.join("\n"));
        let after = format!("head\n{}\ntail", middle_new.join("\n"));
        let diff = line_diff(&before, &after);
        assert_eq!(diff.len(), 5_002);
        assert_eq!(diff[0], (LineChange::Same, "head".to_string()));
        assert!(diff[1..2_501].iter().all(|(change, _)| *change == LineChange::Removed));
        assert!(diff[2_501..5_001].iter().all(|(change, _)| *change == LineChange::Added));
        assert_eq!(diff[5_001], (LineChange::Same, "tail".to_string()));

        // 2,000 lines with a few edits are aligned line by line.
        let lines: Vec<String> = (0..2_000).map(|n| format!("line {}", n % 7)).collect();
        let mut edited = lines.clone();
        edited[10] = "changed".into();
        edited.remove(1_500);
        let diff = line_diff(&lines.join("\n"), &edited.join("\n"));
        let same = diff.iter().filter(|(change, _)| *change == LineChange::Same).count();
        assert_eq!(same, 1_998);
    }

    fn rebuild(diff: &[(LineChange, String)], skip: LineChange) -> String {
        diff.iter().filter(|(change, _)| *change != skip).map(|(_, line)| line.as_str()).collect::<Vec<_>>().join("\n")
    }

    fn small_list() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec("[a-e]{1,2}", 0..8)
    }

    fn living_state() -> impl Strategy<Value = LivingState> {
        (
            "[a-c]{0,3}",
            "[a-c\n]{0,12}",
            small_list(),
            small_list(),
            small_list(),
            proptest::collection::vec(("[a-d]", "[xy]{0,1}"), 0..5),
            proptest::collection::vec(("[a-d]", prop_oneof![Just(Importance::High), Just(Importance::Low)]), 0..5),
        )
            .prop_map(|(goal, current_state, next_steps, constraints, do_not_redo, decisions, files)| {
                // Keys are unique in real states (one decision per text, one file per path).
                let mut seen = std::collections::HashSet::new();
                let decisions = decisions
                    .into_iter()
                    .filter(|(text, _)| seen.insert(text.clone()))
                    .map(|(text, rationale)| decision(&text, &rationale))
                    .collect();
                let mut seen = std::collections::HashSet::new();
                let files = files
                    .into_iter()
                    .filter(|(path, _)| seen.insert(path.clone()))
                    .map(|(path, importance)| file(&path, importance))
                    .collect();
                LivingState { goal, current_state, next_steps, decisions, constraints, files, do_not_redo }
            })
    }

    fn sorted(mut items: Vec<String>) -> Vec<String> {
        items.sort();
        items
    }

    proptest! {
        #[test]
        fn a_state_does_not_differ_from_itself(state in living_state()) {
            prop_assert!(diff_states(&state, &state).is_empty());
            prop_assert!(diff_states(&state, &state.clone()).summary().is_empty());
        }

        #[test]
        fn list_changes_account_for_every_item(before in small_list(), after in small_list()) {
            let (changes, _) = diff_texts(&before, &after);
            // before − removed − changed.before = after − added − changed.after (the kept items).
            let mut kept_before = before.clone();
            let mut kept_after = after.clone();
            for change in &changes {
                let (gone, came) = match change {
                    Change::Removed(item) => (Some(item), None),
                    Change::Added(item) => (None, Some(item)),
                    Change::Changed { before, after } => (Some(before), Some(after)),
                };
                if let Some(gone) = gone {
                    let at = kept_before.iter().position(|item| item == gone);
                    prop_assert!(at.is_some(), "{gone} was not in before");
                    kept_before.remove(at.unwrap());
                }
                if let Some(came) = came {
                    let at = kept_after.iter().position(|item| item == came);
                    prop_assert!(at.is_some(), "{came} is not in after");
                    kept_after.remove(at.unwrap());
                }
            }
            prop_assert_eq!(sorted(kept_before), sorted(kept_after));
            prop_assert_eq!(changes.is_empty() && !diff_texts(&before, &after).1, before == after);
        }

        #[test]
        fn states_differ_exactly_when_unequal(before in living_state(), after in living_state()) {
            // Decisions and files are sets by key, constraints and "do not redo" items sets by
            // text: their order alone is not a change. Next steps are ordered.
            fn normal(state: &LivingState) -> LivingState {
                let mut state = state.clone();
                state.decisions.sort_by(|a, b| a.text.cmp(&b.text));
                state.files.sort_by(|a, b| a.path.cmp(&b.path));
                state.constraints.sort();
                state.do_not_redo.sort();
                state
            }
            let diff = diff_states(&before, &after);
            prop_assert_eq!(diff.is_empty(), normal(&before) == normal(&after), "{:?}", diff);
            prop_assert_eq!(diff.summary().is_empty(), diff.is_empty());
        }

        #[test]
        fn line_diff_rebuilds_both_texts(before in "[ab\n]{0,40}", after in "[ab\n]{0,40}") {
            let diff = line_diff(&before, &after);
            prop_assert_eq!(rebuild(&diff, LineChange::Removed), after.clone());
            prop_assert_eq!(rebuild(&diff, LineChange::Added), before.clone());
            if before == after {
                prop_assert!(diff.iter().all(|(change, _)| *change == LineChange::Same));
            }
        }

        #[test]
        fn line_diff_is_minimal_for_one_inserted_line(lines in proptest::collection::vec("[a-c]{1,3}", 0..30), at in 0usize..31, new in "[x-z]{1,3}") {
            let mut edited = lines.clone();
            let at = at.min(lines.len());
            edited.insert(at, new.clone());
            let diff = line_diff(&lines.join("\n"), &edited.join("\n"));
            prop_assert_eq!(diff.iter().filter(|(change, _)| *change == LineChange::Added).count(), 1);
            prop_assert_eq!(diff.iter().filter(|(change, _)| *change == LineChange::Removed).count(), 0);
        }
    }
}
