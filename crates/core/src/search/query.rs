//! Answering a query: expanding each word to its completions and near spellings, BM25 over the
//! postings, the fuzzy title score, and the hits grouped by type.

use super::*;

impl SearchIndex {
    /// The terms a query word stands for: itself, the words it begins, or (when neither exists)
    /// its near spellings. Each with a weight ≤ 1.
    pub(super) fn expand(&self, word: &str) -> Vec<Expansion<'_>> {
        let mut found: Vec<Expansion> = Vec::new();
        let length = word.chars().count();
        if let Some((text, term)) = self.terms.get_key_value(word) {
            found.push(Expansion { term: *term, text, weight: 1.0 });
        }
        if length >= 2 {
            let mut completions: Vec<Expansion> = self
                .terms
                .range::<str, _>((Bound::Excluded(word), Bound::Unbounded))
                .take_while(|(term, _)| term.starts_with(word))
                .map(|(term, number)| {
                    let ratio = length as f32 / term.chars().count() as f32;
                    Expansion { term: *number, text: term, weight: 0.55 + 0.35 * ratio }
                })
                .collect();
            self.keep_best(&mut completions);
            found.extend(completions);
        }
        if found.is_empty() && length >= 4 {
            let max = if length >= 8 { 2 } else { 1 };
            let wanted: Vec<char> = word.chars().collect();
            let mask = char_mask(word);
            let mut near: Vec<Expansion> = Vec::new();
            for (term, number) in &self.terms {
                let term_length = term.len();
                // Byte lengths bound char lengths for the common (ASCII) case; the mask check
                // drops terms with too many characters the word does not have.
                if term_length + max < length {
                    continue;
                }
                let extra = (self.term_masks[*number as usize] & !mask).count_ones() as usize;
                if extra > max {
                    continue;
                }
                let candidate: Vec<char> = term.chars().collect();
                // The whole word, or (as the user is still typing) the term's beginning.
                let whole = edit_distance(&wanted, &candidate, max);
                let distance = match whole {
                    Some(distance) => Some(distance),
                    None if candidate.len() > length => {
                        edit_distance(&wanted, &candidate[..length], max).map(|distance| distance + 1)
                    }
                    None => None,
                };
                if let Some(distance) = distance {
                    near.push(Expansion { term: *number, text: term, weight: if distance <= 1 { 0.6 } else { 0.4 } });
                }
            }
            self.keep_best(&mut near);
            found.extend(near);
        }
        found
    }

    /// Keeps the best expansions (highest weight, then most documents): at most
    /// [`MAX_EXPANSIONS`], and no more postings than [`EXPANSION_POSTINGS`] once one is kept, so a
    /// one- or two-letter prefix costs no more than a common word.
    pub(super) fn keep_best(&self, expansions: &mut Vec<Expansion<'_>>) {
        let size = |expansion: &Expansion<'_>| self.postings[expansion.term as usize].len();
        expansions.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(size(b).cmp(&size(a))));
        let mut postings = 0usize;
        let mut kept = 0usize;
        for expansion in expansions.iter() {
            if kept == MAX_EXPANSIONS || (kept > 0 && postings + size(expansion) > EXPANSION_POSTINGS) {
                break;
            }
            postings += size(expansion);
            kept += 1;
        }
        expansions.truncate(kept);
    }

    /// The best hits for a query, grouped by type (the group with the best hit first), at most
    /// `limit` per type. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.find(query, limit).hits
    }

    /// [`SearchIndex::search`], with the indexed words the query matched.
    pub fn find(&self, query: &str, limit: usize) -> Found {
        let query = normalise(query);
        let mut query_words: Vec<String> = Vec::new();
        for word in tokens(&query) {
            if !query_words.contains(&word) && query_words.len() < MAX_QUERY_WORDS {
                query_words.push(word);
            }
        }
        if query_words.is_empty() || limit == 0 || self.live == 0 {
            return Found::default();
        }
        let slots = self.slots.len();
        let mut scores: Vec<f32> = vec![0.0; slots];
        let mut matched: Vec<u8> = vec![0; slots];
        let mut word_scores: Vec<f32> = vec![0.0; slots];
        let mut touched: Vec<u32> = Vec::new();
        let documents = self.live as f32;
        let average_length = (self.total_length as f32 / documents).max(1.0);
        let mut highlight: HashSet<&str> = HashSet::new();

        for (position, word) in query_words.iter().enumerate() {
            let expansions = self.expand(word);
            for expansion in &expansions {
                let list = &self.postings[expansion.term as usize];
                let frequency = list.len() as f32;
                let idf = (1.0 + (documents - frequency + 0.5).max(0.0) / (frequency + 0.5)).ln();
                for posting in list {
                    let slot = (posting >> 8) as usize;
                    let hot = &self.hot[slot];
                    if !hot.alive {
                        continue;
                    }
                    let tf = (posting & 0xff) as f32;
                    let norm = 1.0 - B + B * hot.length as f32 / average_length;
                    let score = expansion.weight * idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                    if word_scores[slot] == 0.0 {
                        touched.push(slot as u32);
                    }
                    if score > word_scores[slot] {
                        word_scores[slot] = score.max(f32::MIN_POSITIVE);
                    }
                }
                highlight.insert(expansion.text);
            }
            for slot in touched.drain(..) {
                let slot = slot as usize;
                scores[slot] += word_scores[slot];
                matched[slot] |= 1 << position;
                word_scores[slot] = 0.0;
            }
        }

        // Names and titles: the whole query, fuzzily.
        let mut title_matched: Vec<bool> = vec![false; slots];
        for (slot, score) in self.title_scores(&query, &query_words) {
            scores[slot] += TITLE_WEIGHT * score;
            title_matched[slot] = true;
        }

        // Every word must match, unless nothing matches them all: then all but one will do.
        let words = query_words.len() as u32;
        let mut groups: Vec<Vec<(f32, u32)>> = vec![Vec::new(); DocKind::ALL.len()];
        for required in [words, words.saturating_sub(1)] {
            if required == 0 {
                break;
            }
            for slot in 0..slots {
                if scores[slot] > 0.0 && (title_matched[slot] || matched[slot].count_ones() >= required) {
                    groups[self.hot[slot].kind.position()].push((scores[slot], slot as u32));
                }
            }
            if groups.iter().any(|group| !group.is_empty()) || words < 2 {
                break;
            }
        }

        // The best per type. A turn whose session is not indexed (trashed) is left out.
        let order = |a: &(f32, u32), b: &(f32, u32)| {
            b.0.total_cmp(&a.0).then_with(|| self.hot[b.1 as usize].recency.cmp(&self.hot[a.1 as usize].recency))
        };
        let shown = |slot: u32| {
            let doc = self.slots[slot as usize].as_ref().expect("candidates are alive");
            doc.kind != DocKind::Turn || doc.parent.is_some_and(|parent| self.by_id.contains_key(&parent))
        };
        let mut ranked: Vec<(f32, Vec<(f32, u32)>)> = Vec::new();
        for mut group in groups {
            // Most candidates are never shown: select a few more than needed, drop the orphans,
            // and sort everything only when too many were orphans.
            let mut keep = (limit * 2).min(group.len());
            loop {
                if keep < group.len() {
                    group.select_nth_unstable_by(keep - 1, order);
                }
                let mut best: Vec<(f32, u32)> =
                    group[..keep].iter().copied().filter(|(_, slot)| shown(*slot)).collect();
                if best.len() >= limit || keep == group.len() {
                    best.sort_by(order);
                    best.truncate(limit);
                    if !best.is_empty() {
                        ranked.push((best[0].0, best));
                    }
                    break;
                }
                keep = group.len();
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let hits = ranked
            .into_iter()
            .flat_map(|(_, group)| group)
            .map(|(score, slot)| self.hit(slot as usize, score, &highlight))
            .collect();
        let mut words: Vec<String> = highlight.into_iter().map(str::to_string).collect();
        words.sort();
        Found { hits, words }
    }

    /// How well the query names each title it names ([`title_score`]'s scale), as (slot, score).
    /// One substring search over every title finds where the whole query (or, for several words,
    /// its longest word) occurs; only named records are compared one by one, for initials.
    pub(super) fn title_scores(&self, query: &str, query_words: &[String]) -> Vec<(usize, f32)> {
        let mut found: Vec<(usize, f32)> = Vec::new();
        let text = self.title_text.as_str();
        let title_at = |index: usize| -> (usize, &str) {
            let start = self.title_starts[index] as usize;
            let end = self.title_starts.get(index + 1).map_or(text.len(), |next| *next as usize) - 1;
            (self.title_slots[index] as usize, &text[start..end])
        };
        // Occurrences come in order: look from the title of the previous one.
        let title_index = |offset: usize, from: usize| {
            from + self.title_starts[from..].partition_point(|start| *start as usize <= offset) - 1
        };
        let bytes = text.as_bytes();
        // Whether an occurrence begins a word (or the title), from the byte before it.
        let at_word_start = |offset: usize| match offset.checked_sub(1).map(|before| bytes[before]) {
            None | Some(b'\n') => true,
            Some(byte) if byte.is_ascii() => !byte.is_ascii_alphanumeric(),
            Some(_) => text[..offset].chars().next_back().is_none_or(|c| !is_word_char(c)),
        };
        let length = query.chars().count();
        // One or two letters name a title only at the start of one of its words.
        let short = length < 3;
        let mut seen_title: Option<usize> = None;
        let mut from = 0usize;
        for offset in memchr::memmem::find_iter(bytes, query.as_bytes()) {
            let word_start = at_word_start(offset);
            if short && !word_start {
                continue;
            }
            let index = title_index(offset, from);
            from = index;
            let (slot, title) = title_at(index);
            if !self.hot[slot].alive {
                continue;
            }
            let position = offset - self.title_starts[index] as usize;
            let score = match (position, word_start) {
                (0, _) if title.len() == query.len() => 1.0,
                (0, _) => 0.85,
                (_, true) => 0.7,
                (_, false) => 0.45,
            };
            // A title where the query occurs twice counts once, at its best place.
            if seen_title == Some(index) {
                if let Some(last) = found.last_mut() {
                    last.1 = last.1.max(score);
                }
            } else {
                found.push((slot, score));
                seen_title = Some(index);
            }
        }
        let mut named: Vec<bool> = Vec::new();
        if query_words.len() >= 2 {
            // Every word begins a word of the title: the longest occurs in it, so only the titles
            // it occurs in are compared.
            named = vec![false; self.slots.len()];
            for (slot, _) in &found {
                named[*slot] = true;
            }
            let longest = query_words.iter().max_by_key(|word| word.len()).expect("two words");
            let mut last_index: Option<usize> = None;
            let mut from = 0usize;
            for offset in memchr::memmem::find_iter(bytes, longest.as_bytes()) {
                let index = title_index(offset, from);
                from = index;
                if last_index == Some(index) {
                    continue;
                }
                last_index = Some(index);
                let (slot, title) = title_at(index);
                if named[slot] || !self.hot[slot].alive {
                    continue;
                }
                if query_words
                    .iter()
                    .all(|word| words(title).any(|(start, end)| title[start..end].starts_with(word.as_str())))
                {
                    named[slot] = true;
                    found.push((slot, 0.6));
                }
            }
        }
        // Initials are short and name something people remember: a project, an account, a
        // session, a knowledge entry.
        if (2..=6).contains(&length) && query_words.len() == 1 {
            if named.is_empty() {
                named = vec![false; self.slots.len()];
                for (slot, _) in &found {
                    named[*slot] = true;
                }
            }
            let query_chars_mask = char_mask(query) | 1 << 63;
            let first = query.chars().next().map_or(0, char_bit);
            for (slot, hot) in self.hot.iter().enumerate() {
                if query_chars_mask & !hot.title_mask != 0
                    || hot.word_starts & first == 0
                    || named[slot]
                    || !matches!(hot.kind, DocKind::Project | DocKind::Account | DocKind::Session | DocKind::Knowledge)
                {
                    continue;
                }
                let Some(doc) = &self.slots[slot] else { continue };
                let score = subsequence_score(query, &doc.title_lower);
                if score > 0.0 && !(short && score < 0.6) {
                    found.push((slot, score));
                }
            }
        }
        found
    }

    pub(super) fn parent_title(&self, parent: Option<Id>) -> Option<&str> {
        let slot = *self.by_id.get(&parent?)?;
        self.slots[slot as usize].as_ref().map(|doc| &*doc.title)
    }

    pub(super) fn hit(&self, slot: usize, score: f32, highlight: &HashSet<&str>) -> Hit {
        let doc = self.slots[slot].as_ref().expect("hits are alive");
        let parent = self.parent_title(doc.parent);
        let title = match doc.kind {
            DocKind::Turn => format!("Turn {}", doc.number.unwrap_or(0)),
            DocKind::Handoff => match parent {
                Some(project) => format!("Handoff for {project}"),
                None => "Handoff".to_string(),
            },
            _ => doc.title.to_string(),
        };
        let context: Vec<&str> = match doc.kind {
            DocKind::Handoff => vec![&doc.subtitle],
            _ => parent.into_iter().chain([&*doc.subtitle]).filter(|part| !part.is_empty()).collect(),
        };
        Hit {
            id: doc.id,
            kind: doc.kind,
            title,
            context: context.join(" · "),
            parent: doc.parent,
            snippet: doc.fields.iter().find_map(|(label, text)| snippet(label, text, highlight)),
            score,
        }
    }
}
