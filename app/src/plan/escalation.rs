//! Escalation path: per side, who escalates to whom, and after how many days an open
//! action counts as stalled.

use leptos::prelude::*;

use super::edit::{EditableField, Input};
use super::parts::Part;
use super::rows::{AddButton, RowButtons};
use super::shape::Shape;
use crate::domain::edit::Field;
use crate::domain::rows::Row;
use crate::domain::rows::{AddedRow, List, NewRow};
use crate::domain::*;

pub fn escalation(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let shape = Shape::get();
    let rows = RwSignal::new(plan.escalation_steps.clone());
    // An owner removed leaves every chain (the store deletes their steps with them).
    Effect::new(move |_| {
        let people: std::collections::HashSet<i64> =
            shape.people.read().iter().map(|p| p.id).collect();
        if rows.with_untracked(|steps| steps.iter().any(|s| !people.contains(&s.person_id))) {
            rows.update(|steps| steps.retain(|s| people.contains(&s.person_id)));
        }
    });
    view! {
        <Part id="part-escalation" title="Escalation path">
            <For each=move || shape.sides() key=|side| *side children=move |(side, partner_id)| {
                let name = move || shape.side_name(side, partner_id);
                let people = shape.side_people_choices(side, partner_id);
                // Each side has its path (the store makes one with every side); a partner
                // added on this page brings its path with it.
                let threshold = move || shape.path(side, partner_id).map(|path| view! {
                    <EditableField plan_id field=Field::EscalationStallDays row=path.id
                        initial=path.stall_days.to_string() label="Stalled after (days)"
                        input=Input::Text { max: 3 }/>
                });
                view! {
                    <div class="escalation-side" role="group" aria-label=move || format!("Escalation ({})", name())>
                        <h3>{name}</h3>
                        {threshold}
                        // An ordered list: a screen reader says which step of how many.
                        <ol class="rows">
                            <For each=move || rows.get().into_iter().filter(move |s| s.group() == (Some(side), partner_id))
                                key=|s| s.id children=move |s: EscalationStep| view! {
                                <li class="row row-2">
                                    <EditableField plan_id field=Field::EscalationPerson row=s.id
                                        initial=s.person_id.to_string() label="Escalates to"
                                        input=Input::Select(people)/>
                                    <RowButtons plan_id list=List::EscalationSteps id=s.id rows/>
                                </li>
                            }/>
                        </ol>
                        <AddButton new=NewRow { plan_id, list: List::EscalationSteps, side: Some(side), partner_id } rows
                            pick=|r: AddedRow| match r { AddedRow::EscalationStep(s) => Some(s), _ => None }
                            label=Signal::derive(move || format!("Add to escalation ({})", name()))/>
                    </div>
                }
            }/>
        </Part>
    }
}
