//! One line per key file, decision, session and knowledge entry (with the knowledge ranking),
//! names of accounts and checkpoints, and the clean-up of pasted text (fences, long code blocks,
//! list bullets, cuts at a word).

use super::*;

/// Something with an importance, for sorting key files (or their changes).
pub(super) trait HasImportance {
    fn file(&self) -> &KeyFile;
}

impl HasImportance for &KeyFile {
    fn file(&self) -> &KeyFile {
        self
    }
}

impl HasImportance for &Change<KeyFile> {
    fn file(&self) -> &KeyFile {
        match self {
            Change::Added(file) | Change::Removed(file) | Change::Changed { after: file, .. } => file,
        }
    }
}

/// Key files with critical and high importance first. The trim order drops low, then normal
/// importance files before the decisions and constraints, and high, then critical ones only
/// after them; among equals, the last listed first.
pub(super) fn file_items<T: HasImportance>(mut files: Vec<T>, show: impl Fn(&T) -> (String, Value)) -> Vec<Item> {
    files.sort_by_key(|file| file.file().importance);
    let count = files.len();
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let (line, data) = show(file);
            let group =
                if file.file().importance <= Importance::High { TrimGroup::ImportantFiles } else { TrimGroup::Files };
            Item::new(text_lines(&line), data).trimmed(group, count - 1 - index)
        })
        .collect()
}

pub(super) fn file_line(file: &KeyFile, prefix: &str, words: &BundleWords) -> String {
    let notes = file.notes.trim();
    let importance = words.importance.of(file.importance);
    if notes.is_empty() {
        format!("{prefix}{} ({importance})", file.path.trim())
    } else {
        format!("{prefix}{} ({importance}) — {notes}", file.path.trim())
    }
}

pub(super) fn file_data(file: &KeyFile) -> Value {
    json!({ "path": file.path.trim(), "importance": file.importance.as_str(), "notes": file.notes.trim() })
}

/// "Use IndexedDB — because it works offline (rejected: localStorage, a server)", the form the
/// report block asks for.
pub(super) fn decision_line(decision: &Decision, words: &BundleWords) -> String {
    let mut line = decision.text.trim().to_string();
    let rationale = decision.rationale.trim();
    if !rationale.is_empty() {
        line.push_str(&format!(" — {} {rationale}", words.body.because));
    }
    let rejected = non_blank(&decision.rejected_alternatives);
    if !rejected.is_empty() {
        line.push_str(&format!(" ({}: {})", words.body.rejected, rejected.join(", ")));
    }
    line
}

pub(super) fn decision_data(decision: &Decision) -> Value {
    json!({
        "text": decision.text.trim(),
        "rationale": decision.rationale.trim(),
        "rejected_alternatives": non_blank(&decision.rejected_alternatives),
        "decided_at": decision.decided_at.map(|at| at.to_text()),
    })
}

pub(super) fn next_step_items(steps: &[String], words: &BundleWords) -> Vec<Item> {
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let line = if index == 0 { fill(&words.body.next_action, &[("step", step)]) } else { step.clone() };
            Item::new(text_lines(&line), Value::String(step.clone()))
        })
        .collect()
}

pub(super) fn session_item(session: &Session, words: &BundleWords) -> Item {
    let mut about = Vec::new();
    if !session.account_label.trim().is_empty() {
        about.push(one_line(&session.account_label));
    }
    if let Some(ended) = session.ended_at {
        let date = ended.datetime().format("%Y-%m-%d").to_string();
        about.push(fill(&words.body.session_ended, &[("date", &date)]));
    }
    let title = one_line(&session.title);
    let mut first = fill(&words.body.session, &[("number", &session.number.to_string())]);
    if !title.is_empty() {
        first.push_str(&format!(": {title}"));
    }
    if !about.is_empty() {
        first.push_str(&format!(" ({})", about.join(", ")));
    }
    let accomplishments = clean_text(&session.accomplishments);
    let mut lines = vec![format!("{first}:")];
    lines.extend(accomplishments.lines().map(str::to_string));
    let data = json!({
        "session": session.number,
        "title": title,
        "account": one_line(&session.account_label),
        "ended_at": session.ended_at.map(|at| at.to_text()),
        "accomplishments": accomplishments,
    });
    Item::new(lines, data)
}

