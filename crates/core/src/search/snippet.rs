//! Snippets: the text around the first match in a body field, cut on character boundaries, with
//! the matching words marked.

use super::*;

/// The snippet of a document for the words a search matched ([`Found::words`]): around the first
/// match in its first body field that has one.
pub fn snippet_for(doc: &SearchDoc, words: &[String]) -> Option<Snippet> {
    let highlight: HashSet<&str> = words.iter().map(String::as_str).collect();
    doc.fields.iter().find_map(|(label, text)| snippet(label, text, &highlight))
}

/// The text around the first word of `text` that is in `highlight`, with every such word in the
/// window marked. Cut at character boundaries (and, where possible, between words); runs of white
/// space (new lines included) become one space.
pub(super) fn snippet(field: &'static str, text: &str, highlight: &HashSet<&str>) -> Option<Snippet> {
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut window: Option<(usize, usize)> = None;
    for (start, end) in words(text) {
        if window.is_some_and(|(_, window_end)| start >= window_end) {
            break;
        }
        if end - start > MAX_TOKEN_BYTES || !highlight.contains(lower_cow(&text[start..end]).as_ref()) {
            continue;
        }
        if window.is_none() {
            let mut window_start = back_chars(text, start, SNIPPET_BEFORE);
            // Start between words when the cut falls inside one.
            if window_start > 0 {
                if let Some(space) = text[window_start..start].find(char::is_whitespace) {
                    window_start += space;
                }
            }
            let mut window_end = forward_chars(text, window_start, SNIPPET_LENGTH).max(end);
            if window_end < text.len() {
                if let Some(space) = text[end..window_end].rfind(char::is_whitespace) {
                    window_end = end + space;
                }
            }
            window = Some((window_start, window_end));
        }
        marks.push((start, end));
    }
    let (start, end) = window?;
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        let mut piece = String::with_capacity(text.len());
        let mut in_space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                if !in_space {
                    piece.push(' ');
                }
                in_space = true;
            } else {
                piece.push(c);
                in_space = false;
            }
        }
        if piece.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.matched == matched => last.text.push_str(&piece),
            _ => parts.push(SnippetPart { text: piece, matched }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for (mark_start, mark_end) in marks.into_iter().filter(|(_, mark_end)| *mark_end <= end) {
        push(&text[at..mark_start], false);
        push(&text[mark_start..mark_end], true);
        at = mark_end;
    }
    push(&text[at..end], false);
    if end < text.len() {
        push("…", false);
    }
    // No space right after the opening "…" or at either end.
    if let Some(first) = parts.first_mut() {
        if first.text.starts_with("… ") {
            first.text.replace_range("…".len()..="…".len(), "");
        }
        let trimmed = first.text.trim_start().to_string();
        first.text = trimmed;
    }
    if let Some(last) = parts.last_mut() {
        let trimmed = last.text.trim_end().to_string();
        last.text = trimmed;
    }
    parts.retain(|part| !part.text.is_empty());
    Some(Snippet { field, parts })
}

/// The byte index `count` characters before `at` (or 0).
pub(super) fn back_chars(text: &str, at: usize, count: usize) -> usize {
    text[..at].char_indices().rev().nth(count.saturating_sub(1)).map_or(0, |(index, _)| index)
}

/// The byte index `count` characters after `at` (or the end).
pub(super) fn forward_chars(text: &str, at: usize, count: usize) -> usize {
    text[at..].char_indices().nth(count).map_or(text.len(), |(index, _)| at + index)
}
