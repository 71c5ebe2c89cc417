//! Compiles the interface catalogue (`locales/<code>/<area>.json`) into the `i18n` module with
//! leptos_i18n, after checking that every language has every key with the same placeholders:
//! a missing or stray key fails the build instead of showing English (or nothing) at run time.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::{Path, PathBuf};

/// The languages, English first (the default). Adding one: its folder plus its code here
/// (see `locales/README.md`).
const LANGUAGES: [&str; 2] = ["en", "id"];

/// One file per area of the app, so people translating or editing one screen touch one file.
const AREAS: [&str; 16] = [
    "common",
    "shell",
    "components",
    "dashboard",
    "lists",
    "project",
    "session",
    "builder",
    "handoffs",
    "accounts",
    "knowledge",
    "insights",
    "data",
    "settings",
    "errors",
    "core",
];

/// Plural forms share a key: `sessions_one` / `sessions_other` are the key `sessions`.
const PLURAL_SUFFIXES: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    check_catalogue(Path::new("locales"))?;

    let mut config = Config::new(LANGUAGES[0])?;
    for code in LANGUAGES.into_iter().skip(1) {
        config = config.add_locale(code)?;
    }
    // `interpolate_display`: `t_string!` with values, for toasts and attributes built in Rust.
    let config = config.add_namespaces(AREAS)?.parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("i18n"))?;
    Ok(())
}

/// Every key (plural forms folded) with its sorted `{{ placeholders }}`.
type Keys = BTreeMap<String, BTreeSet<String>>;

fn check_catalogue(root: &Path) -> Result<(), Box<dyn Error>> {
    let mut problems = Vec::new();
    for area in AREAS {
        let mut per_language: Vec<(&str, Keys)> = Vec::new();
        for code in LANGUAGES {
            let path = root.join(code).join(format!("{area}.json"));
            let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            let value: Value = serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
            let mut keys = Keys::new();
            flatten(&value, "", &path, &mut keys, &mut problems);
            per_language.push((code, keys));
        }
        let (first_code, first) = &per_language[0];
        for (code, keys) in &per_language[1..] {
            for key in first.keys().filter(|key| !keys.contains_key(*key)) {
                problems.push(format!("locales/{code}/{area}.json lacks \"{key}\" (in {first_code})"));
            }
            for key in keys.keys().filter(|key| !first.contains_key(*key)) {
                problems.push(format!("locales/{code}/{area}.json has \"{key}\", which {first_code} lacks"));
            }
            for (key, placeholders) in keys {
                if let Some(expected) = first.get(key) {
                    if placeholders != expected {
                        problems.push(format!(
                            "locales/{code}/{area}.json \"{key}\" uses {placeholders:?}, {first_code} uses {expected:?}"
                        ));
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("the catalogue is incomplete:\n  {}", problems.join("\n  ")).into())
    }
}

fn flatten(value: &Value, prefix: &str, path: &Path, keys: &mut Keys, problems: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (name, child) in map {
                let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                flatten(child, &key, path, keys, problems);
            }
        }
        Value::String(text) if text.trim().is_empty() => {
            problems.push(format!("{}: \"{prefix}\" is empty", path.display()))
        }
        Value::String(text) => {
            let key =
                PLURAL_SUFFIXES.iter().find_map(|suffix| prefix.strip_suffix(suffix)).unwrap_or(prefix).to_string();
            // `count` belongs to plural forms: a language without plurals may write the number
            // as a word in one form and not in another.
            let placeholders = placeholders(text).into_iter().filter(|name| name != "count");
            keys.entry(key).or_default().extend(placeholders);
        }
        _ => problems.push(format!("{}: \"{prefix}\" is not text", path.display())),
    }
}

/// The names in `{{ name }}`.
fn placeholders(text: &str) -> Vec<String> {
    text.split("{{").skip(1).filter_map(|rest| rest.split_once("}}")).map(|(name, _)| name.trim().to_string()).collect()
}
