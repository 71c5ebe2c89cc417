//! Records, keys and key ranges to and from JS values (records travel as JSON text).

use super::*;

pub(super) fn to_js(value: &serde_json::Value) -> Result<JsValue, StoreError> {
    let text = serde_json::to_string(value).map_err(|error| StoreError::Other(error.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|error| StoreError::Other(format!("{error:?}")))
}

pub(super) fn from_js(value: &JsValue) -> Option<serde_json::Value> {
    let text: String = js_sys::JSON::stringify(value).ok()?.into();
    serde_json::from_str(&text).ok()
}

/// The field of a backup document record that holds the document.
pub(super) const DOCUMENT: &str = "document";

pub(super) fn record_to_js(record: &AnyRecord) -> Result<JsValue, StoreError> {
    // A backup's document is as large as an export: it goes over as one string, set on the
    // stored form of the rest, instead of through a `Value` copy, an escaped JSON text and a parse.
    if let AnyRecord::BackupDocument(backup) = record {
        let rest = BackupDocument {
            id: backup.id,
            created_at: backup.created_at,
            updated_at: backup.updated_at,
            deleted_at: backup.deleted_at,
            rev: backup.rev,
            document: String::new(),
        };
        let object = to_js(&schema::stored_form(&rest.into_any()))?;
        js_sys::Reflect::set(&object, &DOCUMENT.into(), &JsValue::from_str(&backup.document))
            .map_err(|error| StoreError::Other(format!("{error:?}")))?;
        return Ok(object);
    }
    to_js(&schema::stored_form(record))
}

pub(super) fn record_from_js(store: StoreName, value: &JsValue) -> Result<AnyRecord, StoreError> {
    let corrupt =
        || StoreError::Corrupt(td_string!(crate::platform::locale(), components.storage.corrupt, store).to_string());
    if store == StoreName::BackupDocuments {
        // The document comes back as one string (see `record_to_js`); the rest as JSON.
        let document =
            js_sys::Reflect::get(value, &DOCUMENT.into()).ok().and_then(|text| text.as_string()).ok_or_else(corrupt)?;
        let rest = js_sys::Object::assign(&js_sys::Object::new(), value.unchecked_ref());
        js_sys::Reflect::set(&rest, &DOCUMENT.into(), &JsValue::from_str("")).map_err(|_| corrupt())?;
        let mut record = record_from_json_text(store, js_sys::JSON::stringify(&rest).map_err(|_| corrupt())?.into())?;
        if let AnyRecord::BackupDocument(backup) = &mut record {
            backup.document = document;
        }
        return Ok(record);
    }
    record_from_json_text(store, js_sys::JSON::stringify(value).map_err(|_| corrupt())?.into())
}

pub(super) fn record_from_json_text(store: StoreName, text: String) -> Result<AnyRecord, StoreError> {
    let corrupt =
        || StoreError::Corrupt(td_string!(crate::platform::locale(), components.storage.corrupt, store).to_string());
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| corrupt())?;
    AnyRecord::from_json(store, schema::record_form(json))
        .map_err(|error| StoreError::Corrupt(format!("{store}: {error}")))
}

/// The key of a stored value (its `id`, the stores' key path) as a [`Key`], for reports of
/// unreadable records; a key of another kind (a date, a binary key) is shown as its text.
pub(super) fn key_of_value(value: &JsValue) -> Key {
    let id = js_sys::Reflect::get(value, &"id".into()).unwrap_or(JsValue::UNDEFINED);
    key_from_js(&id)
}

pub(super) fn key_from_js(key: &JsValue) -> Key {
    if let Some(text) = key.as_string() {
        Key::Str(text)
    } else if let Some(number) = key.as_f64() {
        Key::Num(number)
    } else if js_sys::Array::is_array(key) {
        Key::Arr(js_sys::Array::from(key).iter().map(|part| key_from_js(&part)).collect())
    } else {
        Key::Str(String::from(js_sys::JSON::stringify(key).unwrap_or_else(|_| "?".into())))
    }
}

/// Why a record did not read back, without the advice of the error's display.
pub(super) fn unreadable_reason(error: &StoreError) -> String {
    match error {
        StoreError::Corrupt(detail) => detail.split_once(": ").map(|(_, why)| why).unwrap_or(detail).to_string(),
        other => format!("{other:?}"),
    }
}

pub(super) fn key_to_js(key: &Key) -> JsValue {
    match key {
        Key::Num(number) => JsValue::from_f64(*number),
        Key::Str(text) => JsValue::from_str(text),
        Key::Arr(parts) => parts.iter().map(key_to_js).collect::<js_sys::Array>().into(),
    }
}

pub(super) fn range_to_query(range: &KeyRange) -> Result<Option<idb::Query>, StoreError> {
    let fail = |error: idb::Error| {
        StoreError::Other(
            td_string!(crate::platform::locale(), components.storage.key_range, detail = describe(&error)).to_string(),
        )
    };
    let range = match (&range.lower, &range.upper) {
        (None, None) => return Ok(None),
        (Some(lower), Some(upper)) if lower == upper && !range.lower_open && !range.upper_open => {
            return Ok(Some(idb::Query::Key(key_to_js(lower))));
        }
        (Some(lower), Some(upper)) => {
            idb::KeyRange::bound(&key_to_js(lower), &key_to_js(upper), Some(range.lower_open), Some(range.upper_open))
        }
        (Some(lower), None) => idb::KeyRange::lower_bound(&key_to_js(lower), Some(range.lower_open)),
        (None, Some(upper)) => idb::KeyRange::upper_bound(&key_to_js(upper), Some(range.upper_open)),
    }
    .map_err(fail)?;
    Ok(Some(idb::Query::KeyRange(range)))
}
