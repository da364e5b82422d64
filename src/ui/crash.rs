//! If the app ever panics, replace the page with a plain panel that says so and offers a
//! reload, instead of leaving a frozen or blank page.

use std::panic;

const PANEL: &str = r#"<div class="crash" role="alert">
<h2>Something went wrong</h2>
<p>Concurrency Lab hit an internal error and stopped. Your settings are in the address bar;
<a href="">reload the page</a> to try again.</p>
<p>If it happens again, please report it with these details:</p>
<pre class="crash-details"></pre>
</div>"#;

/// Installs the panic hook. The details are set as text, never as HTML.
pub fn install() {
    panic::set_hook(Box::new(|info| {
        let details = info.to_string();
        web_sys::console::error_1(&details.clone().into());
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Some(app) = doc.get_element_by_id("app") else {
            return;
        };
        app.set_inner_html(PANEL);
        if let Ok(Some(pre)) = app.query_selector(".crash-details") {
            pre.set_text_content(Some(&details));
        }
    }));
}
