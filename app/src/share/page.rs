//! `/s/:token`: a shared link's one-pager, read-only in this first version, as dense as
//! the printed page (two columns on a laptop, one on a phone). No sign-in, nothing of
//! the rest of the app. Works without JavaScript: it is all rendered on the server.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::shared_plan;
use crate::components::PageTitle;
use crate::domain::link_view::{LinkView, ViewItem};

#[component]
pub fn SharedPlanPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let view = crate::page_data::page_data(token, shared_plan);
    view! {
        <main class="page link-page">
            <Suspense fallback=|| view! { <p>"Loading the plan…"</p> }>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(plan) => view! { <SharedPlan plan/> }.into_any(),
                        Err(_) => view! {
                            <PageTitle text="This link is not valid"/>
                            <h1>"This link is not valid"</h1>
                            <p>"Ask the person who sent it to you for a new one."</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SharedPlan(plan: LinkView) -> impl IntoView {
    let LinkView {
        title,
        buyer_account,
        status,
        party,
        scope,
        own_actions,
        other_actions,
        milestones,
        owners,
    } = plan;
    let owners = if owners.is_empty() {
        view! { <p class="muted">"No owners named yet."</p> }.into_any()
    } else {
        view! {
            <ul class="link-owners">
                {owners.into_iter().map(|o| view! {
                    <li>{o.name} " (" {o.party} ")" {(!o.email.is_empty()).then(|| view! { " · " <a href=format!("mailto:{}", o.email)>{o.email.clone()}</a> })}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <PageTitle text=title.clone()/>
        <header class="plan-header">
            <h1>{title}</h1>
            <p>{format!("Shared with {party} · Buyer: {buyer_account} · {status} · {}", scope.label())}</p>
        </header>
        <div class="link-columns">
            <section class="part" aria-labelledby="own-actions">
                <h2 id="own-actions">{format!("Actions of {party}")}</h2>
                <Items items=own_actions empty="No actions for your side yet."/>
            </section>
            <section class="part" aria-labelledby="other-actions">
                <h2 id="other-actions">"The plan's other actions"</h2>
                <Items items=other_actions empty="No other actions."/>
            </section>
            <section class="part" aria-labelledby="link-milestones">
                <h2 id="link-milestones">"Milestones"</h2>
                <Items items=milestones empty="No milestones yet."/>
            </section>
            <section class="part" aria-labelledby="link-owners">
                <h2 id="link-owners">"Who is who"</h2>
                {owners}
            </section>
        </div>
    }
}

#[component]
fn Items(items: Vec<ViewItem>, empty: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="link-items">
            {items.into_iter().map(|i| {
                let mut facts = vec![i.status.clone()];
                if !i.party.is_empty() { facts.push(i.party.clone()); }
                if let Some(owner) = &i.owner { facts.push(owner.clone()); }
                if let Some(due) = i.due_on { facts.push(format!("due {}", due.format("%-d %b %Y"))); }
                view! { <li><strong>{i.text}</strong><br/><span class="muted">{facts.join(" · ")}</span></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
