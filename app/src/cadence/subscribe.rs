//! The calendar page's feed addresses: a secret one for this plan and one for every plan,
//! each made (or replaced) and revoked by its owner, its full address shown only once.
//! Offered once the page runs its script: every step is a server call.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{feed_key_made, new_feed_key, revoke_feed_key};

#[component]
pub(super) fn FeedLinks(plan_id: i64) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <Show when=move || live.get()>
            <section class="part feeds" aria-labelledby="feeds-title">
                <h2 id="feeds-title">"Subscribe from your calendar app"</h2>
                <p class="muted">"A secret address: anyone who has it can read the calendar, so keep it to yourself. Replace it or revoke it here at any time."</p>
                <FeedLink plan_id=Some(plan_id) what="this plan"/>
                <FeedLink plan_id=None what="all your organisation's plans"/>
            </section>
        </Show>
    }
}

#[derive(Clone, PartialEq)]
enum State {
    Loading,
    None,
    Made(DateTime<Utc>),
    Failed(String),
}

#[component]
fn FeedLink(plan_id: Option<i64>, what: &'static str) -> impl IntoView {
    let state = RwSignal::new(State::Loading);
    // The address just made: shown here once, never again.
    let fresh = RwSignal::new(None::<String>);
    let status = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            state.set(match feed_key_made(plan_id).await {
                Ok(Some(at)) => State::Made(at),
                Ok(None) => State::None,
                Err(e) => State::Failed(e.to_string()),
            });
        })
    };
    Effect::new(move |_| load());
    let make = move |_| {
        spawn_local(async move {
            match new_feed_key(plan_id).await {
                Ok(path) => {
                    fresh.set(Some(path));
                    status.set(format!("A new address for {what} is ready."));
                }
                Err(e) => status.set(e.to_string()),
            }
            load();
        })
    };
    let revoke = move |_| {
        spawn_local(async move {
            match revoke_feed_key(plan_id).await {
                Ok(()) => {
                    fresh.set(None);
                    status.set(format!("The address for {what} no longer works."));
                }
                Err(e) => status.set(e.to_string()),
            }
            load();
        })
    };
    let id = format!("feed-{}", plan_id.map_or("all".into(), |p| p.to_string()));
    let field = format!("{id}-address");
    view! {
        <div class="feed" role="group" aria-labelledby=format!("{id}-title")>
            <h3 id=format!("{id}-title")>{format!("Feed of {what}")}</h3>
            {move || match state.get() {
                State::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
                State::Failed(e) => view! { <p class="field-error">{e}</p> }.into_any(),
                State::None => view! {
                    <p>"No address yet. "
                        <button type="button" class="small" on:click=make>{format!("Make a feed address for {what}")}</button>
                    </p>
                }.into_any(),
                State::Made(at) => view! {
                    <p>{format!("An address made on {} works now. ", at.format("%-d %b %Y"))}
                        <button type="button" class="small" on:click=make>{format!("Replace the address for {what}")}</button> " "
                        <button type="button" class="small" on:click=revoke>{format!("Revoke the address for {what}")}</button>
                    </p>
                }.into_any(),
            }}
            {move || fresh.get().map(|path| {
                let origin = window().location().origin().unwrap_or_default();
                let host = window().location().host().unwrap_or_default();
                let full = format!("{origin}{path}");
                let field = field.clone();
                view! {
                    <div class="fresh-feed">
                        <label for=field.clone()>"The address (shown only now: copy it)"</label>
                        <input id=field type="text" readonly prop:value=full.clone()/>
                        <p>
                            <a class="button small" href=format!("webcal://{host}{path}")>{format!("Subscribe to {what}")}</a> " "
                            <a class="button small" href=path.clone() download="coplan.ics">{format!("Download {what} as .ics")}</a>
                        </p>
                    </div>
                }
            })}
            <p class="muted" role="status">{move || status.get()}</p>
        </div>
    }
}
