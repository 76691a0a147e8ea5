//! Small pieces every feature's pages use.

use std::borrow::Cow;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;

/// Text for the content of `<title>` or `<textarea>` (HTML's escapable raw-text elements).
/// The server's renderer writes their content as it is (tachys 0.2.19 declares `textarea`
/// with unescaped children; leptos_meta 0.8.7 pushes a title's text into `<title>`), so a
/// title of `</title><script>…` would close the element and run: the server escapes it
/// here. The browser sets the same text through the DOM, which reads it as text, so there
/// it stays as it is. Every `<Title>` and `<textarea>` goes through this (a test checks).
pub fn raw_text_content(text: &str) -> Cow<'_, str> {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Cow::Borrowed(text)
    }
}

/// A select's `<option>`s as markup, `chosen` selected, for its `inner_html`: one string
/// instead of a view per option. A plan page holds some 470 options (every owner select
/// lists every person), and as views they cost the server a view, a text node and two
/// hydration markers each; the browser keeps the server's options when it hydrates.
pub fn option_tags(options: &[(String, String)], chosen: &str) -> String {
    let mut html = String::with_capacity(options.iter().map(|(v, t)| v.len() + t.len() + 32).sum());
    for (value, label) in options {
        html.push_str("<option value=\"");
        html.push_str(&html_escape::encode_double_quoted_attribute(value));
        html.push_str(if *value == chosen {
            "\" selected>"
        } else {
            "\">"
        });
        html.push_str(&html_escape::encode_text(label));
        html.push_str("</option>");
    }
    html
}

/// The title of a page that sets none of its own.
#[component]
pub fn SiteTitle() -> impl IntoView {
    view! { <Title text="Coplan"/> }
}

/// The page's title, in the tab and in the history: "<text> · Coplan".
///
/// On the server, leptos_meta 0.8.7 keeps every `<Title>` it was given and reads the last
/// one when it writes the head, even if the view that gave it was dropped meanwhile (a
/// route's view built twice while its data arrives): the title's signal may be gone by
/// then. It is read as it was at first in that case, which on the server is all there is.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let first = text.get_untracked();
    let current = move || text.try_get().unwrap_or_else(|| first.clone());
    view! { <Title text=move || format!("{} · Coplan", raw_text_content(&current()))/> }
}

/// The message of a failed submission, announced to screen readers as it appears.
/// Field problems get a pointer here and their messages beside the fields.
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let text = match error.cause() {
                AppError::Invalid(_) => format!(
                    "Please correct the fields marked below.{}",
                    error.reference()
                ),
                _ => error.to_string(),
            };
            view! { <p class="error" role="alert">{text}</p> }
        })
    }
}

/// The request's id on a page that says what went wrong in words of its own: "Reference
/// 3f9c…", for a person's report. Nothing where the page failed without asking the server.
#[component]
pub fn ReferenceNote(reference: crate::error::Reference) -> impl IntoView {
    (!reference.0.is_empty()).then(|| view! { <p class="reference">"Reference " {reference.0}</p> })
}

/// The server's message for one field, if it rejected that field.
#[component]
pub fn FieldMessage(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field_message(field))
            .map(|message| view! { <p class="field-error">{message}</p> })
    }
}

/// Writes `text` to the clipboard; whether the browser took it.
#[cfg(feature = "hydrate")]
pub async fn copy_text(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

#[cfg(not(feature = "hydrate"))]
pub async fn copy_text(_: String) -> bool {
    false
}

/// The route's `:id`, as a number (`None` for anything else): what a page of one plan or
/// one partnership loads.
pub fn route_id() -> impl Fn() -> Option<i64> + Clone + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    }
}

pub fn format_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

