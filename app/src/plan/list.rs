use crate::components::PageTitle;
use leptos::prelude::*;

use super::portfolio_view::PortfolioView;
use super::{portfolio, CreatePlan};
use crate::components::{ErrorNote, FieldMessage};
use crate::domain::limits::*;
use crate::domain::portfolio::PortfolioQuery;
use crate::domain::triage::CYCLE_DAYS_MAX;
use crate::domain::CreditKind;
use crate::post_form::{returned_error, PostForm};
use leptos::server_fn::ServerFn;

#[component]
pub fn PlansPage() -> impl IntoView {
    let error = RwSignal::new(returned_error(CreatePlan::PATH));
    let pending = RwSignal::new(false);
    // The query lives in the URL: a link, a reload or the back button keeps it.
    let params = leptos_router::hooks::use_query_map();
    let query = move || {
        let params = params.read();
        PortfolioQuery::from_params(|name| params.get(name))
    };
    let plans = crate::page_data::page_data(query, portfolio);

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
            // The new plan opens at once: the server's answer says where it is.
            <PostForm path=CreatePlan::PATH error pending class="stack">
                <ErrorNote error/>
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
                <button type="submit" disabled=move || pending.get()>"Create plan"</button>
            </PostForm>
        </section>
    }
}
