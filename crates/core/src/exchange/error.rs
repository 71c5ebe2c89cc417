//! Why an import file was refused: [`DecodeError`] (one case per step of reading a file) and
//! [`Problem`] (one place in the file), each saying in `Display` what is wrong and what to do.

use crate::locale::{format_integer, plural};
use crate::schema::SCHEMA_VERSION;
use std::fmt;

/// One problem with one place in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, as a path into the file: `data.sessions[12].project_id`.
    pub path: String,
    /// What is wrong, in plain words: `no such project in the file or in this browser`.
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a file was refused, with the data a message needs; the interface words it
/// (`src/i18n/errors.rs`). `Display` is plain English for logs and the import corpus's expected
/// fragments, not for people.
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeError {
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// UTF-16, binary data, zero bytes or bytes that are not UTF-8.
    NotText,
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    TooDeep {
        limit: usize,
    },
    /// More values than any Baton export within the size limit holds (see [`values_limit`]).
    TooManyValues {
        limit: usize,
    },
    NotBaton {
        looks_like: String,
    },
    NewerVersion {
        version: u64,
    },
    UnsupportedVersion {
        version: u64,
    },
    Checksum {
        expected: String,
        actual: String,
    },
    /// Every problem found, each with its place.
    Invalid(Vec<Problem>),
    BadEnvelope(String),
    WeakEncryption(String),
    /// Parameters so large that opening the file would keep the tab busy (PBKDF2 iterations,
    /// salt size).
    TooMuchWork(String),
    /// The key check did not open: the passphrase is wrong.
    WrongPassphrase,
    /// The key check opened but the data did not: the ciphertext is damaged.
    DamagedCiphertext,
}

/// At most this many problems are spelled out in the message (the list holds them all).
const PROBLEMS_SHOWN: usize = 10;

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { bytes, limit } => write!(
                f,
                "This file is too large to import: {} ({} bytes), the limit is {}. Export single projects instead, \
                 or empty the trash and export again.",
                megabytes(*bytes),
                bytes,
                megabytes(*limit)
            ),
            DecodeError::NotText => f.write_str(
                "This file is not UTF-8 text: it is UTF-16, binary, or holds zero bytes or bytes that are not UTF-8. \
                 Baton exports are UTF-8 JSON; choose the file Baton exported, or save it again as UTF-8.",
            ),
            DecodeError::Syntax { line, column, message } => write!(
                f,
                "This file is not valid JSON: {message} (line {line}, column {column}). If it was cut off or edited \
                 by hand, export it again."
            ),
            DecodeError::TooDeep { limit } => write!(
                f,
                "This file nests lists and objects more than {limit} levels deep, which no Baton export does, so it \
                 was not read. Choose a file exported by Baton."
            ),
            DecodeError::TooManyValues { limit } => write!(
                f,
                "This file holds more than {} values (texts, numbers, lists and objects), more than any Baton \
                 export within the size limit holds, so it was not read. Choose a file exported by Baton.",
                format_integer(*limit as i64)
            ),
            DecodeError::NotBaton { looks_like } => write!(
                f,
                "This is not a Baton file: it looks like {looks_like}. Choose a file exported from Baton's Data page \
                 (it starts with \"format\": \"baton-export\") or a legacy SQL export of the original app."
            ),
            DecodeError::NewerVersion { version } => write!(
                f,
                "This file was made by a newer Baton, version {version} (this Baton reads up to version \
                 {SCHEMA_VERSION}). Reload Baton to update it, then import the file again."
            ),
            DecodeError::UnsupportedVersion { version } => write!(
                f,
                "This file says it is version {version}, which no Baton wrote, so it cannot be read. Export it again \
                 from Baton."
            ),
            DecodeError::Checksum { expected, actual } => write!(
                f,
                "The file's checksum does not match its data: it was changed after it was exported, or damaged on \
                 the way (the file says {expected}, its data gives {actual}). Export it again from the original \
                 browser."
            ),
            DecodeError::Invalid(problems) => {
                let count = problems.len();
                write!(f, "Nothing was imported: the file has {}. ", plural(count as i64, "problem", "problems"))?;
                for (position, problem) in problems.iter().take(PROBLEMS_SHOWN).enumerate() {
                    if position > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{problem}")?;
                }
                if count > PROBLEMS_SHOWN {
                    write!(f, "; and {} more", count - PROBLEMS_SHOWN)?;
                }
                f.write_str(". Correct the file or export it again.")
            }
            DecodeError::BadEnvelope(detail) => write!(
                f,
                "This encrypted export is damaged: {detail}. Use another copy of the file or export it again."
            ),
            DecodeError::WeakEncryption(detail) => write!(
                f,
                "This encrypted export is protected more weakly than Baton accepts: {detail}. Export it again with \
                 this Baton."
            ),
            DecodeError::TooMuchWork(detail) => write!(
                f,
                "This encrypted export asks for more work than Baton allows, so it was not opened (opening it would \
                 keep this tab busy for a very long time): {detail}. Export it again with Baton."
            ),
            DecodeError::WrongPassphrase => f.write_str(
                "The passphrase is wrong: the file does not open with it. Check the passphrase (capitals count) and \
                 try again.",
            ),
            DecodeError::DamagedCiphertext => f.write_str(
                "The passphrase is right, but the encrypted data is damaged and cannot be decrypted. Use another copy \
                 of the file.",
            ),
        }
    }
}

impl std::error::Error for DecodeError {}
