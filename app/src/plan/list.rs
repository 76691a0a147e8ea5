use leptos::prelude::*;
use leptos_meta::Title;

use super::{list_plans, CreatePlan, PlanListItem};
use crate::components::{ErrorNote, FieldMessage};
use crate::domain::limits::*;

#[component]
pub fn PlansPage() -> impl IntoView {
    let create = ServerAction::<CreatePlan>::new();
    // Refetched after each creation, so the new plan shows without a page load.
    let plans = Resource::new(move || create.version().get(), |_| list_plans());
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let created = move || create.value().get().and_then(Result::ok);

    view! {
        <Title text="Plans · Coplan"/>
        <h1>"Co-sell plans"</h1>
        <Suspense fallback=|| view! { <p>"Loading plans…"</p> }>
            {move || Suspend::new(async move {
                match plans.await {
                    Ok(list) => view! { <PlanTable plans=list/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="new-plan" class="card">
            <h2 id="new-plan">"New plan"</h2>
            <ActionForm action=create attr:class="stack">
                <ErrorNote error/>
                {move || created().map(|id| view! {
                    <p role="status">"Plan created. " <a href=format!("/plans/{id}")>"Open it"</a></p>
                })}
                <label for="plan-title">"Title"</label>
                <input id="plan-title" name="title" required maxlength=TITLE_MAX/>
                <FieldMessage error field="title"/>
                <label for="plan-partner">"Partner"</label>
                <input id="plan-partner" name="partner" required maxlength=PARTY_NAME_MAX/>
                <FieldMessage error field="partner"/>
                <label for="plan-buyer">"Buyer account"</label>
                <input id="plan-buyer" name="buyer_account" required maxlength=PARTY_NAME_MAX/>
                <FieldMessage error field="buyer_account"/>
                <button type="submit" disabled=move || create.pending().get()>"Create plan"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PlanTable(plans: Vec<PlanListItem>) -> impl IntoView {
    if plans.is_empty() {
        return view! { <p>"No plans yet. Create the first one below."</p> }.into_any();
    }
    view! {
        <table class="plans">
            <caption class="visually-hidden">"Your organisation's plans"</caption>
            <thead>
                <tr>
                    <th scope="col">"Title"</th>
                    <th scope="col">"Partner"</th>
                    <th scope="col">"Buyer account"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Health"</th>
                    <th scope="col">"Last updated"</th>
                </tr>
            </thead>
            <tbody>
                {plans
                    .into_iter()
                    .map(|PlanListItem { plan, findings }| {
                        let health = match findings {
                            0 => "No findings".to_string(),
                            1 => "1 finding".to_string(),
                            n => format!("{n} findings"),
                        };
                        view! {
                            <tr>
                                <td><a href=format!("/plans/{}", plan.id)>{plan.title}</a></td>
                                <td>{plan.partners.join(", ")}</td>
                                <td>{plan.buyer_account}</td>
                                <td><span class=format!("status status-{}", plan.status.as_str())>{plan.status.label()}</span></td>
                                <td class=if findings == 0 { "health-ok" } else { "health-bad" }>{health}</td>
                                <td><time datetime=plan.updated_at.to_rfc3339()>{plan.updated_at.format("%-d %b %Y").to_string()}</time></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
