use crate::components::PageTitle;
use leptos::prelude::*;

use super::portfolio_view::PortfolioView;
use super::{portfolio, save_field, CreatePlan};
use crate::domain::portfolio::PortfolioQuery;
use crate::components::{ErrorNote, FieldMessage};
use crate::domain::edit::{Field, FieldEdit, SaveOutcome};
use crate::domain::limits::*;
use crate::domain::triage::CYCLE_DAYS_MAX;
use crate::domain::{CreditKind, PlanMode};

#[component]
pub fn PlansPage() -> impl IntoView {
    let create = ServerAction::<CreatePlan>::new();
    // The query lives in the URL; refetched after each creation too, so the new plan shows
    // without a page load.
    let params = leptos_router::hooks::use_query_map();
    let query = move || {
        let params = params.read();
        PortfolioQuery::from_params(|name| params.get(name))
    };
    let plans = crate::page_data::page_data(
        move || (query(), create.version().get()),
        |(query, _)| portfolio(query),
    );
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let created = move || create.value().get().and_then(Result::ok);

    view! {
        <PageTitle text="Plans"/>
        <h1>"Co-sell plans"</h1>
        <Suspense fallback=|| view! { <p>"Loading plans…"</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(page) => view! { <PortfolioView page/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="new-plan" class="card">
            <h2 id="new-plan">"New plan"</h2>
            <ActionForm action=create attr:class="stack">
                <ErrorNote error/>
                {move || created().map(|created| view! { <Created created/> })}
                <label for="plan-title">"Title"</label>
                <input id="plan-title" name="title" required maxlength=TITLE_MAX/>
                <FieldMessage error field="title"/>
                <label for="plan-partner">"Partner"</label>
                <input id="plan-partner" name="partner" required maxlength=PARTY_NAME_MAX/>
                <FieldMessage error field="partner"/>
                <label for="plan-buyer">"Buyer account"</label>
                <input id="plan-buyer" name="buyer_account" required maxlength=PARTY_NAME_MAX/>
                <FieldMessage error field="buyer_account"/>
                <fieldset class="triage">
                    <legend>"Triage"</legend>
                    <label for="plan-partner-role">"Partner's role"</label>
                    <select id="plan-partner-role" name="partner_role">
                        <option value="active">"Active: sources, sells or delivers"</option>
                        <option value="none">"None: only kept informed"</option>
                    </select>
                    <label for="plan-cycle">"Expected cycle length (days)"</label>
                    <input id="plan-cycle" name="cycle_days" type="number" min="1" max=CYCLE_DAYS_MAX value="90" required/>
                    <FieldMessage error field="cycle_days"/>
                    <label for="plan-economics">"Economics shared with the partner"</label>
                    <select id="plan-economics" name="economics">
                        <option value="yes">"Yes"</option>
                        <option value="no">"No"</option>
                    </select>
                    <label for="plan-credit">"Credit"</label>
                    <select id="plan-credit" name="credit">
                        <option value="">"Not decided"</option>
                        {CreditKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                    </select>
                </fieldset>
                <button type="submit" disabled=move || create.pending().get()>"Create plan"</button>
            </ActionForm>
        </section>
    }
}

/// What the triage made of a new plan, with the offer to switch to a mutual action plan.
#[component]
fn Created(created: super::Created) -> impl IntoView {
    let id = created.id;
    let switched = RwSignal::new(None::<Result<(), String>>);
    let use_map = move |_| {
        leptos::task::spawn_local(async move {
            let edit = FieldEdit {
                plan_id: id,
                field: Field::PlanMode,
                row: None,
                expected: PlanMode::ThreeParty.as_str().into(),
                value: PlanMode::MutualActionPlan.as_str().into(),
            };
            switched.set(Some(match save_field(edit).await {
                Ok(SaveOutcome::Saved { .. }) => Ok(()),
                Ok(SaveOutcome::Conflict { .. }) => {
                    Err("Someone changed the plan's mode first.".into())
                }
                Err(e) => Err(e.to_string()),
            }));
        })
    };
    let suggestion = (!created.map_reasons.is_empty()).then(|| {
        let reasons = created.map_reasons.join(", ");
        view! {
            <div class="suggestion">
                <p>"A two-party mutual action plan may suit this deal better: " {reasons} "."</p>
                {move || match switched.get() {
                    None => view! {
                        <button type="button" on:click=use_map>"Use a mutual action plan"</button>
                    }.into_any(),
                    Some(Ok(())) => view! { <p role="status">"Switched to a mutual action plan: the partner column is hidden."</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                }}
            </div>
        }
    });
    view! {
        <p role="status">"Plan created. " <a href=format!("/plans/{id}")>"Open it"</a></p>
        {suggestion}
    }
}
