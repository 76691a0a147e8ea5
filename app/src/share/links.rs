//! The plan's shared links, for the AE: make one for a partner or the buyer (who it is
//! for, the scope, how long it lasts), its address shown once with a copy field; the list
//! of links with their use; revoke. Offered once the page runs its script.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{create_link, plan_links, revoke_link, set_partners_see_each_other};
use crate::components::copy_text;
use crate::domain::share::{LinkSummary, NewLink, Scope, EXPIRY_DAYS_DEFAULT, LABEL_MAX};
use crate::domain::Side;
use crate::plan::edit::after_each_change;

/// A party a link can be for, as the form offers it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkParty {
    pub side: Side,
    pub partner_id: Option<i64>,
    pub label: String,
}

fn key(side: Side, partner_id: Option<i64>) -> String {
    format!("{}-{}", side.as_str(), partner_id.unwrap_or_default())
}

/// `partners_see_each_other`: the plan's setting, where it has more than one partner.
#[component]
pub fn SharedLinks(
    plan_id: i64,
    parties: Vec<LinkParty>,
    partners_see_each_other: Option<bool>,
) -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let parties = StoredValue::new(parties);
    view! {
        <section class="part shared-links" aria-labelledby="shared-links-title">
            <h2 id="shared-links-title">"Shared links"</h2>
            {move || if live.get() {
                view! {
                    {partners_see_each_other.map(|on| view! { <SeeEachOther plan_id on/> })}
                    <LinksPanel plan_id parties=parties.get_value()/>
                }.into_any()
            } else {
                view! { <p class="muted">"Making and revoking links needs JavaScript."</p> }.into_any()
            }}
        </section>
    }
}

/// Whether a partner's link shows the plan's other partners: off, each partner sees the
/// vendor, the buyer and itself only.
#[component]
fn SeeEachOther(plan_id: i64, on: bool) -> impl IntoView {
    let checked = RwSignal::new(on);
    let error = RwSignal::new(None::<String>);
    let change = move |ev: leptos::ev::Event| {
        let want = event_target_checked(&ev);
        spawn_local(async move {
            match set_partners_see_each_other(plan_id, want).await {
                Ok(()) => {
                    checked.set(want);
                    error.set(None);
                }
                Err(e) => {
                    checked.set(!want);
                    error.set(Some(e.to_string()));
                }
            }
        });
    };
    view! {
        <p class="see-each-other">
            <input id="partners-see-each-other" type="checkbox" prop:checked=move || checked.get() on:change=change/>
            " "
            <label for="partners-see-each-other">"Partners see each other: a partner's link also shows the plan's other partners"</label>
        </p>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}

#[component]
fn LinksPanel(plan_id: i64, parties: Vec<LinkParty>) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let links = after_each_change(move || {
        refresh.get();
        plan_links(plan_id)
    });
    let party = RwSignal::new(
        parties
            .first()
            .map(|p| key(p.side, p.partner_id))
            .unwrap_or_default(),
    );
    let label = RwSignal::new(String::new());
    let scope = RwSignal::new(Scope::View.as_str().to_string());
    let days = RwSignal::new(EXPIRY_DAYS_DEFAULT.to_string());
    let error = RwSignal::new(None::<String>);
    let fresh = RwSignal::new(None::<String>);
    let parties = StoredValue::new(parties);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = parties.with_value(|all| {
            all.iter()
                .find(|p| key(p.side, p.partner_id) == party.get_untracked())
                .cloned()
        });
        let Some(chosen) = chosen else { return };
        let new = NewLink {
            plan_id,
            side: chosen.side,
            partner_id: chosen.partner_id,
            label: label.get_untracked(),
            scope: scope.get_untracked().parse().unwrap_or(Scope::View),
            expires_in_days: days.get_untracked().trim().parse().ok(),
        };
        spawn_local(async move {
            match create_link(new).await {
                Ok(made) => {
                    error.set(None);
                    label.set(String::new());
                    let origin = window().location().origin().unwrap_or_default();
                    fresh.set(Some(format!("{origin}{}", made.path)));
                    refresh.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let revoke = move |link_id: i64| {
        spawn_local(async move {
            if let Err(e) = revoke_link(plan_id, link_id).await {
                error.set(Some(e.to_string()));
            }
            refresh.update(|n| *n += 1);
        })
    };
    view! {
        <form class="new-link" on:submit=submit>
            <div class="fields-grid">
                <div class="field">
                    <label for="link-party">"For"</label>
                    <select id="link-party" on:change=move |ev| party.set(event_target_value(&ev))>
                        {parties.get_value().into_iter().map(|p| view! {
                            <option value=key(p.side, p.partner_id)>{p.label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link-label">"Who it is for"</label>
                    <input id="link-label" type="text" maxlength=LABEL_MAX required
                        prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="link-scope">"They may"</label>
                    <select id="link-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                        {Scope::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="link-days">"Days it lasts"</label>
                    <input id="link-days" type="number" min="1" max="365"
                        prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                </div>
            </div>
            <button type="submit">"Make a link"</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </form>
        {move || fresh.get().map(|url| {
            let copied = RwSignal::new(None::<bool>);
            let text = url.clone();
            let copy = move |_| {
                let text = text.clone();
                spawn_local(async move { copied.set(Some(copy_text(text).await)) });
            };
            view! {
                <div class="fresh-feed" role="status">
                    <label for="link-address">"The link (shown only now: copy it)"</label>
                    <input id="link-address" type="text" readonly prop:value=url/>
                    <button type="button" class="small" on:click=copy>"Copy the link"</button>
                    <span aria-live="polite">{move || match copied.get() {
                        Some(true) => " Copied.",
                        Some(false) => " The browser did not let the page copy: select the address and copy it.",
                        None => "",
                    }}</span>
                </div>
            }
        })}
        {move || match links.get() {
            None => view! { <p class="muted">"Loading the links…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
            Some(Ok(all)) if all.is_empty() => view! { <p class="muted">"No links yet."</p> }.into_any(),
            Some(Ok(all)) => view! {
                <ul class="link-list">
                    {all.into_iter().map(|l| {
                        let party = parties.with_value(|all| {
                            all.iter()
                                .find(|p| p.side == l.side && p.partner_id == l.partner_id)
                                .map(|p| p.label.clone())
                                .unwrap_or_else(|| "a party since removed".into())
                        });
                        view! { <LinkRow link=l party revoke/> }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn LinkRow(
    link: LinkSummary,
    party: String,
    revoke: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = link.id;
    let opened = match (link.opened, link.last_opened) {
        (0, _) | (_, None) => "never opened".to_string(),
        (n, Some(at)) => format!("opened {n} times, last {}", at.format("%-d %b %Y")),
    };
    let state = match (link.revoked_at, link.expires_at) {
        (Some(at), _) => format!("revoked {}", at.format("%-d %b %Y")),
        (None, Some(at)) => format!("expires {}", at.format("%-d %b %Y")),
        (None, None) => "does not expire".into(),
    };
    let name = link.label.clone();
    view! {
        <li>
            <strong>{link.label.clone()}</strong>
            <span class="muted">{format!(" · for {party} · {} · made by {} on {} · {state} · {opened}",
                link.scope.label(),
                link.created_by.clone().unwrap_or_else(|| "someone since removed".into()),
                link.created_at.format("%-d %b %Y"))}</span>
            {link.revoked_at.is_none().then(|| view! {
                " " <button type="button" class="small" on:click=move |_| revoke(id)>{format!("Revoke the link for {name}")}</button>
            })}
        </li>
    }
}
