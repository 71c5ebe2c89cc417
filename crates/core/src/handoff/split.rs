//! Splitting a long bundle into parts for chat boxes with a paste limit.
//!
//! Each part is headed "Part i of N — reply OK and wait for the remaining parts" (the last one
//! "Part N of N — this is the last part") and, heading included, is at most the paste limit in
//! characters. Parts break at section boundaries when one falls in the second half of a part,
//! else at paragraph boundaries, else between lines. A fenced code block that fits in a part is
//! never split; one larger than a part is split between its lines: the part closes the fence and
//! ends with the line "(code block continues in part N)", and the next part reopens the fence
//! with the same marks and language. [`split_with_report`] says which blocks were split, so the
//! builder can tell the user. The headings and the continuation line are in the bundle's
//! language ([`split_in`]; the words are in `locales/<code>/bundle.json`, `split`).

use super::words::{fill, words, SplitWords};
use crate::locale::Language;

/// The smallest paste limit honoured: below it a part could not hold its own heading and some
/// text. Smaller limits count as this one.
pub const MIN_PASTE_LIMIT: usize = 200;

/// A text in parts, and the code blocks that had to be split across parts.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Split {
    pub parts: Vec<String>,
    pub split_blocks: Vec<SplitBlock>,
}

/// A code block larger than a part: the first and last part (1-based) it spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitBlock {
    pub first_part: usize,
    pub last_part: usize,
}

/// The line that ends a part whose code block goes on in the next one (in English).
pub fn continuation_marker(next_part: usize) -> String {
    marker(&words(Language::English).split, next_part)
}

fn marker(words: &SplitWords, next_part: usize) -> String {
    fill(&words.continues, &[("number", &next_part.to_string())]) + "\n"
}

/// The bundle in parts of at most `paste_limit` characters each (headings included); the text
/// alone, unheaded, when it fits. The parts' headings are in English; see [`split_in`].
pub fn split_into_parts(text: &str, paste_limit: usize) -> Vec<String> {
    split_with_report(text, paste_limit).parts
}

/// [`split_into_parts`], with the code blocks that were split across parts.
pub fn split_with_report(text: &str, paste_limit: usize) -> Split {
    split_in(text, paste_limit, Language::English)
}

/// [`split_with_report`] with the parts' headings and continuation lines in `language`.
pub fn split_in(text: &str, paste_limit: usize, language: Language) -> Split {
    let words = &words(language).split;
    let limit = paste_limit.max(MIN_PASTE_LIMIT);
    if text.chars().count() <= limit {
        return Split { parts: vec![text.to_string()], split_blocks: Vec::new() };
    }
    // The heading's length depends on the number of parts: try 1 digit, then 2, …
    let mut digits = 1u32;
    loop {
        let most = 10usize.pow(digits) - 1;
        // The longest heading: the "reply OK" wording with both numbers at their widest.
        let numbers = [("number", most.to_string()), ("count", most.to_string())];
        let numbers: Vec<(&str, &str)> = numbers.iter().map(|(key, value)| (*key, value.as_str())).collect();
        let widest = [&words.part, &words.last_part]
            .iter()
            .map(|template| fill(template, &numbers).chars().count())
            .max()
            .unwrap_or(0);
        let capacity = limit - widest - 2;
        let marker_chars = marker(words, most).chars().count();
        let (units, blocks) = units(text, capacity, marker_chars);
        let (bodies, split_blocks) = pack(&units, &blocks, capacity, words);
        if bodies.len() <= most {
            let count = bodies.len();
            let parts = bodies
                .into_iter()
                .enumerate()
                .map(|(index, body)| format!("{}\n\n{body}", heading(words, index + 1, count)))
                .collect();
            return Split { parts, split_blocks };
        }
        digits += 1;
    }
}

fn heading(words: &SplitWords, number: usize, count: usize) -> String {
    let template = if number == count { &words.last_part } else { &words.part };
    fill(template, &[("number", &number.to_string()), ("count", &count.to_string())])
}

/// How good a place the start of a unit is to begin a part.
const SECTION: u8 = 3;
const PARAGRAPH: u8 = 2;
const LINE: u8 = 1;
/// Only when nothing else will do (inside a line, inside a code block, between a heading and its
/// text).
const LAST_RESORT: u8 = 0;

