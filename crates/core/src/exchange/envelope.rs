//! The encrypted export's envelope. The cryptography runs in the browser (WebCrypto); the domain
//! reads the envelope, refuses parameters weaker than Baton's, and says how the key check works.
//!
//! # Telling a wrong passphrase from a damaged file
//!
//! `key_check` is base64 of a second 12-byte AES-GCM iv followed by [`KEY_CHECK_PLAINTEXT`]
//! sealed with the same derived key under that iv (its ciphertext and 16-byte tag). To open a
//! file the app derives the key (PBKDF2-SHA-256 over the passphrase and `kdf.salt`), then:
//! 1. opens `key_check`; if AES-GCM refuses it, or it does not give the known plaintext, the
//!    passphrase is wrong ([`DecodeError::WrongPassphrase`]);
//! 2. opens `ciphertext` with `cipher.iv`; if that fails now, the key is right and the data is
//!    damaged ([`DecodeError::DamagedCiphertext`]);
//! 3. decodes the plaintext with [`super::decode`] (which checks its checksum too).
//!
//! Because GCM authenticates, a damaged key check reads as a wrong passphrase; that is the one
//! case the two cannot be told apart, and the message then asks to check the passphrase first.

use super::error::DecodeError;
use super::ENCRYPTED_FORMAT;
use crate::locale::format_integer;
use crate::schema::SCHEMA_VERSION;
use crate::text::shorten;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// PBKDF2 iterations Baton uses and the least it accepts.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// The most PBKDF2 iterations accepted. The key is derived before anything can be checked, and
/// WebCrypto cannot be interrupted: a hostile file asking for u32::MAX iterations would keep the
/// tab busy for hours. Ten million is about 17 times Baton's own count (seconds on a slow phone).
pub const PBKDF2_ITERATIONS_MAX: u32 = 10_000_000;
/// The plaintext the key check seals.
pub const KEY_CHECK_PLAINTEXT: &[u8] = b"baton-export key check v1";
/// Least salt length, in bytes.
const SALT_MIN: usize = 16;
/// Most salt length, in bytes. Baton writes 16; a salt gains nothing past the hash's 32 bytes,
/// and a huge one would be copied into every derivation.
const SALT_MAX: usize = 64;
/// AES-GCM's iv length, in bytes.
const IV_LEN: usize = 12;
/// AES-GCM's tag length, in bytes.
const TAG_LEN: usize = 16;

/// How the key is derived from the passphrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kdf {
    /// "PBKDF2".
    pub name: String,
    /// "SHA-256".
    pub hash: String,
    pub iterations: u32,
    /// Base64.
    pub salt: String,
}

/// How the export is encrypted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cipher {
    /// "AES-GCM".
    pub name: String,
    /// Base64 of 12 bytes.
    pub iv: String,
}

/// `{ "format": "baton-export-encrypted", "schema_version", "kdf", "cipher", "key_check",
/// "ciphertext" }`; `ciphertext` is base64 of the AES-GCM sealed export document (UTF-8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncryptedEnvelope {
    pub format: String,
    pub schema_version: u32,
    pub kdf: Kdf,
    pub cipher: Cipher,
    /// Base64 of iv (12 bytes) ‖ sealed [`KEY_CHECK_PLAINTEXT`] (see the module documentation).
    pub key_check: String,
    pub ciphertext: String,
}

impl EncryptedEnvelope {
    /// An envelope with Baton's parameters around what the browser produced.
    pub fn new(salt: &[u8], iv: &[u8], key_check: &[u8], ciphertext: &[u8]) -> EncryptedEnvelope {
        EncryptedEnvelope {
            format: ENCRYPTED_FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            kdf: Kdf {
                name: "PBKDF2".into(),
                hash: "SHA-256".into(),
                iterations: PBKDF2_ITERATIONS,
                salt: base64_encode(salt),
            },
            cipher: Cipher { name: "AES-GCM".into(), iv: base64_encode(iv) },
            key_check: base64_encode(key_check),
            ciphertext: base64_encode(ciphertext),
        }
    }
}

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    STANDARD.decode(text.trim()).map_err(|error| format!("not valid base64 ({error})"))
}

fn field_bytes(name: &str, text: &str) -> Result<Vec<u8>, DecodeError> {
    base64_decode(text).map_err(|error| DecodeError::BadEnvelope(format!("{name} is {error}")))
}

