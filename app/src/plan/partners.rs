//! The plan's partners, edited in the header: each brings its own column of owners,
//! actions and escalation to the page.

use leptos::prelude::*;

use super::edit::{EditableField, Input};
use super::rows::{choices, AddButton, RowButtons};
use super::shape::Shape;
use crate::domain::edit::Field;
use crate::domain::limits::PARTY_NAME_MAX;
use crate::domain::rows::{AddedRow, List, NewRow};
use crate::domain::*;

#[component]
pub fn Partners(plan_id: i64) -> impl IntoView {
    let shape = Shape::get();
    let rows = shape.partners;
    let kinds = Input::choice(choices(
        PartnerKind::ALL,
        PartnerKind::as_str,
        PartnerKind::label,
        None,
    ));
    let pick = move |r: AddedRow| match r {
        AddedRow::Partner(partner, path) => {
            if let Some(path) = path {
                shape.paths.update(|all| all.push(path));
            }
            Some(partner)
        }
        _ => None,
    };
    view! {
        <div class="partners" role="group" aria-label="Partners">
            <h2 class="label">"Partners"</h2>
            <ul class="rows">
                <For each=move || rows.get() key=|p| p.id children=move |p: Partner| {
                    let id = p.id;
                    let renamed = Callback::new(move |name| shape.rename_partner(id, name));
                    let name = move || shape.side_name(Side::Partner, Some(id));
                    view! {
                        <li><div role="group" aria-label=name class="row row-2">
                            <EditableField plan_id field=Field::PartnerName row=p.id initial=p.name.clone()
                                label="Partner" input=Input::Text { max: PARTY_NAME_MAX } on_saved=renamed/>
                            <EditableField plan_id field=Field::PartnerKind row=p.id initial=p.kind.as_str().into()
                                label="Partner type" input=kinds.clone()/>
                            <RowButtons plan_id list=List::Partners id=p.id rows/>
                        </div></li>
                    }
                }/>
            </ul>
            <AddButton new=NewRow { plan_id, list: List::Partners, side: None, partner_id: None } rows
                pick label="Add partner"/>
        </div>
    }
}