/// A piece of text never split further: a line, a whole fenced code block, or a line of a code
/// block larger than a part.
struct Unit {
    text: String,
    chars: usize,
    /// How good a break before this unit is.
    score: u8,
    /// The large code block a break after this unit would fall inside (index into the blocks).
    open_after: Option<usize>,
}

impl Unit {
    fn new(text: String, score: u8) -> Unit {
        Unit { chars: text.chars().count(), text, score, open_after: None }
    }
}

/// A code block larger than a part: how a part reopens it and how one closes it.
struct LargeBlock {
    reopen: String,
    close: String,
}

/// Opening fence of a code block: at least three backticks or tildes (indentation allowed);
/// returns the mark and how many.
pub(super) fn fence_open(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    let mark = trimmed.chars().next().filter(|&c| c == '`' || c == '~')?;
    let run = trimmed.chars().take_while(|&c| c == mark).count();
    // A backtick fence's info string has no backtick (else it is inline code).
    (run >= 3 && !(mark == '`' && trimmed[run..].contains('`'))).then_some((mark, run))
}

/// Whether `line` closes a block opened by `fence`: the same mark, at least as many, nothing else.
pub(super) fn fence_closes(line: &str, (mark, run): (char, usize)) -> bool {
    let trimmed = line.trim();
    let count = trimmed.chars().take_while(|&c| c == mark).count();
    count >= run && count == trimmed.chars().count()
}

/// A line that starts a section in one of the formats: a Markdown heading, an XML tag, a plain
/// heading (underlined by the next line), or a top-level JSON field.
fn starts_section(line: &str, next: Option<&str>) -> bool {
    let trimmed = line.trim_end();
    trimmed.starts_with("# ")
        || trimmed.starts_with("## ")
        || trimmed.starts_with("### ")
        || (trimmed.starts_with('<') && trimmed[1..].starts_with(|c: char| c.is_ascii_lowercase()))
        || (trimmed.starts_with("  \"") && !trimmed.starts_with("   "))
        || (!trimmed.is_empty() && next.is_some_and(is_underline))
}

fn is_underline(line: &str) -> bool {
    let trimmed = line.trim_end();
    trimmed.len() >= 3 && (trimmed.bytes().all(|b| b == b'=') || trimmed.bytes().all(|b| b == b'-'))
}

/// Cuts the text into units no longer than `capacity`, each scored as a place to break, and the
/// code blocks larger than a part (`marker` is the length of the widest continuation line).
fn units(text: &str, capacity: usize, marker: usize) -> (Vec<Unit>, Vec<LargeBlock>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let score = |index: usize| -> u8 {
        let previous = index.checked_sub(1).map(|i| lines[i]);
        let before_previous = index.checked_sub(2).map(|i| lines[i]);
        let heading_like = |line: &str, next: Option<&str>| starts_section(line, next) || is_underline(line);
        let blank = |line: &str| line.trim().is_empty();
        // Keep a heading with the text under it.
        if previous.is_some_and(|p| heading_like(p, Some(lines[index])))
            || (previous.is_some_and(blank) && before_previous.is_some_and(|b| heading_like(b, previous)))
            || is_underline(lines[index])
        {
            return LAST_RESORT;
        }
        if starts_section(lines[index], lines.get(index + 1).copied()) {
            SECTION
        } else if previous.is_some_and(blank) {
            PARAGRAPH
        } else {
            LINE
        }
    };

    let mut units = Vec::new();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let start = index;
        index += 1;
        if let Some(fence) = fence_open(lines[start]) {
            while index < lines.len() {
                index += 1;
                if fence_closes(lines[index - 1], fence) {
                    break;
                }
            }
            let block: String = lines[start..index].concat();
            if block.chars().count() <= capacity {
                units.push(Unit::new(block, score(start)));
            } else {
                split_code_block(&lines[start..index], fence, capacity, marker, score(start), &mut units, &mut blocks);
            }
        } else if lines[start].chars().count() <= capacity {
            units.push(Unit::new(lines[start].to_string(), score(start)));
        } else {
            for (number, piece) in cut_line(lines[start], capacity).into_iter().enumerate() {
                units.push(Unit::new(piece, if number == 0 { score(start) } else { LAST_RESORT }));
            }
        }
    }
    (units, blocks)
}