pub(super) fn knowledge_item(entry: &KnowledgeEntry, words: &BundleWords) -> Item {
    let mut lines = vec![format!("{}: {}", words.categories.of(entry.category), one_line(&entry.title))];
    let body = cut(&clean_text(&entry.body), KNOWLEDGE_BODY_MAX);
    let body = balance_fences(&body);
    lines.extend(body.lines().map(str::to_string));
    let data = json!({
        "category": entry.category.as_str(),
        "title": one_line(&entry.title),
        "tags": entry.tags,
        "body": body,
    });
    Item::new(lines, data)
}

/// Knowledge entries that bear on the project, best first: by tag overlap (worth three), terms of
/// the project's name, goal, tags and next steps found in the entry, and a bonus for entries of
/// this project; ties go to the higher success rate, then the smaller id.
pub(super) fn rank_knowledge<'a>(input: &BuildInput<'a>) -> Vec<&'a KnowledgeEntry> {
    let project = input.project;
    let project_tags: BTreeSet<String> = project.tags.iter().map(|tag| tag.trim().to_lowercase()).collect();
    let mut project_terms = BTreeSet::new();
    for text in [&project.name, &project.state.goal].into_iter().chain(&project.tags).chain(&project.state.next_steps) {
        project_terms.extend(terms(text));
    }
    let mut scored: Vec<(u32, Option<f64>, &KnowledgeEntry)> = input
        .knowledge
        .iter()
        .filter(|entry| entry.deleted_at.is_none() && entry.project_id.is_none_or(|id| id == project.id))
        .filter_map(|entry| {
            let tag_overlap =
                entry.tags.iter().filter(|tag| project_tags.contains(&tag.trim().to_lowercase())).count() as u32;
            let mut entry_terms = terms(&entry.title);
            entry_terms.extend(terms(&entry.body));
            for tag in &entry.tags {
                entry_terms.extend(terms(tag));
            }
            let term_matches = project_terms.intersection(&entry_terms).count() as u32;
            let own = u32::from(entry.project_id.is_some()) * 2;
            let score = 3 * tag_overlap + term_matches + own;
            (score > 0).then(|| (score, success_rate(entry.helped, entry.did_not_help), entry))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.unwrap_or(-1.0).partial_cmp(&a.1.unwrap_or(-1.0)).unwrap_or(Ordering::Equal))
            .then_with(|| a.2.id.cmp(&b.2.id))
    });
    scored.into_iter().map(|(_, _, entry)| entry).collect()
}

/// Words that say nothing about a subject.
pub(super) const STOP_WORDS: &[&str] = &[
    "and", "are", "but", "can", "for", "from", "has", "have", "how", "into", "its", "not", "now", "our", "should",
    "that", "the", "their", "then", "there", "this", "use", "using", "was", "what", "when", "which", "will", "with",
    "you", "your",
];

/// The distinct lowercase words of at least three letters, without stop words.
pub(super) fn terms(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(&word.as_str()))
        .collect()
}

/// Positions of items when sorted oldest first by `compare` (ties keep list order).
pub(super) fn oldest_first(len: usize, compare: impl Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..len).collect();
    indices.sort_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    let mut order = vec![0; len];
    for (position, index) in indices.into_iter().enumerate() {
        order[index] = position;
    }
    order
}

/// "Account name (Platform)", or `missing` when there is no account.
pub(super) fn account_label(account: Option<&Account>, missing: &str) -> String {
    match account {
        None => missing.to_string(),
        Some(account) => {
            let platform = if account.platform == Platform::Other && !account.platform_label.trim().is_empty() {
                one_line(&account.platform_label)
            } else {
                account.platform.english().to_string()
            };
            format!("{} ({platform})", one_line(&account.name))
        }
    }
}

/// "“Before refactor” (2026-01-02)" or "the checkpoint of 2026-01-02".
pub(super) fn checkpoint_name(checkpoint: &Checkpoint, words: &BundleWords) -> String {
    let date = checkpoint.created_at.datetime().format("%Y-%m-%d").to_string();
    let label = one_line(&checkpoint.label);
    if label.is_empty() {
        fill(&words.body.checkpoint_dated, &[("date", &date)])
    } else {
        fill(&words.body.checkpoint_named, &[("label", &label), ("date", &date)])
    }
}

/// The text on one line, runs of whitespace made one space.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The non-blank items of a list, trimmed.
pub(super) fn non_blank(items: &[String]) -> Vec<String> {
    items.iter().map(|item| one_line(item)).filter(|item| !item.is_empty()).collect()
}

