//! `/partners` and `/partners/:id`: the organisation's partnerships, and one with its
//! plans and how many are in each status.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{list_partnerships, partnership, StartPlan};
use crate::components::PageTitle;
use crate::domain::overlap::OverlapAccount;
use crate::domain::partnership::{PartnershipDetail, PartnershipSummary};
use crate::domain::terms::SavedTerms;
use crate::error::AppError;
use crate::post_form::{returned_error, PostForm};

#[component]
pub fn PartnershipsPage() -> impl IntoView {
    let all = crate::page_data::page_data(|| (), |_| list_partnerships());
    view! {
        <PageTitle text="Partners"/>
        <h1>"Partners"</h1>
        <p class="muted">"Each partner company the organisation runs plans with, once however each plan spells it."</p>
        <Suspense fallback=|| view! { <p>"Loading the partners…"</p> }>
            {move || Suspend::new(async move {
                match all.await {
                    Ok(list) => view! { <PartnershipList list/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PartnershipList(list: Vec<PartnershipSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"No partners yet: they come with the plans."</p> }.into_any();
    }
    view! {
        <ul class="partnerships">
            {list.into_iter().map(|p| {
                let plans = match p.plans {
                    1 => "1 plan".to_string(),
                    n => format!("{n} plans"),
                };
                view! {
                    <li>
                        <a href=format!("/partners/{}", p.id)>{p.name}</a>
                        <span class="muted">{format!(" · {} · {plans}", p.kind.label())}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn PartnershipPage() -> impl IntoView {
    // Out here, not under Suspense: a value the server hands the browser must be made in
    // the same order on both, and under Suspense the page's hydration failed (routes.spec).
    let start_error = RwSignal::new(returned_error(StartPlan::PATH));
    let detail = crate::page_data::page_data(crate::components::route_id(), |id| async move {
        match id {
            Some(id) => partnership(id).await,
            None => Err(AppError::NotFound.here()),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading the partner…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Partnership detail start_error/> }.into_any(),
                    Err(e) => view! {
                        <PageTitle text="Partner not found"/>
                        <h1>"Partner not found"</h1>
                        <p class="error" role="alert">{e.to_string()}</p>
                        <p><a href="/partners">"All partners"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Partnership(
    detail: PartnershipDetail,
    start_error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let counts = detail.by_status();
    let PartnershipDetail {
        partnership,
        plans,
        accounts,
        terms,
        people,
        health,
    } = detail;
    // The terms and the pipeline against them, which a save made in place replaces.
    let stored = RwSignal::new(terms);
    view! {
        <PageTitle text=partnership.name.clone()/>
        <p><a href="/partners">"Partners"</a></p>
        <h1>{partnership.name.clone()}</h1>
        <p class="muted">{partnership.kind.label()}</p>
        <section class="part" aria-labelledby="partnership-rollup">
            <h2 id="partnership-rollup">"Plans by status"</h2>
            <dl class="rollup">
                {counts.into_iter().map(|(status, n)| view! {
                    <div><dt>{status.label()}</dt><dd>{n}</dd></div>
                }).collect_view()}
            </dl>
            <h3>"By health"</h3>
            <dl class="rollup">
                {health.into_iter().map(|(filter, n)| view! {
                    <div><dt>{filter.label()}</dt><dd>{n}</dd></div>
                }).collect_view()}
            </dl>
            <p>{move || stored.with(pipeline_text)}</p>
        </section>
        <super::terms_form::TermsSection id=partnership.id stored people/>
        <section class="part" aria-labelledby="partnership-plans">
            <h2 id="partnership-plans">"Plans"</h2>
            {if plans.is_empty() {
                view! { <p class="muted">"No plan runs with this partner now."</p> }.into_any()
            } else {
                view! {
                    <ul class="link-items">
                        {plans.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/plans/{}", p.id)>{p.title}</a>
                                <span class="muted">{format!(" · {} · {}", p.buyer_account, p.status.label())}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="part" aria-labelledby="partnership-accounts">
            <h2 id="partnership-accounts">"Target accounts"</h2>
            <p><a href=format!("/partners/{}/import", partnership.id)>"Import overlap accounts"</a></p>
            <TargetAccounts partnership_id=partnership.id accounts error=start_error/>
        </section>
    }
}

/// The plans' pipeline against the partnership's target, in words.
fn pipeline_text(stored: &SavedTerms) -> String {
    let SavedTerms {
        terms, won, open, ..
    } = stored;
    match (terms.target_amount, &terms.target_currency) {
        (Some(target), Some(currency)) => {
            let period = terms
                .target_period
                .as_ref()
                .map(|p| format!(" for {p}"))
                .unwrap_or_default();
            format!(
                "Target {currency} {target}{period}: won {currency} {won}, open pipeline {currency} {open} (plans' targets in {currency})."
            )
        }
        _ => "No target set: set one below to see the pipeline against it.".into(),
    }
}

/// The accounts the overlap data names, with where each stands on each side, each with
/// the way to start a deal plan for it (a plain form: it works without JavaScript).
#[component]
fn TargetAccounts(
    partnership_id: i64,
    accounts: Vec<OverlapAccount>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    if accounts.is_empty() {
        return view! { <p class="muted">"No target accounts yet: they come from an overlap import."</p> }.into_any();
    }
    // The server's answer names the new plan, and the form goes there.
    let pending = RwSignal::new(false);
    view! {
        <div class="table-scroll" role="region" aria-label="Target accounts, by name" tabindex="0">
            <table class="plans">
                <thead>
                    <tr><th scope="col">"Account"</th><th scope="col">"Domain"</th><th scope="col">"Us"</th><th scope="col">"Partner"</th><th scope="col">"Segment"</th><th scope="col">"Deal plan"</th></tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|a| {
                        let key = a.key();
                        let name = a.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{a.name}</th>
                                <td>{a.domain.unwrap_or_default()}</td>
                                <td>{a.vendor.label()}</td>
                                <td>{a.partner.label()}</td>
                                <td>{a.segment}</td>
                                <td>
                                    <PostForm path=StartPlan::PATH error pending>
                                        <input type="hidden" name="partnership_id" value=partnership_id/>
                                        <input type="hidden" name="account" value=key/>
                                        <button type="submit" disabled=move || pending.get()>
                                            "Start a plan"<span class="visually-hidden">{format!(" for {name}")}</span>
                                        </button>
                                    </PostForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <crate::components::ErrorNote error/>
    }
    .into_any()
}
