//! The index itself: its slots, term dictionary and postings, kept up to date document by
//! document (upsert, remove) and compacted when dead slots pile up.

use super::*;

/// FxHash (rustc's hasher): a multiply and a rotate per word, much faster than SipHash for the
/// short keys of a term dictionary (no untrusted keys reach it in a way that matters here: the
/// user's own text).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for byte in chunks.remainder() {
            self.add(*byte as u64);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(byte as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    pub(super) fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(super) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

pub(super) struct Slot {
    pub(super) id: Id,
    pub(super) kind: DocKind,
    pub(super) title: Box<str>,
    pub(super) title_lower: Box<str>,
    pub(super) subtitle: Box<str>,
    pub(super) parent: Option<Id>,
    pub(super) number: Option<u32>,
    pub(super) fields: Box<[(&'static str, Box<str>)]>,
}

/// What every query reads of every slot, kept small and together.
#[derive(Clone, Copy)]
pub(super) struct Hot {
    pub(super) alive: bool,
    pub(super) kind: DocKind,
    /// Token count (title words counted [`TITLE_TF`] times).
    pub(super) length: u32,
    /// The title's characters (0 without a title or when dead).
    pub(super) title_mask: u64,
    /// The characters its title's words begin with (initials begin with one of them).
    pub(super) word_starts: u64,
    pub(super) recency: i64,
}

/// The index. Not thread-safe by design: the app keeps one per tab.
#[derive(Default)]
pub struct SearchIndex {
    pub(super) slots: Vec<Option<Slot>>,
    pub(super) hot: Vec<Hot>,
    pub(super) by_id: HashMap<Id, u32, FxBuild>,
    /// Term → term number, for lookups while indexing.
    pub(super) term_numbers: HashMap<Box<str>, u32, FxBuild>,
    /// The same, ordered, so the terms a prefix begins are a range.
    pub(super) terms: BTreeMap<Box<str>, u32>,
    /// Term number → its characters' mask and its postings (`slot << 8 | min(tf, 255)`).
    pub(super) term_masks: Vec<u64>,
    pub(super) postings: Vec<Vec<u32>>,
    /// Every title, lower-cased, each followed by a newline: a query finds the titles it occurs in
    /// with one substring search over this text instead of a comparison per title.
    pub(super) title_text: String,
    /// Where each title begins in `title_text` (ascending) and its slot, side by side.
    pub(super) title_starts: Vec<u32>,
    pub(super) title_slots: Vec<u32>,
    pub(super) live: usize,
    pub(super) dead: usize,
    pub(super) total_length: u64,
    /// Whether body text is kept for snippets (else callers read the records back and use
    /// [`snippet_for`]).
    pub(super) without_text: bool,
}

/// What a search found: the hits, and the indexed words the query matched (to mark them in a
/// snippet made later with [`snippet_for`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub words: Vec<String>,
}

pub(super) struct Expansion<'a> {
    pub(super) term: u32,
    pub(super) text: &'a str,
    pub(super) weight: f32,
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// An index that keeps only names and titles, not body text: a third of the memory on a large
    /// dataset. Its hits carry no snippet; make one with [`snippet_for`] from the record.
    pub fn without_text() -> SearchIndex {
        SearchIndex { without_text: true, ..SearchIndex::default() }
    }

    /// Gives back the room the lists grew into (after a bulk build).
    pub fn shrink(&mut self) {
        for list in &mut self.postings {
            list.shrink_to_fit();
        }
        self.slots.shrink_to_fit();
        self.hot.shrink_to_fit();
        self.title_text.shrink_to_fit();
        self.title_starts.shrink_to_fit();
        self.title_slots.shrink_to_fit();
    }

    /// Documents indexed.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn contains(&self, id: Id) -> bool {
        self.by_id.contains_key(&id)
    }

    /// Distinct words indexed.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Postings held (including those of replaced documents not yet compacted).
    pub fn posting_count(&self) -> usize {
        self.postings.iter().map(Vec::len).sum()
    }

    /// Roughly how much memory the index holds, in bytes: the text kept for titles and snippets,
    /// the postings, the per-document arrays and the term dictionary (allocator overhead aside).
    pub fn approximate_bytes(&self) -> usize {
        let text: usize = self
            .slots
            .iter()
            .flatten()
            .map(|slot| {
                slot.title.len()
                    + slot.title_lower.len()
                    + slot.subtitle.len()
                    + slot.fields.iter().map(|(_, text)| text.len() + 24).sum::<usize>()
                    + std::mem::size_of::<Slot>()
            })
            .sum();
        let postings: usize = self.postings.iter().map(|list| list.capacity() * 4 + 24).sum();
        let terms: usize =
            self.terms.keys().map(|term| 2 * (term.len() + 40)).sum::<usize>() + self.term_masks.len() * 8;
        text + postings
            + terms
            + self.slots.capacity() * std::mem::size_of::<Option<Slot>>()
            + self.hot.capacity() * std::mem::size_of::<Hot>()
            + self.by_id.len() * 24
    }

    /// Empties the index.
    pub fn clear(&mut self) {
        *self = SearchIndex::default();
    }

    /// The projects indexed, as (id, name, last change), newest first (for "Build handoff for …").
    pub fn projects(&self) -> Vec<(Id, String, i64)> {
        // The small per-slot array first: asked on every keystroke of the palette.
        let mut projects: Vec<(Id, String, i64)> = self
            .hot
            .iter()
            .enumerate()
            .filter(|(_, hot)| hot.alive && hot.kind == DocKind::Project)
            .filter_map(|(slot, hot)| self.slots[slot].as_ref().map(|doc| (doc.id, doc.title.to_string(), hot.recency)))
            .collect();
        projects.sort_by(|a, b| b.2.cmp(&a.2).then(b.0.cmp(&a.0)));
        projects
    }

    /// Indexes a record: upserts its document, or removes it when it is trashed or not searched.
    pub fn index_record(&mut self, record: &AnyRecord) {
        match SearchDoc::from_record(record) {
            Some(doc) => self.upsert(doc),
            None => self.remove(record.id()),
        }
    }

    /// Adds a document, replacing the one with the same id.
    pub fn upsert(&mut self, doc: SearchDoc) {
        self.drop_slot(doc.id);
        let slot = self.slots.len() as u32;
        assert!(slot < (1 << 24), "the search index holds at most 16 million documents");
        let mut words: Vec<(std::borrow::Cow<'_, str>, u32)> = Vec::new();
        for (text, weight) in
            std::iter::once((doc.title.as_str(), TITLE_TF)).chain(doc.fields.iter().map(|(_, text)| (text.as_str(), 1)))
        {
            for (start, end) in self::words(text) {
                if end - start <= MAX_TOKEN_BYTES {
                    words.push((lower_cow(&text[start..end]), weight));
                }
            }
        }
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let length: u32 = words.iter().map(|(_, weight)| weight).sum();
        let mut at = 0;
        while at < words.len() {
            let word = &words[at].0;
            let mut count = 0u32;
            while at < words.len() && words[at].0 == *word {
                count += words[at].1;
                at += 1;
            }
            let term = match self.term_numbers.get(word.as_ref()) {
                Some(term) => *term,
                None => {
                    let term = self.postings.len() as u32;
                    self.term_masks.push(char_mask(word));
                    self.postings.push(Vec::new());
                    self.terms.insert(word.as_ref().into(), term);
                    self.term_numbers.insert(word.as_ref().into(), term);
                    term
                }
            };
            self.postings[term as usize].push(slot << 8 | count.min(255));
        }
        drop(words);
        let title_lower = normalise(&doc.title);
        if !title_lower.is_empty() {
            self.push_title(slot, &title_lower);
        }
        self.hot.push(Hot {
            alive: true,
            kind: doc.kind,
            length,
            title_mask: if title_lower.is_empty() { 0 } else { char_mask(&title_lower) | 1 << 63 },
            word_starts: self::words(&title_lower)
                .filter_map(|(start, _)| title_lower[start..].chars().next())
                .fold(0, |mask, c| mask | char_bit(c)),
            recency: doc.recency,
        });
        self.slots.push(Some(Slot {
            id: doc.id,
            kind: doc.kind,
            title_lower: title_lower.into_boxed_str(),
            title: doc.title.into_boxed_str(),
            subtitle: doc.subtitle.into_boxed_str(),
            parent: doc.parent,
            number: doc.number,
            fields: if self.without_text {
                Box::default()
            } else {
                doc.fields.into_iter().map(|(label, text)| (label, text.into_boxed_str())).collect()
            },
        }));
        self.by_id.insert(doc.id, slot);
        self.live += 1;
        self.total_length += length as u64;
    }

    pub(super) fn push_title(&mut self, slot: u32, title_lower: &str) {
        self.title_starts.push(u32::try_from(self.title_text.len()).expect("titles under 4 GB"));
        self.title_slots.push(slot);
        self.title_text.push_str(title_lower);
        self.title_text.push('\n');
    }

    /// Removes a document (nothing happens when it is not indexed).
    pub fn remove(&mut self, id: Id) {
        self.drop_slot(id);
        self.maybe_compact();
    }

    pub(super) fn drop_slot(&mut self, id: Id) {
        let Some(slot) = self.by_id.remove(&id) else { return };
        let slot = slot as usize;
        self.slots[slot] = None;
        let hot = &mut self.hot[slot];
        hot.alive = false;
        hot.title_mask = 0;
        self.total_length -= hot.length as u64;
        self.live -= 1;
        self.dead += 1;
    }

    /// Renumbers the slots without the dead ones once they are a quarter of the index.
    pub(super) fn maybe_compact(&mut self) {
        if self.dead < 1024 || self.dead * 4 < self.slots.len() {
            return;
        }
        self.compact();
    }

    /// Drops the dead slots and their postings now.
    pub fn compact(&mut self) {
        let mut renumber: Vec<u32> = vec![u32::MAX; self.slots.len()];
        let mut next = 0u32;
        for (old, hot) in self.hot.iter().enumerate() {
            if hot.alive {
                renumber[old] = next;
                next += 1;
            }
        }
        for list in &mut self.postings {
            list.retain_mut(|posting| {
                let new = renumber[(*posting >> 8) as usize];
                if new == u32::MAX {
                    return false;
                }
                *posting = new << 8 | (*posting & 0xff);
                true
            });
        }
        let slots = std::mem::take(&mut self.slots);
        self.slots = slots.into_iter().filter(Option::is_some).collect();
        self.hot.retain(|hot| hot.alive);
        self.title_text.clear();
        self.title_starts.clear();
        self.title_slots.clear();
        let titles: Vec<(u32, Box<str>)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(slot, doc)| doc.as_ref().map(|doc| (slot as u32, doc)))
            .filter(|(_, doc)| !doc.title_lower.is_empty())
            .map(|(slot, doc)| (slot, doc.title_lower.clone()))
            .collect();
        for (slot, title) in titles {
            self.push_title(slot, &title);
        }
        for (slot, doc) in self.slots.iter().enumerate() {
            if let Some(doc) = doc {
                self.by_id.insert(doc.id, slot as u32);
            }
        }
        // Terms no document uses any more are dropped (their numbers stay; the lists are empty).
        let postings = &self.postings;
        self.terms.retain(|_, term| !postings[*term as usize].is_empty());
        self.term_numbers.retain(|_, term| !postings[*term as usize].is_empty());
        self.dead = 0;
    }
}
