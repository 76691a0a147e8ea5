//! `/plans/:id/owners`: the owners grid full width, for the weekly pass over who is who.

use leptos::prelude::*;

use super::OwnersGrid;
use crate::components::PageTitle;
use crate::plan::edit::{SaveState, SaveTracker};
use crate::plan::shape::Shape;
use crate::plan::{PlanNotFound, PlanWithHealth};

#[component]
pub fn OwnersPage() -> impl IntoView {
    let plan = crate::plan::plan_of_route();
    view! {
        <Suspense fallback=|| view! { <p>"Loading the owners…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(PlanWithHealth { plan, .. }) => {
                        SaveTracker::provide();
                        let shape = Shape::provide(&plan);
                        let plan_id = plan.id;
                        view! {
                            <PageTitle text=Signal::derive(move || format!("Owners: {}", shape.title.get()))/>
                            <header class="plan-header">
                                <p class="crumbs">
                                    <a href="/plans">"Plans"</a> " › "
                                    <a href=format!("/plans/{plan_id}")>{move || shape.title.get()}</a>
                                </p>
                                <h1>"Owners: " {move || shape.title.get()}</h1>
                                <SaveState/>
                            </header>
                            <section class="part owners-page" aria-labelledby="owners-grid-title">
                                <OwnersGrid plan_id/>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <PlanNotFound error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