/// A code block larger than a part, as units of its lines (a line longer than what a part can
/// hold between the reopened fence and the closing one is cut), each but the closing fence
/// marked as inside the block.
fn split_code_block(
    lines: &[&str],
    (mark, run): (char, usize),
    capacity: usize,
    marker: usize,
    score: u8,
    units: &mut Vec<Unit>,
    blocks: &mut Vec<LargeBlock>,
) {
    let fence = mark.to_string().repeat(run);
    // Reopened with the same marks and language (the info string's first word, when short: a
    // long info string would leave no room for the code).
    let language = lines[0].trim().trim_start_matches(mark).split_whitespace().next().unwrap_or_default();
    let language = if language.chars().count() <= 20 { language } else { "" };
    let block = LargeBlock { reopen: format!("{fence}{language}\n"), close: format!("{fence}\n") };
    // A part that starts inside the block holds the reopened fence, the line, a newline (when
    // the line was cut), the closing fence and the continuation line.
    let overhead = block.reopen.chars().count() + 1 + block.close.chars().count() + marker;
    let room = capacity.saturating_sub(overhead).max(1);
    let id = blocks.len();
    blocks.push(block);
    let closed = lines.len() > 1 && fence_closes(lines[lines.len() - 1], (mark, run));
    let inner_end = lines.len() - usize::from(closed);

    let mut opening = Unit::new(lines[0].to_string(), score);
    opening.open_after = Some(id);
    units.push(opening);
    for line in &lines[1..inner_end] {
        let pieces = if line.chars().count() <= room { vec![line.to_string()] } else { cut_line(line, room) };
        for piece in pieces {
            let mut unit = Unit::new(piece, LAST_RESORT);
            unit.open_after = Some(id);
            units.push(unit);
        }
    }
    if closed {
        units.push(Unit::new(lines[lines.len() - 1].to_string(), LAST_RESORT));
    }
}

