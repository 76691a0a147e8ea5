//! The plan's change history, newest first, filterable by part and "since the last review".

use leptos::prelude::*;

use super::edit::after_each_change;
use super::plan_history;
use crate::domain::HISTORY_PARTS;

#[component]
pub fn HistoryPanel(plan_id: i64) -> impl IntoView {
    let part = RwSignal::new(String::new());
    let since = RwSignal::new(false);
    // Loaded in the browser once the page is interactive (a resource here would hold up
    // or upset the server's render of the whole plan); again when a filter changes and
    // after each save.
    let entries = after_each_change(move || plan_history(plan_id, Some(part.get()), since.get()));
    view! {
        <section class="part history" id="part-history-section" aria-labelledby="part-history">
            <h2 id="part-history">"History"</h2>
            <div class="history-filters">
                <label for="history-part">"Part"</label>
                <select id="history-part" on:change=move |ev| part.set(event_target_value(&ev))>
                    <option value="">"All parts"</option>
                    {HISTORY_PARTS.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" on:change=move |ev| since.set(event_target_checked(&ev))/>
                    " Since the last review"
                </label>
            </div>
            {move || match entries.get() {
                // Until the browser has loaded it; the page marks itself once interactive,
                // and the stylesheet shows the one line that fits (no JavaScript, or loading).
                None => view! {
                    <p class="empty without-js">"The history needs JavaScript to show."</p>
                    <p class="with-js">"Loading the history…"</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No changes."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    // It scrolls in its own box: a keyboard reaches it (axe:
                    // scrollable-region-focusable), and a screen reader hears its name.
                    <div class="history-scroll" tabindex="0" role="region" aria-label="Changes, newest first">
                        <ol class="history-list">
                            {list.into_iter().map(entry).collect_view()}
                        </ol>
                    </div>
                }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

fn entry(e: crate::domain::HistoryEntry) -> impl IntoView {
    let change = match (e.old_value, e.new_value) {
        (Some(old), Some(new)) => format!("{old} → {new}"),
        (None, Some(new)) => new,
        (Some(old), None) => format!("{old} → (nothing)"),
        (None, None) => String::new(),
    };
    view! {
        <li>
            <time datetime=e.at.to_rfc3339()>{e.at.format("%-d %b %Y %H:%M").to_string()}</time>
            " " <strong>{e.actor}</strong> " · " {e.part} " · " {e.field} ": " {change}
        </li>
    }
}
