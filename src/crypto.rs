//! Encrypted export files through the browser's WebCrypto: PBKDF2-SHA-256 (600,000 iterations,
//! 16-byte random salt) derives an AES-256-GCM key; the document is encrypted with a random
//! 12-byte iv. The envelope's format and its checks (weaker parameters refused) are the domain's
//! (`baton_core::exchange`).
//!
//! Telling a wrong passphrase from a damaged file: `key_check` is a separate AES-GCM encryption
//! of a fixed text under the same key and its own iv (see `baton_core::exchange::envelope`). If
//! it does not decrypt, the passphrase is wrong; if it does but the document does not, the file
//! is damaged.
//!
//! The passphrase is kept no longer than it takes to derive the key: the functions take it by
//! value, and its bytes (and the copy handed to WebCrypto) are overwritten with zeros right after
//! the key is derived. (A JavaScript string — the input's value — cannot be overwritten; the page
//! empties its fields instead.)

use crate::i18n::td_string;
use baton_core::exchange::{self, EncryptedEnvelope, KEY_CHECK_PLAINTEXT};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

const SALT_BYTES: usize = 16;
const IV_BYTES: usize = 12;

#[derive(Clone, Debug, PartialEq)]
pub enum DecryptError {
    WrongPassphrase,
    Damaged,
    Unavailable(String),
}

impl std::fmt::Display for DecryptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let locale = crate::platform::locale();
        match self {
            DecryptError::WrongPassphrase => f.write_str(td_string!(locale, components.crypto.wrong_passphrase)),
            DecryptError::Damaged => f.write_str(td_string!(locale, components.crypto.damaged)),
            DecryptError::Unavailable(message) => f.write_str(message),
        }
    }
}

fn no_key() -> String {
    td_string!(crate::platform::locale(), components.crypto.no_key).to_string()
}

fn unavailable(_: JsValue) -> String {
    td_string!(crate::platform::locale(), components.crypto.unavailable).to_string()
}

fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), String> {
    let window = web_sys::window().ok_or(td_string!(crate::platform::locale(), components.no_window))?;
    let crypto = window.crypto().map_err(unavailable)?;
    let subtle = crypto.subtle();
    Ok((crypto, subtle))
}

fn random_bytes(crypto: &web_sys::Crypto, count: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; count];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(unavailable)?;
    Ok(bytes)
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn usages(list: &[&str]) -> JsValue {
    list.iter().map(|usage| JsValue::from_str(usage)).collect::<js_sys::Array>().into()
}

/// Overwrites a text's bytes with zeros and leaves it empty (the optimiser is kept from skipping
/// the writes by `black_box`).
pub fn wipe(text: &mut String) {
    let mut bytes = std::mem::take(text).into_bytes();
    wipe_bytes(&mut bytes);
}

/// Overwrites bytes with zeros.
pub fn wipe_bytes(bytes: &mut [u8]) {
    bytes.fill(0);
    std::hint::black_box(&*bytes);
}

/// Derives the AES key, then wipes the passphrase and WebCrypto's copy of it, whatever happened.
async fn derive_key(
    subtle: &SubtleCrypto,
    mut passphrase: String,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, String> {
    let material = Uint8Array::from(passphrase.as_bytes());
    wipe(&mut passphrase);
    let imported = match subtle.import_key_with_str("raw", &material, "PBKDF2", false, &usages(&["deriveKey"])) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    // The key holds its own copy: the buffer handed over is no longer needed.
    material.fill(0, 0, material.length());
    let base = imported.map_err(unavailable)?;
    let base: CryptoKey = base.dyn_into().map_err(|_| no_key())?;
    let algorithm = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    let target = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(&algorithm, &base, &target, false, &usages(&["encrypt", "decrypt"]))
            .map_err(unavailable)?,
    )
    .await
    .map_err(unavailable)?;
    key.dyn_into().map_err(|_| no_key())
}

async fn seal(subtle: &SubtleCrypto, key: &CryptoKey, iv: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    let algorithm = object(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv).into())]);
    let sealed = JsFuture::from(
        subtle.encrypt_with_object_and_js_u8_array(&algorithm, key, &Uint8Array::from(data)).map_err(unavailable)?,
    )
    .await
    .map_err(unavailable)?;
    Ok(Uint8Array::new(&sealed).to_vec())
}

