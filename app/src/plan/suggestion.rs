//! The triage's suggestion on a new plan's page: where the answers given at creation
//! (carried in the address by `Triage::plan_href`) say a two-party mutual action plan
//! suits the deal better, the page offers the switch.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::save_field;
use crate::domain::edit::{Field, FieldEdit, SaveOutcome};
use crate::domain::triage::Triage;
use crate::domain::PlanMode;

#[component]
pub fn TriageSuggestion(plan_id: i64, mode: PlanMode) -> impl IntoView {
    let params = use_query_map();
    let (triage, switched) = params.with_untracked(|p| {
        (
            Triage::from_suggestion(|name| p.get(name)),
            p.get("switched").as_deref() == Some("map"),
        )
    });
    let failed = RwSignal::new(None::<String>);
    let use_map = move |_| {
        leptos::task::spawn_local(async move {
            let edit = FieldEdit {
                plan_id,
                field: Field::PlanMode,
                row: None,
                expected: PlanMode::ThreeParty.as_str().into(),
                value: PlanMode::MutualActionPlan.as_str().into(),
            };
            match save_field(edit).await {
                // The whole page changes shape: load it again, saying what happened.
                Ok(SaveOutcome::Saved { .. }) => {
                    let _ = window()
                        .location()
                        .replace(&format!("/plans/{plan_id}?switched=map"));
                }
                Ok(SaveOutcome::Conflict { .. }) => {
                    failed.set(Some("Someone changed the plan's mode first.".into()))
                }
                Err(e) => failed.set(Some(e.to_string())),
            }
        })
    };
    if switched && mode == PlanMode::MutualActionPlan {
        return view! {
            <p role="status" class="suggestion">"Switched to a mutual action plan: the partner column is hidden."</p>
        }
        .into_any();
    }
    let reasons = triage
        .map(|t| t.map_reasons())
        .filter(|reasons| !reasons.is_empty() && mode == PlanMode::ThreeParty);
    match reasons {
        None => ().into_any(),
        Some(reasons) => view! {
            <div class="suggestion">
                <p>"A two-party mutual action plan may suit this deal better: " {reasons.join(", ")} "."</p>
                <button type="button" on:click=use_map>"Use a mutual action plan"</button>
                <p class="muted">"Or choose the mode \u{201c}Mutual action plan\u{201d} under the plan's details."</p>
                {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        }
        .into_any(),
    }
}
