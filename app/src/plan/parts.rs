//! The editable parts of the one-page plan, each a landmark region. Parts organised by
//! side (owners, actions) follow the page's `Shape`, so a partner added or a mode switched
//! shows at once.

use leptos::prelude::*;

use super::edit::{EditableField, Input};
use super::rows::{choices, AddButton, RowButtons};
use super::shape::Shape;
use crate::domain::edit::{percent_text, Field, Party, REVIEW_DAYS};
use crate::domain::limits::*;
use crate::domain::rows::Row;
use crate::domain::rows::{AddedRow, List, NewRow};
use crate::domain::*;

/// A part of the plan: a landmark region named by its heading.
#[component]
pub fn Part(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="part" id=format!("{id}-section") aria-labelledby=id tabindex="-1">
            <h2 id=id>{title}</h2>
            {children()}
        </section>
    }
}

/// Keeps a row's accessible name (what a screen reader calls the row) its saved name.
fn renamed(name: RwSignal<String>) -> Callback<String> {
    Callback::new(move |saved| name.set(saved))
}

pub fn accounts(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let rows = RwSignal::new(plan.accounts.clone());
    let relations = Input::choice(choices(
        Relation::ALL,
        Relation::as_str,
        Relation::label,
        None,
    ));
    view! {
        <Part id="part-accounts" title="Shared accounts">
            <ul class="rows">
                <For each=move || rows.get() key=|a| a.id children=move |a: SharedAccount| {
                    let name = RwSignal::new(a.name.clone());
                    view! {
                    <li><div role="group" aria-label=move || name.get() class="row row-3">
                        <EditableField plan_id field=Field::AccountName row=a.id initial=a.name.clone()
                            label="Account" input=Input::Text { max: PARTY_NAME_MAX } on_saved=renamed(name)/>
                        <EditableField plan_id field=Field::AccountVendorRelation row=a.id
                            initial=a.vendor_relation.as_str().into() label="Vendor relationship"
                            input=relations.clone()/>
                        <EditableField plan_id field=Field::AccountPartnerRelation row=a.id
                            initial=a.partner_relation.as_str().into() label="Partner relationship"
                            input=relations.clone()/>
                        <RowButtons plan_id list=List::Accounts id=a.id rows/>
                    </div></li>
                }}/>
            </ul>
            <AddButton new=NewRow { plan_id, list: List::Accounts, side: None, partner_id: None } rows
                pick=|r: AddedRow| match r { AddedRow::Account(a) => Some(a), _ => None } label="Add account"/>
        </Part>
    }
}

pub fn owners(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    view! {
        <Part id="part-owners" title="Owners">
            <crate::owners::OwnersGrid plan_id/>
            <p class="screen-only"><a href=format!("/plans/{plan_id}/owners")>"Open the owners grid full width"</a></p>
        </Part>
    }
}

pub fn milestones(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let rows = RwSignal::new(plan.milestones.clone());
    let statuses = Input::choice(choices(
        WorkStatus::ALL,
        WorkStatus::as_str,
        WorkStatus::label,
        None,
    ));
    let owners = Shape::get().owner_choices();
    view! {
        <Part id="part-milestones" title="Milestones">
            <ul class="rows">
                <For each=move || rows.get() key=|m| m.id children=move |m: Milestone| {
                    let name = RwSignal::new(m.title.clone());
                    view! {
                    <li><div role="group" aria-label=move || name.get() class="row row-4" id=format!("milestone-{}", m.id) tabindex="-1">
                        <EditableField plan_id field=Field::MilestoneTitle row=m.id initial=m.title.clone()
                            label="Milestone" input=Input::Text { max: SHORT_TEXT_MAX } on_saved=renamed(name)/>
                        <EditableField plan_id field=Field::MilestoneDueOn row=m.id
                            initial=m.due_on.map(|d| d.to_string()).unwrap_or_default() label="By" input=Input::Date/>
                        <EditableField plan_id field=Field::MilestoneOwner row=m.id
                            initial=m.owner_id.map(|id| id.to_string()).unwrap_or_default() label="Owner"
                            input=Input::Select(owners)/>
                        <EditableField plan_id field=Field::MilestoneStatus row=m.id initial=m.status.as_str().into()
                            label="Status" input=statuses.clone()/>
                        <RowButtons plan_id list=List::Milestones id=m.id rows/>
                    </div></li>
                }}/>
            </ul>
            <AddButton new=NewRow { plan_id, list: List::Milestones, side: None, partner_id: None } rows
                pick=|r: AddedRow| match r { AddedRow::Milestone(m) => Some(m), _ => None } label="Add milestone"/>
        </Part>
    }
}

