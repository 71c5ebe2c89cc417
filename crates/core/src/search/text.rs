//! Words and scores: tokenising, the edit distance for typos, and the fuzzy score of a title
//! (also used by the command palette).

/// Longest token indexed, in bytes (longer runs are hashes or encoded data, not words).
pub(super) const MAX_TOKEN_BYTES: usize = 48;
/// Query words considered (the rest are ignored).
pub(super) const MAX_QUERY_WORDS: usize = 8;
/// How many completions or near spellings a query word expands to at most.
pub(super) const MAX_EXPANSIONS: usize = 48;
/// How many postings a query word's completions or near spellings may visit in all.
pub(super) const EXPANSION_POSTINGS: usize = 100_000;
/// How much a title word counts against a body word.
pub(super) const TITLE_TF: u32 = 3;
/// Weight of the fuzzy title score against BM25.
pub(super) const TITLE_WEIGHT: f32 = 30.0;
pub(super) const K1: f32 = 1.2;
pub(super) const B: f32 = 0.75;
/// Characters of context shown on each side of the first match.
pub(super) const SNIPPET_BEFORE: usize = 40;
pub(super) const SNIPPET_LENGTH: usize = 140;

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits text into lower-cased words with their byte ranges in `text`.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if is_word_char(c) {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

pub(super) fn lower(word: &str) -> String {
    lower_cow(word).into_owned()
}

pub(super) fn lower_cow(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.chars().flat_map(char::to_lowercase).collect())
    }
}

/// The lower-cased words of a text (what is indexed and what a query is made of).
pub fn tokens(text: &str) -> Vec<String> {
    words(text)
        .filter(|(start, end)| end - start <= MAX_TOKEN_BYTES)
        .map(|(start, end)| lower(&text[start..end]))
        .collect()
}

/// A 64-bit set of the characters of a text (a–z, 0–9 and one bit for everything else), for cheap
/// "cannot match" checks.
pub(super) fn char_mask(text: &str) -> u64 {
    text.chars().fold(0u64, |mask, c| mask | char_bit(c))
}

pub(super) fn char_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_whitespace() => 0,
        c => 1 << (36 + (c as u32 % 27)),
    }
}

/// Damerau–Levenshtein distance (optimal string alignment) of two short words, or `None` when it
/// is above `max`.
pub(super) fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

/// How well a whole query names a title, from 0 (not at all) to 1 (the same). Both lower-cased.
/// `initials`: whether a compact subsequence counts ("pbc" → "prefer borrowing over cloning").
pub(super) fn title_score(query: &str, query_words: &[String], title: &str, initials: bool) -> f32 {
    if query.is_empty() || title.is_empty() {
        return 0.0;
    }
    if title == query {
        return 1.0;
    }
    if title.starts_with(query) {
        return 0.85;
    }
    if let Some(position) = title.find(query) {
        let at_word_start = title[..position].chars().next_back().is_none_or(|c| !is_word_char(c));
        return if at_word_start { 0.7 } else { 0.45 };
    }
    if query_words.len() >= 2
        && query_words.iter().all(|word| words(title).any(|(start, end)| title[start..end].starts_with(word.as_str())))
    {
        return 0.6;
    }
    if initials {
        subsequence_score(query, title)
    } else {
        0.0
    }
}

/// A compact, in-order match of the query's characters in the title, starting at a word start:
/// each character is looked for first right after the previous match, then at the next word
/// start, then anywhere; the first two count fully, the last 0.4. Scattered matches score nothing.
pub(super) fn subsequence_score(query: &str, title: &str) -> f32 {
    // Titles are mostly ASCII: compare bytes then, characters otherwise (same rules).
    if query.is_ascii() && title.is_ascii() {
        let wanted: Vec<u8> = query.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        subsequence_units(&wanted, title.as_bytes(), |b| b.is_ascii_alphanumeric())
    } else {
        let wanted: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).collect();
        let title: Vec<char> = title.chars().collect();
        subsequence_units(&wanted, &title, is_word_char)
    }
}

pub(super) fn subsequence_units<T: Copy + PartialEq>(wanted: &[T], title: &[T], is_word: impl Fn(T) -> bool) -> f32 {
    let length = wanted.len();
    if length < 2 {
        return 0.0;
    }
    let mut points = 0.0f32;
    // Position after the previous match.
    let mut at = 0usize;
    for (index, &c) in wanted.iter().enumerate() {
        if index > 0 && title.get(at) == Some(&c) {
            points += 1.0;
            at += 1;
            continue;
        }
        let mut previous_is_word = index > 0 && at > 0 && is_word(title[at - 1]);
        let mut word_start: Option<usize> = None;
        let mut anywhere: Option<usize> = None;
        for (offset, &candidate) in title[at..].iter().enumerate() {
            if candidate == c {
                if !previous_is_word {
                    word_start = Some(offset);
                    break;
                }
                anywhere.get_or_insert(offset);
            }
            previous_is_word = is_word(candidate);
        }
        match (word_start, anywhere) {
            (Some(offset), _) => {
                points += 1.0;
                at += offset + 1;
            }
            (None, Some(offset)) if index > 0 => {
                points += 0.4;
                at += offset + 1;
            }
            _ => return 0.0,
        }
        // Even with every remaining character matched fully, too scattered already.
        if (points + (length - index - 1) as f32) / (length as f32) < 0.75 {
            return 0.0;
        }
    }
    let quality = points / length as f32;
    if quality < 0.75 {
        return 0.0;
    }
    0.2 + 0.2 * quality
}

/// How well a query names a command label ("new proj" → "New project"); 0 when it does not.
pub fn command_score(query: &str, label: &str) -> f32 {
    let query = normalise(query);
    let words = tokens(&query);
    title_score(&query, &words, &normalise(label), true)
}

/// Lower-cases and collapses white space.
pub(super) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&lower(word));
    }
    out
}