/// Refuses an envelope that is malformed or weaker than Baton's parameters.
pub fn check_envelope(envelope: &EncryptedEnvelope) -> Result<(), DecodeError> {
    if envelope.format != ENCRYPTED_FORMAT {
        return Err(DecodeError::BadEnvelope(format!(
            "its format is “{}”, not {ENCRYPTED_FORMAT}",
            shorten(&envelope.format)
        )));
    }
    if envelope.schema_version > SCHEMA_VERSION {
        return Err(DecodeError::NewerVersion { version: u64::from(envelope.schema_version) });
    }
    if envelope.kdf.name != "PBKDF2" {
        return Err(DecodeError::WeakEncryption(format!(
            "the key is derived with “{}”; Baton accepts PBKDF2 only",
            shorten(&envelope.kdf.name)
        )));
    }
    if envelope.kdf.hash != "SHA-256" {
        return Err(DecodeError::WeakEncryption(format!(
            "PBKDF2 uses “{}”; Baton accepts SHA-256 only",
            shorten(&envelope.kdf.hash)
        )));
    }
    if envelope.kdf.iterations < PBKDF2_ITERATIONS {
        return Err(DecodeError::WeakEncryption(format!(
            "PBKDF2 runs {} iterations; Baton needs at least {PBKDF2_ITERATIONS}",
            envelope.kdf.iterations
        )));
    }
    if envelope.kdf.iterations > PBKDF2_ITERATIONS_MAX {
        return Err(DecodeError::TooMuchWork(format!(
            "PBKDF2 would run {} iterations, more than the {} Baton allows ; Baton's exports use {}",
            format_integer(i64::from(envelope.kdf.iterations)),
            format_integer(i64::from(PBKDF2_ITERATIONS_MAX)),
            format_integer(i64::from(PBKDF2_ITERATIONS))
        )));
    }
    // Checked on the text before decoding it: base64 holds 3 bytes in 4 characters.
    if envelope.kdf.salt.trim().len() > SALT_MAX.div_ceil(3) * 4 {
        return Err(DecodeError::TooMuchWork(format!(
            "the salt is {} characters of base64, longer than the {SALT_MAX} bytes Baton allows",
            format_integer(envelope.kdf.salt.trim().len() as i64)
        )));
    }
    let salt = field_bytes("kdf.salt", &envelope.kdf.salt)?;
    if salt.len() > SALT_MAX {
        return Err(DecodeError::TooMuchWork(format!(
            "the salt is {} bytes, more than the {SALT_MAX} Baton allows",
            salt.len()
        )));
    }
    if salt.len() < SALT_MIN {
        return Err(DecodeError::WeakEncryption(format!(
            "the salt is {} bytes; Baton needs at least {SALT_MIN}",
            salt.len()
        )));
    }
    if envelope.cipher.name != "AES-GCM" {
        return Err(DecodeError::WeakEncryption(format!(
            "the cipher is “{}”; Baton accepts AES-GCM only",
            shorten(&envelope.cipher.name)
        )));
    }
    if envelope.cipher.iv.trim().len() > 4 * IV_LEN {
        return Err(DecodeError::WeakEncryption(format!(
            "the iv is {} characters of base64; AES-GCM here uses {IV_LEN} bytes",
            format_integer(envelope.cipher.iv.trim().len() as i64)
        )));
    }
    let iv = field_bytes("cipher.iv", &envelope.cipher.iv)?;
    if iv.len() != IV_LEN {
        return Err(DecodeError::WeakEncryption(format!("the iv is {} bytes; AES-GCM here uses {IV_LEN}", iv.len())));
    }
    split_key_check(envelope)?;
    let ciphertext = field_bytes("ciphertext", &envelope.ciphertext)?;
    if ciphertext.len() < TAG_LEN {
        return Err(DecodeError::BadEnvelope(format!(
            "the ciphertext is {} bytes, shorter than its {TAG_LEN}-byte tag",
            ciphertext.len()
        )));
    }
    Ok(())
}

/// The key check's iv and sealed bytes (ciphertext with tag).
pub fn split_key_check(envelope: &EncryptedEnvelope) -> Result<(Vec<u8>, Vec<u8>), DecodeError> {
    let mut bytes = field_bytes("key_check", &envelope.key_check)?;
    let expected = IV_LEN + KEY_CHECK_PLAINTEXT.len() + TAG_LEN;
    if bytes.len() != expected {
        return Err(DecodeError::BadEnvelope(format!("the key check is {} bytes, not {expected}", bytes.len())));
    }
    let sealed = bytes.split_off(IV_LEN);
    Ok((bytes, sealed))
}

