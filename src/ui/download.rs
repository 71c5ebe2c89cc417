//! Offering text as a file to save.

use wasm_bindgen::JsCast;

/// Offers text as a file download (Blob + object URL + a temporary link), e.g. CSV reports.
///
/// The Blob is made from the text's UTF-8 bytes (the file's own bytes), not from a JS string: an
/// export of 100 MB would otherwise be decoded into a string of up to twice that size only for the
/// Blob to encode it back to UTF-8.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    // `what` is the technical step that failed, for a bug report.
    let fail = |what: &str| {
        crate::i18n::td_string!(crate::platform::locale(), components.download_failed, detail = what).to_string()
    };
    let document = web_sys::window().and_then(|window| window.document()).ok_or_else(|| fail("document"))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options).map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let link = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| fail("link"))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoke later: the browser reads the blob after this call returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