/// The items of free text written as a list: one per non-blank line, without bullets or numbers.
pub(super) fn list_items(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let line = line.trim();
            let line = line.trim_start_matches(['-', '*', '•']).trim_start();
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = &line[digits..];
            if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
                rest[2..].trim().to_string()
            } else {
                line.to_string()
            }
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Text as lines for an item: trailing spaces and outer blank lines removed, fences balanced.
pub(super) fn text_lines(text: &str) -> Vec<String> {
    let cleaned = clean_text(text);
    let lines: Vec<String> = cleaned.lines().map(str::to_string).collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// User text made safe to place in a bundle: line endings normalised, trailing spaces and outer
/// blank lines removed, and a code fence left open closed (so it cannot swallow what follows).
pub(super) fn clean_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = lines.iter().position(|line| !line.is_empty()).unwrap_or(lines.len());
    let end = lines.iter().rposition(|line| !line.is_empty()).map_or(start, |last| last + 1);
    balance_fences(&lines[start..end].join("\n"))
}

/// Closes a code fence the text leaves open.
pub(super) fn balance_fences(text: &str) -> String {
    let mut open = None;
    for line in text.lines() {
        match open {
            None => open = fence_open(line),
            Some(fence) if fence_closes(line, fence) => open = None,
            Some(_) => {}
        }
    }
    match open {
        None => text.to_string(),
        Some((mark, run)) => format!("{text}\n{}", mark.to_string().repeat(run)),
    }
}

/// Shortens code blocks longer than [`CODE_LINES_MAX`] lines to their first and last lines,
/// with a marker saying how many lines were left out. Expects balanced fences.
pub(super) fn shorten_code_blocks(text: &str, words: &BundleWords) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut code: Vec<&str> = Vec::new();
    let mut open = None;
    for line in text.lines() {
        match open {
            None => {
                open = fence_open(line);
                out.push(line.to_string());
            }
            Some(fence) if fence_closes(line, fence) => {
                if code.len() > CODE_LINES_MAX {
                    let omitted = code.len() - CODE_HEAD_LINES - CODE_TAIL_LINES;
                    out.extend(code[..CODE_HEAD_LINES].iter().map(|line| line.to_string()));
                    out.push(fill(&words.body.lines_omitted, &[("count", &omitted.to_string())]));
                    out.extend(code[code.len() - CODE_TAIL_LINES..].iter().map(|line| line.to_string()));
                } else {
                    out.extend(code.iter().map(|line| line.to_string()));
                }
                code.clear();
                open = None;
                out.push(line.to_string());
            }
            Some(_) => code.push(line),
        }
    }
    out.extend(code.iter().map(|line| line.to_string()));
    out.join("\n")
}

/// The text cut to at most `max` characters at a word boundary, with "…" when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(index, _)| index);
    let head = &text[..end];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > end / 2 => &head[..space],
        _ => head,
    };
    format!("{}…", head.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_code_blocks_are_shortened_with_a_marker() {
        let code: Vec<String> = (1..=77).map(|n| format!("line {n}")).collect();
        let text = format!("Here:\n```rust\n{}\n```\nAfter.", code.join("\n"));
        let short = shorten_code_blocks(&text, words(crate::locale::Language::English));
        assert!(short.contains("… 57 lines omitted …"), "{short}");
        assert!(short.contains("line 15\n… 57"));
        assert!(short.contains("lines omitted …\nline 73"));
        assert!(short.ends_with("line 77\n```\nAfter."));
        let small = "```\na\nb\n```";
        assert_eq!(shorten_code_blocks(small, words(crate::locale::Language::English)), small);
    }

    #[test]
    fn open_fences_are_closed() {
        assert_eq!(clean_text("\n\nsee:\n```js\nlet a = 1;  \n\n"), "see:\n```js\nlet a = 1;\n```");
        assert_eq!(clean_text("~~~~\nx\n~~~~"), "~~~~\nx\n~~~~");
    }

    #[test]
    fn list_items_lose_their_bullets_and_numbers() {
        assert_eq!(list_items("- a\n* b\n\n• c\n1. d\n2) e\n2026 plan"), ["a", "b", "c", "d", "e", "2026 plan"]);
    }

    #[test]
    fn cut_stops_at_a_word() {
        assert_eq!(cut("one two three four", 12), "one two…");
        assert_eq!(cut("short", 12), "short");
    }

    #[test]
    fn oldest_first_orders_by_age_then_position() {
        assert_eq!(oldest_first(3, |a, b| [5, 1, 5][a].cmp(&[5, 1, 5][b])), [1, 0, 2]);
    }
}