/// The envelope as the file's text (pretty, fields in a fixed order).
pub fn envelope_to_json(envelope: &EncryptedEnvelope) -> String {
    let mut text = serde_json::to_string_pretty(envelope).expect("envelopes always serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> EncryptedEnvelope {
        let key_check = vec![7u8; IV_LEN + KEY_CHECK_PLAINTEXT.len() + TAG_LEN];
        EncryptedEnvelope::new(&[1; 16], &[2; 12], &key_check, &[3; 40])
    }

    #[test]
    fn base64_round_trips_and_refuses_garbage() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", b"\x00\xff\x10binary"] {
            assert_eq!(base64_decode(&base64_encode(bytes)).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"foob"), "Zm9vYg==");
        assert!(base64_decode("***").unwrap_err().contains("not valid base64"));
    }

    #[test]
    fn baton_parameters_pass_and_weaker_ones_are_refused() {
        assert_eq!(check_envelope(&good()), Ok(()));
        let parsed: EncryptedEnvelope = serde_json::from_str(&envelope_to_json(&good())).unwrap();
        assert_eq!(parsed, good());
        let (iv, sealed) = split_key_check(&good()).unwrap();
        assert_eq!((iv.len(), sealed.len()), (12, KEY_CHECK_PLAINTEXT.len() + 16));

        let weak = |change: &dyn Fn(&mut EncryptedEnvelope)| {
            let mut envelope = good();
            change(&mut envelope);
            check_envelope(&envelope).unwrap_err()
        };
        assert!(
            matches!(weak(&|e| e.kdf.iterations = 100_000), DecodeError::WeakEncryption(m) if m.contains("100000"))
        );
        assert!(
            matches!(weak(&|e| e.kdf.hash = "SHA-1".into()), DecodeError::WeakEncryption(m) if m.contains("SHA-1"))
        );
        assert!(matches!(weak(&|e| e.cipher.name = "AES-CBC".into()), DecodeError::WeakEncryption(_)));
        assert!(
            matches!(weak(&|e| e.kdf.salt = base64_encode(&[1; 8])), DecodeError::WeakEncryption(m) if m.contains("salt"))
        );
        assert!(
            matches!(weak(&|e| e.cipher.iv = base64_encode(&[1; 16])), DecodeError::WeakEncryption(m) if m.contains("iv"))
        );
        assert!(matches!(weak(&|e| e.key_check = "AAAA".into()), DecodeError::BadEnvelope(_)));
        assert!(
            matches!(weak(&|e| e.ciphertext = "!".into()), DecodeError::BadEnvelope(m) if m.contains("ciphertext"))
        );
        assert!(matches!(weak(&|e| e.schema_version = 99), DecodeError::NewerVersion { version: 99 }));
    }

    #[test]
    fn parameters_that_would_hang_the_tab_are_refused() {
        let refused = |change: &dyn Fn(&mut EncryptedEnvelope)| {
            let mut envelope = good();
            change(&mut envelope);
            check_envelope(&envelope).unwrap_err().to_string()
        };
        let mut at_most = good();
        at_most.kdf.iterations = PBKDF2_ITERATIONS_MAX;
        assert_eq!(check_envelope(&at_most), Ok(()));
        let message = refused(&|e| e.kdf.iterations = PBKDF2_ITERATIONS_MAX + 1);
        assert!(message.contains("10,000,001 iterations, more than the 10,000,000"), "{message}");
        assert!(refused(&|e| e.kdf.iterations = u32::MAX).contains("4,294,967,295 iterations"));
        let mut largest_salt = good();
        largest_salt.kdf.salt = base64_encode(&[1; SALT_MAX]);
        assert_eq!(check_envelope(&largest_salt), Ok(()));
        assert!(refused(&|e| e.kdf.salt = base64_encode(&[1; SALT_MAX + 1])).contains("the salt is"));
        assert!(refused(&|e| e.kdf.salt = base64_encode(&vec![1; 1 << 20])).contains("characters of base64"));
        assert!(refused(&|e| e.cipher.iv = base64_encode(&vec![1; 1 << 20])).contains("characters of base64"));
        // The file's own words are quoted at most 80 characters long.
        let message = refused(&|e| e.kdf.name = "x".repeat(100_000));
        assert!(message.contains(&format!("“{}…”", "x".repeat(80))) && message.len() < 400, "{message}");
    }
}