pub fn actions(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let shape = Shape::get();
    let rows = RwSignal::new(plan.actions.clone());
    let statuses = Input::choice(choices(
        WorkStatus::ALL,
        WorkStatus::as_str,
        WorkStatus::label,
        None,
    ));
    let owners = shape.owner_choices();
    view! {
        <Part id="part-actions" title="Joint actions">
            <For each=move || shape.sides() key=|side| *side children=move |(side, partner_id)| {
                let statuses = statuses.clone();
                let name = move || shape.side_name(side, partner_id);
                let heading = move || match side {
                    Side::Vendor => "What the vendor does".to_string(),
                    Side::Partner => format!("What {} does", name()),
                    Side::Buyer => "What the buyer needs".to_string(),
                };
                view! {
                    <h3>{heading}</h3>
                    <ul class="rows">
                        <For each=move || rows.get().into_iter().filter(move |a| a.group() == (Some(side), partner_id))
                            key=|a| a.id children=move |a: JointAction| {
                            // Who touched the action last, kept current as this person edits it.
                            let updated = RwSignal::new(format!(
                                "Updated {} by {}",
                                crate::components::format_date(a.updated_at.date_naive()),
                                a.updated_by
                            ));
                            let touched = Callback::new(move |_: String| updated.set("Updated just now by you".into()));
                            let name = RwSignal::new(a.text.clone());
                            let retexted = Callback::new(move |text: String| {
                                name.set(text.clone());
                                touched.run(text);
                            });
                            view! {
                            <li><div id=format!("action-{}", a.id) tabindex="-1" role="group" aria-label=move || name.get() class="row row-4">
                                <EditableField plan_id field=Field::ActionText row=a.id initial=a.text.clone()
                                    label="Action" input=Input::Text { max: SHORT_TEXT_MAX } on_saved=retexted/>
                                <EditableField plan_id field=Field::ActionStatus row=a.id initial=a.status.as_str().into()
                                    label="Status" input=statuses.clone() on_saved=touched/>
                                <EditableField plan_id field=Field::ActionDueOn row=a.id
                                    initial=a.due_on.map(|d| d.to_string()).unwrap_or_default() label="Due date" input=Input::Date
                                    on_saved=touched/>
                                <EditableField plan_id field=Field::ActionOwner row=a.id
                                    initial=a.owner_id.map(|id| id.to_string()).unwrap_or_default() label="Owner"
                                    input=Input::Select(owners) on_saved=touched/>
                                <RowButtons plan_id list=List::Actions id=a.id rows/>
                                <p class="muted">{updated}</p>
                            </div></li>
                        }}/>
                    </ul>
                    <AddButton new=NewRow { plan_id, list: List::Actions, side: Some(side), partner_id } rows
                        pick=|r: AddedRow| match r { AddedRow::Action(a) => Some(a), _ => None }
                        label=Signal::derive(move || format!("Add action ({})", name()))/>
                }
            }/>
        </Part>
    }
}

pub fn economics(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let rows = RwSignal::new(plan.economics.clone());
    let kinds = Input::choice(choices(
        EconomicsKind::ALL,
        EconomicsKind::as_str,
        EconomicsKind::label,
        None,
    ));
    let credit_kinds = choices(
        CreditKind::ALL,
        CreditKind::as_str,
        CreditKind::label,
        Some("Not agreed yet"),
    );
    let parties = Shape::get().party_choices();
    let credit = plan.credit.clone();
    view! {
        <Part id="part-economics" title="Economics and credit">
            <ul class="rows">
                <For each=move || rows.get() key=|l| l.id children=move |l: EconomicsLine| view! {
                    <li><div role="group" aria-label=format!("{} line", l.kind.label()) class="row row-6">
                        <EditableField plan_id field=Field::EconomicsKind row=l.id initial=l.kind.as_str().into()
                            label="Kind" input=kinds.clone()/>
                        <EditableField plan_id field=Field::EconomicsParty row=l.id initial=Party::text(l.side, l.partner_id)
                            label="For" input=Input::Select(parties)/>
                        <EditableField plan_id field=Field::EconomicsPercent row=l.id
                            initial=l.percent_bp.map(percent_text).unwrap_or_default() label="Percent"
                            input=Input::Text { max: 6 }/>
                        <EditableField plan_id field=Field::EconomicsAmount row=l.id
                            initial=l.amount.map(|a| a.to_string()).unwrap_or_default() label="Amount"
                            input=Input::Text { max: 13 }/>
                        <EditableField plan_id field=Field::EconomicsCurrency row=l.id
                            initial=l.currency.clone().unwrap_or_default() label="Currency" input=Input::Text { max: 3 }/>
                        <EditableField plan_id field=Field::EconomicsNote row=l.id initial=l.note.clone()
                            label="Note" input=Input::Text { max: SHORT_TEXT_MAX }/>
                        <RowButtons plan_id list=List::Economics id=l.id rows/>
                    </div></li>
                }/>
            </ul>
            <AddButton new=NewRow { plan_id, list: List::Economics, side: None, partner_id: None } rows
                pick=|r: AddedRow| match r { AddedRow::Economics(l) => Some(l), _ => None } label="Add economics line"/>
            <div class="fields-grid" role="group" aria-label="Credit agreement">
                <EditableField plan_id field=Field::CreditKind initial=credit.kind.map(|k| k.as_str().to_string()).unwrap_or_default()
                    label="Credit rule" input=Input::choice(credit_kinds)/>
                <EditableField plan_id field=Field::CreditText initial=credit.text.clone()
                    label="Who is credited with what" input=Input::LongText { max: LONG_TEXT_MAX }/>
                <EditableField plan_id field=Field::CreditAgreedVendor initial=credit.agreed_by_vendor.clone()
                    label="Agreed for the vendor by" input=Input::Text { max: PERSON_NAME_MAX }/>
                <EditableField plan_id field=Field::CreditAgreedPartner initial=credit.agreed_by_partner.clone()
                    label="Agreed for the partner by" input=Input::Text { max: PERSON_NAME_MAX }/>
                <EditableField plan_id field=Field::CreditAgreedOn initial=credit.agreed_on.map(|d| d.to_string()).unwrap_or_default()
                    label="Agreed on" input=Input::Date/>
            </div>
        </Part>
    }
}

