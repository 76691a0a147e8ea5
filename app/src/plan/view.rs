//! The one-page plan: every part of DESIGN.md's "What a plan holds", edited in place.

use crate::components::PageTitle;
use leptos::prelude::*;

use super::edit::{EditableField, Input, SaveState, SaveTracker};
use super::escalation::escalation;
use super::history::HistoryPanel;
use super::partners::Partners;
use super::parts;
use super::rows::choices;
use super::shape::Shape;
use super::{get_plan, plan_findings, PlanWithHealth};
use crate::domain::edit::Field;
use crate::domain::health::Finding;
use crate::domain::limits::*;
use crate::domain::*;
use crate::error::AppError;

/// The plan the route's `:id` names, with its health: what the plan's pages load.
pub(crate) fn plan_of_route() -> crate::page_data::PageData<Result<PlanWithHealth, AppError>> {
    crate::page_data::page_data(crate::components::route_id(), |id| async move {
        match id {
            Some(id) => get_plan(id).await,
            None => Err(AppError::NotFound.here()),
        }
    })
}

/// What a plan's page shows when the plan cannot be loaded.
#[component]
pub(crate) fn PlanNotFound(error: AppError) -> impl IntoView {
    view! {
        <PageTitle text="Plan not found"/>
        <h1>"Plan not found"</h1>
        <p class="error" role="alert">{error.to_string()}</p>
        <p><a href="/plans">"Back to your plans"</a></p>
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let plan = plan_of_route();
    view! {
        <Suspense fallback=|| view! { <p>"Loading the plan…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(PlanWithHealth { plan, findings }) => view! { <PlanView plan findings/> }.into_any(),
                    Err(error) => view! { <PlanNotFound error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What keeps the plan from being executable, most severe first, each a link to the
/// field (or part) that fixes it.
#[component]
fn HealthPanel(plan_id: i64, findings: Vec<Finding>) -> impl IntoView {
    let findings = RwSignal::new(findings);
    let tracker = use_context::<SaveTracker>();
    let latest = StoredValue::new(0u32);
    // The server's findings are current when the page loads; after each save they are
    // checked again, so a fixed finding goes and a new one shows. Newest answer wins.
    Effect::new(move |previous: Option<()>| {
        tracker.map(|t| t.saves());
        if previous.is_none() {
            return;
        }
        let round = latest.get_value() + 1;
        latest.set_value(round);
        // Dropped with the page, which may be left before the answer comes.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            if let Ok(list) = plan_findings(plan_id).await {
                if latest.get_value() == round {
                    findings.set(list);
                }
            }
        });
    });
    let summary = move || match findings.with(Vec::len) {
        0 => "Executable: every check passes.".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    view! {
        <section class="health" aria-labelledby="plan-health">
            <h2 id="plan-health">"Plan health"</h2>
            <p class=move || if findings.with(Vec::is_empty) { "health-ok" } else { "health-bad" }>{summary}</p>
            <ul>
                {move || findings.get().into_iter().map(|f| {
                    let target = if f.target.starts_with("part-") { format!("{}-section", f.target) } else { f.target.clone() };
                    view! {
                        <li class=format!("finding finding-{}", f.severity.label().to_lowercase())>
                            <span class="severity">{f.severity.label()}</span>" "
                            <a href=format!("#{target}") on:click=move |ev| focus(ev, &target)>{f.message}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Moves the keyboard focus to the element a finding names (the link alone would only
/// scroll), so the person can type the fix at once.
fn focus(ev: leptos::ev::MouseEvent, id: &str) {
    use leptos::wasm_bindgen::JsCast;
    let element = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        ev.prevent_default();
        element.scroll_into_view();
        let _ = element.focus();
    }
}

#[component]
fn PlanView(plan: PlanDetail, findings: Vec<Finding>) -> impl IntoView {
    SaveTracker::provide();
    let shape = Shape::provide(&plan);
    let statuses = choices(PlanStatus::ALL, PlanStatus::as_str, PlanStatus::label, None);
    let modes = choices(PlanMode::ALL, PlanMode::as_str, PlanMode::label, None);

    view! {
        <PageTitle text=shape.title/>
        <header class="plan-header">
            <p class="crumbs"><a href="/plans">"Plans"</a></p>
            <h1>{move || shape.title.get()}</h1>
            <SaveState/>
            <div class="header-fields" role="group" aria-label="Plan details">
                <EditableField plan_id=plan.id field=Field::PlanTitle initial=plan.title.clone()
                    label="Title" input=Input::Text { max: TITLE_MAX } id="plan-title".into()
                    on_saved=Callback::new(move |title| shape.title.set(title))/>
                <EditableField plan_id=plan.id field=Field::PlanBuyerAccount initial=plan.buyer_account.clone()
                    label="Buyer account" input=Input::Text { max: PARTY_NAME_MAX } id="plan-buyer".into()
                    on_saved=Callback::new(move |name| shape.set_buyer(name))/>
                <EditableField plan_id=plan.id field=Field::PlanStatus initial=plan.status.as_str().to_string()
                    label="Status" input=Input::choice(statuses) id="plan-status".into()/>
                <EditableField plan_id=plan.id field=Field::PlanMode initial=plan.mode.as_str().to_string()
                    label="Mode" input=Input::choice(modes) id="plan-mode".into()
                    on_saved=Callback::new(move |mode| shape.set_mode(mode))/>
            </div>
            <Partners plan_id=plan.id/>
            {partnerships_of(&plan)}
            <dl class="facts">
                <div><dt>"Target"</dt><dd>{move || shape.target_text()}</dd></div>
            </dl>
        </header>
        <super::suggestion::TriageSuggestion plan_id=plan.id mode=plan.mode/>
        <HealthPanel plan_id=plan.id findings/>
        <div class="plan-grid">
            {parts::accounts(&plan)}
            {parts::owners(&plan)}
            {parts::milestones(&plan)}
            {parts::actions(&plan)}
            {parts::economics(&plan)}
            {parts::motion(&plan)}
            {escalation(&plan)}
            {parts::cadence(&plan)}
        </div>
        <crate::share::LinkComments plan=plan.clone()/>
        <crate::share::SharedLinks plan_id=plan.id parties=link_parties(&plan)
            partners_see_each_other=(plan.partners.len() > 1).then_some(plan.partners_see_each_other)/>
        <HistoryPanel plan_id=plan.id/>
    }
}

/// The partnerships the plan runs under, each a link to its page (with the target
/// accounts the plan may have started from).
fn partnerships_of(plan: &PlanDetail) -> impl IntoView {
    let links: Vec<(i64, String)> = plan
        .partners
        .iter()
        .filter_map(|p| p.partnership_id.map(|id| (id, p.name.clone())))
        .collect();
    (!links.is_empty()).then(|| {
        view! {
            <p class="muted plan-partnerships">"Partnership: "
                {links.into_iter().enumerate().map(|(i, (id, name))| view! {
                    {(i > 0).then_some(", ")}
                    <a href=format!("/partners/{id}")>{name}</a>
                }).collect_view()}
            </p>
        }
    })
}

/// The parties a shared link can be for: each partner of the plan and the buyer.
fn link_parties(plan: &crate::domain::PlanDetail) -> Vec<crate::share::LinkParty> {
    plan.sides()
        .into_iter()
        .filter(|(side, _)| *side != crate::domain::Side::Vendor)
        .map(|(side, partner_id)| crate::share::LinkParty {
            side,
            partner_id,
            label: crate::domain::owners::party_label(
                side,
                plan.partner_name(partner_id),
                &plan.buyer_account,
            ),
        })
        .collect()
}
