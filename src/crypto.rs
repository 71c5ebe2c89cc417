//! Encrypted export files through the browser's WebCrypto: PBKDF2-SHA-256 (600,000 iterations,
//! 16-byte random salt) derives an AES-256-GCM key; the document is encrypted with a random
//! 12-byte iv. The envelope's format and its checks (weaker parameters refused) are the domain's
//! (`baton_core::exchange`).
//!
//! Telling a wrong passphrase from a damaged file: `key_check` is a separate AES-GCM encryption
//! of a fixed text under the same key and its own iv (see `baton_core::exchange::envelope`). If
//! it does not decrypt, the passphrase is wrong; if it does but the document does not, the file
//! is damaged.

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
        match self {
            DecryptError::WrongPassphrase => f.write_str("The passphrase is not the one this file was encrypted with. Check it and try again."),
            DecryptError::Damaged => f.write_str("The passphrase is right, but the encrypted data is damaged (the file was changed or cut short). Nothing was imported; use another copy of the file."),
            DecryptError::Unavailable(message) => f.write_str(message),
        }
    }
}

fn unavailable(_: JsValue) -> String {
    "This browser cannot encrypt or decrypt here (WebCrypto needs a secure page: https or localhost).".to_string()
}

fn subtle() -> Result<(web_sys::Crypto, SubtleCrypto), String> {
    let window = web_sys::window().ok_or("No browser window.")?;
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

async fn derive_key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, String> {
    let material = Uint8Array::from(passphrase.as_bytes());
    let base = JsFuture::from(
        subtle.import_key_with_str("raw", &material, "PBKDF2", false, &usages(&["deriveKey"])).map_err(unavailable)?,
    )
    .await
    .map_err(unavailable)?;
    let base: CryptoKey = base.dyn_into().map_err(|_| "The browser returned no key.".to_string())?;
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
    key.dyn_into().map_err(|_| "The browser returned no key.".to_string())
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

/// Encrypts an export document into the envelope's JSON text.
pub async fn encrypt_document(document: &str, passphrase: &str) -> Result<String, String> {
    if passphrase.chars().count() < 8 {
        return Err("Choose a passphrase of at least 8 characters.".into());
    }
    let (crypto, subtle) = subtle()?;
    let salt = random_bytes(&crypto, SALT_BYTES)?;
    let iv = random_bytes(&crypto, IV_BYTES)?;
    let check_iv = random_bytes(&crypto, IV_BYTES)?;
    let key = derive_key(&subtle, passphrase, &salt, exchange::PBKDF2_ITERATIONS).await?;
    let ciphertext = seal(&subtle, &key, &iv, document.as_bytes()).await?;
    let mut key_check = check_iv.clone();
    key_check.extend(seal(&subtle, &key, &check_iv, KEY_CHECK_PLAINTEXT).await?);
    let envelope = EncryptedEnvelope::new(&salt, &iv, &key_check, &ciphertext);
    Ok(exchange::envelope_to_json(&envelope))
}

/// Decrypts an envelope (already checked by `exchange::check_envelope`) back to the document.
pub async fn decrypt_envelope(envelope: &EncryptedEnvelope, passphrase: &str) -> Result<String, DecryptError> {
    let (_, subtle) = subtle().map_err(DecryptError::Unavailable)?;
    let decode = |text: &str| exchange::base64_decode(text).map_err(|_| DecryptError::Damaged);
    let salt = decode(&envelope.kdf.salt)?;
    let iv = decode(&envelope.cipher.iv)?;
    let ciphertext = decode(&envelope.ciphertext)?;
    let (check_iv, check_data) = exchange::split_key_check(envelope).map_err(|_| DecryptError::Damaged)?;
    let key =
        derive_key(&subtle, passphrase, &salt, envelope.kdf.iterations).await.map_err(DecryptError::Unavailable)?;
    match open(&subtle, &key, &check_iv, &check_data).await {
        Ok(text) if text == KEY_CHECK_PLAINTEXT => {}
        _ => return Err(DecryptError::WrongPassphrase),
    }
    let plain = open(&subtle, &key, &iv, &ciphertext).await.map_err(|_| DecryptError::Damaged)?;
    String::from_utf8(plain).map_err(|_| DecryptError::Damaged)
}