/// Fails when the key is wrong or the data was changed (AES-GCM authenticates both).
async fn open(subtle: &SubtleCrypto, key: &CryptoKey, iv: &[u8], data: &[u8]) -> Result<Vec<u8>, ()> {
    let algorithm = object(&[("name", "AES-GCM".into()), ("iv", Uint8Array::from(iv).into())]);
    let promise =
        subtle.decrypt_with_object_and_js_u8_array(&algorithm, key, &Uint8Array::from(data)).map_err(|_| ())?;
    let opened = JsFuture::from(promise).await.map_err(|_| ())?;
    Ok(Uint8Array::new(&opened).to_vec())
}

/// Encrypts an export document into the envelope's JSON text. The passphrase is wiped once the
/// key is derived (or refused).
pub async fn encrypt_document(document: &str, passphrase: impl Into<String>) -> Result<String, String> {
    let mut passphrase = passphrase.into();
    if passphrase.chars().count() < 8 {
        wipe(&mut passphrase);
        return Err(td_string!(crate::platform::locale(), components.crypto.short_passphrase).to_string());
    }
    let (crypto, subtle) = match subtle() {
        Ok(found) => found,
        Err(error) => {
            wipe(&mut passphrase);
            return Err(error);
        }
    };
    let salts = (random_bytes(&crypto, SALT_BYTES), random_bytes(&crypto, IV_BYTES), random_bytes(&crypto, IV_BYTES));
    let (salt, iv, check_iv) = match salts {
        (Ok(salt), Ok(iv), Ok(check_iv)) => (salt, iv, check_iv),
        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
            wipe(&mut passphrase);
            return Err(error);
        }
    };
    let key = derive_key(&subtle, passphrase, &salt, exchange::PBKDF2_ITERATIONS).await?;
    let ciphertext = seal(&subtle, &key, &iv, document.as_bytes()).await?;
    let mut key_check = check_iv.clone();
    key_check.extend(seal(&subtle, &key, &check_iv, KEY_CHECK_PLAINTEXT).await?);
    let envelope = EncryptedEnvelope::new(&salt, &iv, &key_check, &ciphertext);
    Ok(exchange::envelope_to_json(&envelope))
}

/// Decrypts an envelope (already checked by `exchange::check_envelope`) back to the document. The
/// passphrase is wiped once the key is derived (or the file is found damaged before that).
pub async fn decrypt_envelope(
    envelope: &EncryptedEnvelope,
    passphrase: impl Into<String>,
) -> Result<String, DecryptError> {
    let mut passphrase = passphrase.into();
    let decode = |text: &str| exchange::base64_decode(text).map_err(|_| DecryptError::Damaged);
    let parts = (
        subtle().map_err(DecryptError::Unavailable),
        decode(&envelope.kdf.salt),
        decode(&envelope.cipher.iv),
        decode(&envelope.ciphertext),
        exchange::split_key_check(envelope).map_err(|_| DecryptError::Damaged),
    );
    let ((_, subtle), salt, iv, ciphertext, (check_iv, check_data)) = match parts {
        (Ok(subtle), Ok(salt), Ok(iv), Ok(ciphertext), Ok(check)) => (subtle, salt, iv, ciphertext, check),
        (Err(error), ..)
        | (_, Err(error), ..)
        | (_, _, Err(error), ..)
        | (_, _, _, Err(error), _)
        | (.., Err(error)) => {
            wipe(&mut passphrase);
            return Err(error);
        }
    };
    let key =
        derive_key(&subtle, passphrase, &salt, envelope.kdf.iterations).await.map_err(DecryptError::Unavailable)?;
    match open(&subtle, &key, &check_iv, &check_data).await {
        Ok(text) if text == KEY_CHECK_PLAINTEXT => {}
        _ => return Err(DecryptError::WrongPassphrase),
    }
    let plain = open(&subtle, &key, &iv, &ciphertext).await.map_err(|_| DecryptError::Damaged)?;
    String::from_utf8(plain).map_err(|_| DecryptError::Damaged)
}