pub fn motion(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let fronts = choices(Front::ALL, Front::as_str, Front::label, Some("Not defined"));
    let front = plan
        .motion
        .front
        .map(|f| f.as_str().to_string())
        .unwrap_or_default();
    let text = plan.motion.coordination.clone();
    view! {
        <Part id="part-motion" title="Deal motion">
            <EditableField plan_id field=Field::MotionFront initial=front label="Who fronts the customer"
                input=Input::choice(fronts)/>
            <EditableField plan_id field=Field::MotionText initial=text label="How we coordinate"
                input=Input::LongText { max: LONG_TEXT_MAX }/>
        </Part>
    }
}

pub fn cadence(plan: &PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let reviews = plan.reviews.clone();
    let shape = Shape::get();
    let s = plan.schedule.clone();
    let frequencies = choices(
        Frequency::ALL,
        Frequency::as_str,
        Frequency::label,
        Some("No cadence"),
    );
    let weekdays: Vec<(String, String)> = std::iter::once((String::new(), "No day".to_string()))
        .chain(REVIEW_DAYS.iter().map(|d| (d.to_string(), d.to_string())))
        .collect();
    view! {
        <Part id="part-cadence" title="Cadence and target">
            <p class="screen-only"><a href=format!("/plans/{plan_id}/calendar")>"Open the calendar"</a></p>
            <div class="fields-grid" role="group" aria-label="Review cadence">
                <EditableField plan_id field=Field::CadenceFrequency
                    initial=s.frequency.clone().unwrap_or_default()
                    label="Review frequency" input=Input::choice(frequencies)/>
                <EditableField plan_id field=Field::CadenceWeekday
                    initial=s.weekday.clone().unwrap_or_default()
                    label="Review day" input=Input::choice(weekdays)/>
                <EditableField plan_id field=Field::CadenceTime
                    initial=s.time.clone().unwrap_or_default()
                    label="Review time" input=Input::Text { max: 5 }/>
                <EditableField plan_id field=Field::CadenceTimeZone
                    initial=s.time_zone.clone().unwrap_or_default()
                    label="Time zone" input=Input::Text { max: 64 }/>
                <EditableField plan_id field=Field::CadenceMinutes
                    initial=s.minutes.map(|m| m.to_string()).unwrap_or_default()
                    label="Review length (minutes)" input=Input::Text { max: 3 }/>
                <EditableField plan_id field=Field::CadenceStartsOn
                    initial=s.starts_on.map(|d| d.to_string()).unwrap_or_default()
                    label="Reviews start on" input=Input::Date/>
                <EditableField plan_id field=Field::CadenceEndsOn
                    initial=s.ends_on.map(|d| d.to_string()).unwrap_or_default()
                    label="Reviews end on" input=Input::Date/>
                <EditableField plan_id field=Field::CadenceLink initial=s.link.clone()
                    label="Meeting link or room" input=Input::Text { max: LINK_MAX }/>
            </div>
            <crate::cadence::SeriesInvitees plan_id/>
            <crate::cadence::NextMeetings plan_id/>
            <crate::cadence::PastReviews plan_id reviews/>
            <div class="fields-grid" role="group" aria-label="Target">
                <EditableField plan_id field=Field::TargetAmount
                    initial=s.target_amount.map(|a| a.to_string()).unwrap_or_default()
                    label="Target amount" input=Input::Text { max: 13 }
                    on_saved=Callback::new(move |v| shape.set_target(Field::TargetAmount, v))/>
                <EditableField plan_id field=Field::TargetCurrency
                    initial=s.target_currency.clone().unwrap_or_default()
                    label="Target currency" input=Input::Text { max: 3 }
                    on_saved=Callback::new(move |v| shape.set_target(Field::TargetCurrency, v))/>
                <EditableField plan_id field=Field::TargetOn
                    initial=s.target_on.map(|d| d.to_string()).unwrap_or_default()
                    label="Target date" input=Input::Date
                    on_saved=Callback::new(move |v| shape.set_target(Field::TargetOn, v))/>
            </div>
        </Part>
    }
}