/// A line longer than `capacity` cut into pieces, at a space in the second half when there is one.
fn cut_line(line: &str, capacity: usize) -> Vec<String> {
    let capacity = capacity.max(1);
    let mut pieces = Vec::new();
    let mut rest = line;
    while rest.chars().count() > capacity {
        let end = rest.char_indices().nth(capacity).map_or(rest.len(), |(index, _)| index);
        let head = &rest[..end];
        let cut = match head.rfind(' ') {
            Some(space) if space + 1 > end / 2 => space + 1,
            _ => end,
        };
        pieces.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    if !rest.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// Packs the units into bodies of at most `capacity` characters, choosing where each breaks; a
/// break inside a large code block closes it (with the continuation line) and the next body
/// reopens it. Also returns the parts each large block spans, when more than one.
fn pack(units: &[Unit], blocks: &[LargeBlock], capacity: usize, words: &SplitWords) -> (Vec<String>, Vec<SplitBlock>) {
    let mut bodies: Vec<String> = Vec::new();
    let mut spans: Vec<Option<SplitBlock>> = blocks.iter().map(|_| None).collect();
    let mut start = 0;
    while start < units.len() {
        let reopened = start.checked_sub(1).and_then(|previous| units[previous].open_after);
        let prefix = reopened.map_or("", |block| blocks[block].reopen.as_str());
        let mut end = start;
        let mut length = prefix.chars().count();
        // Each unit taken leaves room for what closes the part if it breaks right after it.
        while end < units.len() {
            let closing = units[end].open_after.map_or(0, |block| {
                let close = &blocks[block].close;
                1 + close.chars().count() + marker(words, bodies.len() + 2).chars().count()
            });
            if length + units[end].chars + closing > capacity {
                break;
            }
            length += units[end].chars;
            end += 1;
        }
        let mut body = prefix.to_string();
        if end == units.len() {
            body.extend(units[start..].iter().map(|unit| unit.text.as_str()));
            bodies.push(body);
            break;
        }
        // Break before unit `b`, start < b <= end: the best score in the second half of the
        // part, the latest among equals; anywhere when the second half has no candidate.
        let mut offset = prefix.chars().count();
        let mut best_late: Option<(u8, usize)> = None;
        let mut best_any: Option<(u8, usize)> = None;
        for b in start + 1..=end {
            offset += units[b - 1].chars;
            let candidate = (units[b].score, b);
            if offset >= capacity / 2 {
                best_late = best_late.max(Some(candidate));
            }
            best_any = best_any.max(Some(candidate));
        }
        let (_, cut) = best_late.or(best_any).unwrap_or((LAST_RESORT, end.max(start + 1)));
        body.extend(units[start..cut].iter().map(|unit| unit.text.as_str()));
        let part = bodies.len() + 1;
        if let Some(block) = units[cut - 1].open_after {
            // A line cut for length: the fence must start a line of its own.
            if !body.ends_with('\n') {
                body.push('\n');
            }
            body.push_str(&blocks[block].close);
            body.push_str(&marker(words, part + 1));
            let span = spans[block].get_or_insert(SplitBlock { first_part: part, last_part: part });
            span.last_part = part + 1;
        }
        bodies.push(body);
        start = cut;
    }
    (bodies, spans.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_unheaded_part() {
        assert_eq!(split_into_parts("hello", 1000), vec!["hello".to_string()]);
    }

    #[test]
    fn parts_are_headed_and_within_the_limit() {
        let text: String = (0..60).map(|n| format!("## Section {n}\n\nSome words for section {n}.\n\n")).collect();
        let parts = split_into_parts(&text, 300);
        assert!(parts.len() > 2);
        for (index, part) in parts.iter().enumerate() {
            assert!(part.chars().count() <= 300, "{part}");
            let wanted = if index + 1 == parts.len() {
                format!("Part {} of {} — this is the last part\n\n", index + 1, parts.len())
            } else {
                format!("Part {} of {} — reply OK and wait for the remaining parts\n\n", index + 1, parts.len())
            };
            assert!(part.starts_with(&wanted), "{part}");
            // Breaks fall at section headings.
            assert!(part[wanted.len()..].starts_with("## Section"), "{part}");
        }
        let bodies: String = parts.iter().map(|part| part.split_once("\n\n").unwrap().1).collect();
        assert_eq!(bodies, text);
    }

    /// The code of a part's body: the lines inside its fences, in order (the fences themselves,
    /// the text around them and the continuation lines left out).
    fn code_of(body: &str) -> String {
        let mut code = String::new();
        let mut open: Option<(char, usize)> = None;
        for line in body.split_inclusive('\n') {
            match open {
                None => open = fence_open(line),
                Some(fence) if fence_closes(line, fence) => open = None,
                Some(_) => code.push_str(line),
            }
        }
        code
    }

    /// Whether every fence opened in `body` is closed in it.
    fn fences_balanced(body: &str) -> bool {
        let mut open: Option<(char, usize)> = None;
        for line in body.split_inclusive('\n') {
            match open {
                None => open = fence_open(line),
                Some(fence) if fence_closes(line, fence) => open = None,
                Some(_) => {}
            }
        }
        open.is_none()
    }

    fn body(part: &str) -> &str {
        part.split_once("\n\n").unwrap().1
    }

    #[test]
    fn a_code_block_larger_than_a_part_is_cut_refenced_and_announced() {
        let code: String = (0..100).map(|n| format!("let value_{n} = {n};\n")).collect();
        let text = format!("Intro.\n\n```rust\n{code}```\nOutro.\n");
        let split = split_with_report(&text, 400);
        let parts = &split.parts;
        assert!(parts.len() > 3);
        for (index, part) in parts.iter().enumerate() {
            assert!(part.chars().count() <= 400, "{part}");
            assert!(fences_balanced(body(part)), "{part}");
            if index + 1 < parts.len() {
                // Each part the block goes on from ends with the fence closed and the note.
                assert!(part.ends_with(&format!("```\n(code block continues in part {})\n", index + 2)), "{part}");
            }
            if index > 0 {
                assert!(body(part).starts_with("```rust\n"), "reopened with the same language: {part}");
            }
        }
        let all_code: String = parts.iter().map(|part| code_of(body(part))).collect();
        assert_eq!(all_code, code, "the code, put back together, is the original");
        assert_eq!(split.split_blocks, vec![SplitBlock { first_part: 1, last_part: parts.len() }]);
        assert!(parts.last().unwrap().ends_with("```\nOutro.\n"));
    }

    #[test]
    fn a_code_block_that_fits_is_never_split_and_not_reported() {
        let code: String = (0..6).map(|n| format!("let value_{n} = {n};\n")).collect();
        let text: String =
            (0..8).map(|n| format!("## Section {n}\n\nWords for section {n}.\n\n```rust\n{code}```\n\n")).collect();
        let split = split_with_report(&text, 400);
        assert!(split.parts.len() > 1);
        assert!(split.split_blocks.is_empty());
        for part in &split.parts {
            assert!(!part.contains("code block continues"), "{part}");
            assert_eq!(
                code_of(body(part)).matches("let value_0").count(),
                code_of(body(part)).matches("let value_5").count()
            );
        }
    }

    #[test]
    fn a_code_line_longer_than_a_part_is_cut_and_still_fenced() {
        let text = format!("```\n{}\n```\n", "x".repeat(1000));
        let split = split_with_report(&text, 250);
        for part in &split.parts {
            assert!(part.chars().count() <= 250, "{part}");
            assert!(fences_balanced(body(part)), "{part}");
        }
        let code: String = split.parts.iter().map(|part| code_of(body(part)).replace('\n', "")).collect();
        assert_eq!(code, "x".repeat(1000));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any mix of prose and code blocks (some larger than a part): every part within the
        /// limit, every fence balanced in every part, the code put back together unchanged.
        #[test]
        fn parts_fit_fences_balance_and_code_survives(
            pieces in proptest::collection::vec(
                (proptest::bool::ANY, 0usize..60, proptest::sample::select(vec!["rust", "", "js", "python"]), 1usize..70),
                1..12,
            ),
            limit in 200usize..900,
        ) {
            let mut text = String::new();
            let mut code = String::new();
            for (index, (is_code, lines, language, width)) in pieces.into_iter().enumerate() {
                if is_code {
                    let fence = if index % 3 == 0 { "~~~~" } else { "```" };
                    text.push_str(&format!("{fence}{language}\n"));
                    for line in 0..lines {
                        let line = format!("{}{line}\n", "c".repeat(width % (line + 2) + 1));
                        code.push_str(&line);
                        text.push_str(&line);
                    }
                    text.push_str(&format!("{fence}\n"));
                } else {
                    for line in 0..lines {
                        text.push_str(&format!("{} words {line}\n", "w".repeat(width)));
                        if line % 4 == 3 {
                            text.push_str("\n## Next\n");
                        }
                    }
                }
            }
            let split = split_with_report(&text, limit);
            if split.parts.len() == 1 {
                proptest::prop_assert_eq!(&split.parts[0], &text);
            } else {
                for part in &split.parts {
                    proptest::prop_assert!(part.chars().count() <= limit, "over the limit: {}", part);
                    proptest::prop_assert!(fences_balanced(body(part)), "unbalanced: {}", part);
                }
                let all_code: String = split.parts.iter().map(|part| code_of(body(part))).collect();
                proptest::prop_assert_eq!(all_code, code);
            }
        }
    }

    #[test]
    fn a_giant_line_is_cut() {
        let text = "word ".repeat(200);
        let parts = split_into_parts(&text, 250);
        assert!(parts.iter().all(|part| part.chars().count() <= 250));
        let bodies: String = parts.iter().map(|part| part.split_once("\n\n").unwrap().1).collect();
        assert_eq!(bodies, text);
    }

    #[test]
    fn tiny_limits_count_as_the_minimum() {
        let text = "a line of text\n".repeat(40);
        let parts = split_into_parts(&text, 10);
        assert!(parts.iter().all(|part| part.chars().count() <= MIN_PASTE_LIMIT));
    }

    #[test]
    fn fences_are_recognised() {
        assert_eq!(fence_open("```rust"), Some(('`', 3)));
        assert_eq!(fence_open("  ~~~~"), Some(('~', 4)));
        assert_eq!(fence_open("```a```"), None);
        assert_eq!(fence_open("``"), None);
        assert!(fence_closes("```\n", ('`', 3)));
        assert!(fence_closes("`````", ('`', 3)));
        assert!(!fence_closes("``` x", ('`', 3)));
        assert!(!fence_closes("~~~", ('`', 3)));
    }
}
