//! Splitting a long bundle into parts for chat boxes with a paste limit.
//!
//! Each part is headed "Part i of N — reply OK and wait for the remaining parts" (the last one
//! "Part N of N — this is the last part") and, heading included, is at most the paste limit in
//! characters. Parts break at section boundaries when one falls in the second half of a part,
//! else at paragraph boundaries, else between lines; never inside a fenced code block, unless a
//! single code block is larger than a part: then it is cut between lines, each piece closed and
//! reopened with the same fence.

/// The smallest paste limit honoured: below it a part could not hold its own heading and some
/// text. Smaller limits count as this one.
pub const MIN_PASTE_LIMIT: usize = 200;

/// The bundle in parts of at most `paste_limit` characters each (headings included); the text
/// alone, unheaded, when it fits.
pub fn split_into_parts(text: &str, paste_limit: usize) -> Vec<String> {
    let limit = paste_limit.max(MIN_PASTE_LIMIT);
    if text.chars().count() <= limit {
        return vec![text.to_string()];
    }
    // The heading's length depends on the number of parts: try 1 digit, then 2, …
    let mut digits = 1u32;
    loop {
        let most = 10usize.pow(digits) - 1;
        // The longest heading: the "reply OK" wording with both numbers at their widest.
        let widest = format!("Part {most} of {most} — reply OK and wait for the remaining parts");
        let capacity = limit - widest.chars().count() - 2;
        let bodies = pack(&units(text, capacity), capacity);
        if bodies.len() <= most {
            let count = bodies.len();
            return bodies
                .into_iter()
                .enumerate()
                .map(|(index, body)| format!("{}\n\n{body}", heading(index + 1, count)))
                .collect();
        }
        digits += 1;
    }
}

fn heading(number: usize, count: usize) -> String {
    if number == count {
        format!("Part {number} of {count} — this is the last part")
    } else {
        format!("Part {number} of {count} — reply OK and wait for the remaining parts")
    }
}

/// How good a place the start of a unit is to begin a part.
const SECTION: u8 = 3;
const PARAGRAPH: u8 = 2;
const LINE: u8 = 1;
/// Only when nothing else will do (inside a line, between a heading and its text).
const LAST_RESORT: u8 = 0;

/// A piece of text never split further: a line, or a whole fenced code block.
struct Unit {
    text: String,
    chars: usize,
    /// How good a break before this unit is.
    score: u8,
}

impl Unit {
    fn new(text: String, score: u8) -> Unit {
        Unit { chars: text.chars().count(), text, score }
    }
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

/// Cuts the text into units no longer than `capacity`, each scored as a place to break.
fn units(text: &str, capacity: usize) -> Vec<Unit> {
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
                split_code_block(&lines[start..index], fence, capacity, score(start), &mut units);
            }
        } else if lines[start].chars().count() <= capacity {
            units.push(Unit::new(lines[start].to_string(), score(start)));
        } else {
            for (number, piece) in cut_line(lines[start], capacity).into_iter().enumerate() {
                units.push(Unit::new(piece, if number == 0 { score(start) } else { LAST_RESORT }));
            }
        }
    }
    units
}

/// A code block larger than a part, cut between lines into pieces that each close the fence and
/// reopen it with the same opening line.
fn split_code_block(lines: &[&str], (mark, run): (char, usize), capacity: usize, score: u8, units: &mut Vec<Unit>) {
    let opening = if lines[0].ends_with('\n') { lines[0].to_string() } else { format!("{}\n", lines[0]) };
    let closed = lines.len() > 1 && fence_closes(lines[lines.len() - 1], (mark, run));
    let inner = &lines[1..lines.len() - usize::from(closed)];
    let closing = format!("{}\n", mark.to_string().repeat(run));
    let last_closing = if closed { lines[lines.len() - 1].to_string() } else { String::new() };
    let room = capacity.saturating_sub(opening.chars().count() + closing.chars().count()).max(1);

    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for line in inner {
        let mut line = line.to_string();
        if !line.ends_with('\n') {
            line.push('\n');
        }
        let line_pieces = if line.chars().count() <= room { vec![line] } else { cut_line(&line, room - 1) };
        for mut piece in line_pieces {
            if !piece.ends_with('\n') {
                piece.push('\n');
            }
            let chars = piece.chars().count();
            if current_chars + chars > room && !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
                current_chars = 0;
            }
            current.push_str(&piece);
            current_chars += chars;
        }
    }
    pieces.push(current);
    let count = pieces.len();
    for (number, piece) in pieces.into_iter().enumerate() {
        let end = if number + 1 == count { &last_closing } else { &closing };
        let text = format!("{opening}{piece}{end}");
        units.push(Unit::new(text, if number == 0 { score } else { LAST_RESORT }));
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

/// Packs the units into bodies of at most `capacity` characters, choosing where each breaks.
fn pack(units: &[Unit], capacity: usize) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut start = 0;
    while start < units.len() {
        let mut end = start;
        let mut length = 0;
        while end < units.len() && length + units[end].chars <= capacity {
            length += units[end].chars;
            end += 1;
        }
        if end == units.len() {
            bodies.push(units[start..].iter().map(|unit| unit.text.as_str()).collect());
            break;
        }
        // Break before unit `b`, start < b <= end: the best score in the second half of the
        // part, the latest among equals; anywhere when the second half has no candidate.
        let mut offset = 0;
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
        bodies.push(units[start..cut].iter().map(|unit| unit.text.as_str()).collect());
        start = cut;
    }
    bodies
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

    #[test]
    fn a_code_block_larger_than_a_part_is_cut_and_refenced() {
        let code: String = (0..100).map(|n| format!("let value_{n} = {n};\n")).collect();
        let text = format!("Intro.\n\n```rust\n{code}```\nOutro.\n");
        let parts = split_into_parts(&text, 400);
        let mut content = Vec::new();
        for part in &parts {
            assert!(part.chars().count() <= 400);
            let body = part.split_once("\n\n").unwrap().1;
            let fences = body.lines().filter(|line| line.starts_with("```")).count();
            assert_eq!(fences % 2, 0, "{body}");
            content.extend(body.lines().filter(|line| !line.starts_with("```")).map(str::to_string));
        }
        let original: Vec<String> = text.lines().filter(|line| !line.starts_with("```")).map(str::to_string).collect();
        assert_eq!(content, original);
        assert!(parts[1].contains("```rust\n"));
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