pub fn format_money(amount: i64, currency: &str) -> String {
    // Group thousands by hand: the number formatting crates would double the wasm size.
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{grouped} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn raw_text_is_escaped_on_the_server() {
        assert_eq!(
            raw_text_content("</title><script>alert(1)</script> & co"),
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
    }

    #[test]
    fn options_are_escaped_and_the_chosen_one_selected() {
        let options = [
            (String::new(), "No owner".to_string()),
            ("7".to_string(), "Ada <b>\"Lovelace\"</b> & co".to_string()),
            ("8\" onclick=\"x".to_string(), "Bob".to_string()),
        ];
        assert_eq!(
            option_tags(&options, "7"),
            "<option value=\"\">No owner</option>\
             <option value=\"7\" selected>Ada &lt;b&gt;\"Lovelace\"&lt;/b&gt; &amp; co</option>\
             <option value=\"8&quot; onclick=&quot;x\">Bob</option>"
        );
    }

    /// Every Rust source file of the app: (path, text).
    fn app_sources() -> Vec<(String, String)> {
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("app/src reads") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source reads");
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        files
    }

    /// A server function reads JSON, or is one of the few a plain form posts to, which
    /// `form_endpoints` lists: the server refuses any other body type, so a new server
    /// function with the form codec would answer every call with 415. And it sends the
    /// page's build, or a tab left open across a deploy would not be told to reload. It
    /// answers in postcard, as page data is read, so the browser holds one reader per type;
    /// `save_field` answers in JSON, for the scripts that drive it.
    #[test]
    fn every_server_function_reads_json_or_is_a_listed_form_and_sends_its_build() {
        const FORMS: [&str; 10] = [
            "login",
            "signup",
            "logout",
            "create_plan",
            "link_comment",
            "link_update",
            "link_add_action",
            "confirm_import",
            "start_plan",
            "save_terms",
        ];
        let mut found = 0;
        let this_file = file!().rsplit('/').next().unwrap_or_default();
        for (path, text) in app_sources() {
            if path.ends_with(this_file) {
                continue;
            }
            for (at, _) in text.match_indices("#[server") {
                let attribute = &text[at..at + text[at..].find(']').unwrap_or(0)];
                let name = text[at..]
                    .split("pub async fn ")
                    .nth(1)
                    .and_then(|rest| rest.split('(').next())
                    .unwrap_or_default();
                found += 1;
                assert!(
                    attribute.contains("codec::Json") || FORMS.contains(&name),
                    "{path}: {name} reads neither JSON nor is a listed form"
                );
                assert!(
                    attribute.contains("client = crate::build::BuildClient"),
                    "{path}: {name} does not send the page's build (build.rs)"
                );
                assert!(
                    attribute.contains("output = leptos::server_fn::codec::Postcard")
                        || name == "save_field",
                    "{path}: {name} answers in another codec than page data (page_data.rs)"
                );
            }
        }
        assert!(found >= 12, "the server functions were found: {found}");
    }

    /// The guard against a new `<Title>` or `<textarea>` bringing raw text back: a title is
    /// set only through `PageTitle`, and a textarea's content only through
    /// `raw_text_content`.
    #[test]
    fn titles_and_textareas_escape_their_text() {
        let files = app_sources();
        assert!(files.len() > 10, "the sources were found");
        let this_file = file!().rsplit('/').next().unwrap_or_default();
        for (path, text) in &files {
            let here = path.ends_with(this_file);
            for (at, _) in text.match_indices("<Title") {
                assert!(here, "{path}: a <Title> at byte {at}: use PageTitle");
            }
            for tag in ["textarea", "noscript"] {
                let close = format!("</{tag}>");
                for (at, _) in text.match_indices(&close) {
                    let open = text[..at].rfind('>').map_or(0, |i| i + 1);
                    let content = text[open..at].trim();
                    assert!(
                        content.is_empty() || content.contains("raw_text_content("),
                        "{path}: <{tag}> content {content:?} must go through raw_text_content"
                    );
                }
            }
        }
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(format_money(480_000, "EUR"), "480,000 EUR");
        assert_eq!(format_money(999, "USD"), "999 USD");
        assert_eq!(format_money(1_000, "USD"), "1,000 USD");
        assert_eq!(format_money(-12_345_678, "GBP"), "-12,345,678 GBP");
    }
}
