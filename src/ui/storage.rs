//! Lesson progress in the browser's localStorage, plus export and import as a file.

use wasm_bindgen::JsCast;

use crate::lessons::progress::{Progress, STORAGE_KEY};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved progress, or a fresh record and a notice if what was saved cannot be read (it is
/// then removed, so the notice appears once).
pub fn load() -> (Progress, Option<String>) {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return (Progress::new(), None);
    };
    match Progress::from_json(&text) {
        Ok(p) => (p, None),
        Err(e) => {
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
            }
            (
                Progress::new(),
                Some(format!(
                    "Your saved lesson progress could not be read ({e}) and was reset."
                )),
            )
        }
    }
}

/// Saves progress; silently does nothing where storage is unavailable (private windows).
pub fn save(p: &Progress) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &p.to_json());
    }
}

/// Offers the progress as a downloaded file.
pub fn export(p: &Progress) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&p.to_json().into());
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download("concurrency-lab-progress.json");
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads a progress file chosen by the person.
pub async fn import(file: web_sys::File) -> Result<Progress, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    let text = text.as_string().ok_or("the file is not text")?;
    Progress::from_json(&text)
}
