//! Global search: one incremental in-memory index over projects, accounts, sessions, transcript
//! turns, checkpoints, handoffs and knowledge.
//!
//! - **Full text** on bodies: an inverted index (term → postings of `slot << 8 | tf`), ranked with
//!   BM25 (`k1 = 1.2`, `b = 0.75`). Title words are indexed too, with their frequency tripled.
//! - **Typing**: every query word also matches the terms it is a prefix of (search as you type),
//!   and, when it matches nothing as written, the terms within one edit (two for words of 8+
//!   characters; a swap of neighbours counts as one) — "tokenzier" finds "tokenizer".
//! - **Names and titles** get a fuzzy score of the whole query: equal, starts with, contains at a
//!   word start, every word a prefix of a title word, or a compact subsequence ("wtt" → "Write
//!   the tokenizer"). A title match outranks any body match.
//! - **Results** are grouped by type (the group with the best hit first), at most `limit` per
//!   type, each with a snippet around the first match in its body (char-boundary safe; plain text
//!   parts, so user text is never markup).
//! - **Incremental**: `upsert` replaces a document (the old slot is marked dead and its postings
//!   are skipped until a compaction renumbers the slots), `remove` drops it. Trashed records are
//!   never indexed: [`SearchDoc::from_record`] returns `None` for them, so callers remove them.
//!
//! The parts: `doc` (what is indexed and returned), `text` (words and scores),
//! `index` (the slots and postings, kept up to date), `query` (answering a search) and
//! `snippet`.

mod doc;
mod index;
mod query;
mod snippet;
#[cfg(test)]
mod tests;
mod text;

pub use doc::{DocKind, Hit, SearchDoc, Snippet, SnippetPart};
pub use index::{Found, SearchIndex};
pub use snippet::snippet_for;
pub use text::{command_score, tokens};

use crate::ids::Id;
use crate::records::{AnyRecord, Record};
use index::*;
use snippet::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use text::*;
