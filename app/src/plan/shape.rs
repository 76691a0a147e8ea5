//! What several parts of the plan page show and one part changes: the mode, the partners,
//! the people and each side's escalation path. Held once per page, so an owner added in
//! Owners is at once a choice in Milestones, and a partner added in the header gets its
//! own column of owners, actions and escalation.

use leptos::prelude::*;

use crate::components::{format_date, format_money};
use crate::domain::edit::{Field, Party};
use crate::domain::*;

#[derive(Clone, Copy)]
pub struct Shape {
    pub mode: RwSignal<PlanMode>,
    pub partners: RwSignal<Vec<Partner>>,
    pub people: RwSignal<Vec<Person>>,
    /// The owners grid's custom roles.
    pub roles: RwSignal<Vec<owners::CustomRole>>,
    pub paths: RwSignal<Vec<EscalationPath>>,
    pub title: RwSignal<String>,
    buyer: RwSignal<String>,
    /// The target's amount, currency and date as saved (each may be empty).
    target: RwSignal<[String; 3]>,
}

impl Shape {
    pub fn provide(plan: &PlanDetail) -> Shape {
        let shape = Shape {
            mode: RwSignal::new(plan.mode),
            partners: RwSignal::new(plan.partners.clone()),
            people: RwSignal::new(plan.people.clone()),
            roles: RwSignal::new(plan.roles.clone()),
            paths: RwSignal::new(plan.escalations.clone()),
            title: RwSignal::new(plan.title.clone()),
            buyer: RwSignal::new(plan.buyer_account.clone()),
            target: RwSignal::new([
                plan.schedule
                    .target_amount
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                plan.schedule.target_currency.clone().unwrap_or_default(),
                plan.schedule
                    .target_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ]),
        };
        provide_context(shape);
        shape
    }

    pub fn get() -> Shape {
        expect_context::<Shape>()
    }

    /// The sides the page shows, in order (a mutual action plan hides the partners).
    pub fn sides(&self) -> Vec<(Side, Option<i64>)> {
        sides_of(self.mode.get(), &self.partners.read())
    }

    /// A side as its column is headed: "Vendor", the partner's name, "Buyer (Fabrikam)".
    pub fn side_name(&self, side: Side, partner_id: Option<i64>) -> String {
        let buyer = self.buyer.get();
        self.partners.with(|all| {
            let partner = all.iter().find(|p| Some(p.id) == partner_id);
            owners::party_label(side, partner.map(|p| p.name.as_str()), &buyer)
        })
    }

    pub fn set_buyer(&self, name: String) {
        self.buyer.set(name);
    }

    /// Takes a saved target field (amount, currency or date) for the header.
    pub fn set_target(&self, field: Field, value: String) {
        let slot = match field {
            Field::TargetAmount => 0,
            Field::TargetCurrency => 1,
            _ => 2,
        };
        self.target.update(|target| target[slot] = value);
    }

    /// "480,000 EUR by 8 Feb 2027", once amount, currency and date are all set.
    pub fn target_text(&self) -> String {
        self.target.with(|[amount, currency, on]| {
            match (amount.parse::<i64>(), on.parse::<chrono::NaiveDate>()) {
                (Ok(amount), Ok(on)) if !currency.is_empty() => {
                    format!("{} by {}", format_money(amount, currency), format_date(on))
                }
                _ => "No target set".into(),
            }
        })
    }

    pub fn set_mode(&self, text: String) {
        if let Ok(mode) = text.parse() {
            self.mode.set(mode);
        }
    }

    pub fn rename_partner(&self, id: i64, name: String) {
        self.partners.update(|all| {
            if let Some(p) = all.iter_mut().find(|p| p.id == id) {
                p.name = name;
            }
        });
    }

    /// Keeps what the page shows of a person current after a save of one of their fields,
    /// wherever on the plan they are an owner.
    pub fn update_person(&self, person_id: i64, field: Field, value: &str) {
        self.people.update(|all| {
            for p in all.iter_mut().filter(|p| p.person_id == person_id) {
                let slot = match field {
                    Field::PersonFirstName => &mut p.first_name,
                    Field::PersonLastName => &mut p.last_name,
                    Field::PersonEmail => &mut p.email,
                    Field::PersonTitle => &mut p.title,
                    _ => return,
                };
                *slot = value.to_string();
            }
        });
    }

    /// Every person of the plan as an owner choice, after "No owner".
    pub fn owner_choices(&self) -> Signal<Vec<(String, String)>> {
        let people = self.people;
        Memo::new(move |_| {
            std::iter::once((String::new(), "No owner".to_string()))
                .chain(
                    people
                        .read()
                        .iter()
                        .map(|p| (p.id.to_string(), p.full_name())),
                )
                .collect()
        })
        .into()
    }

    /// The people of one side, for its escalation chain.
    pub fn side_people_choices(
        &self,
        side: Side,
        partner_id: Option<i64>,
    ) -> Signal<Vec<(String, String)>> {
        let people = self.people;
        Memo::new(move |_| {
            people
                .read()
                .iter()
                .filter(|p| p.side == side && p.partner_id == partner_id)
                .map(|p| (p.id.to_string(), p.full_name()))
                .collect()
        })
        .into()
    }

    /// The parties an economics line can be for: the vendor, every partner, the buyer.
    pub fn party_choices(&self) -> Signal<Vec<(String, String)>> {
        let shape = *self;
        Memo::new(move |_| {
            let mut all = vec![(Party::text(Side::Vendor, None), "Vendor".to_string())];
            all.extend(
                shape
                    .partners
                    .read()
                    .iter()
                    .map(|p| (Party::text(Side::Partner, Some(p.id)), p.name.clone())),
            );
            all.push((
                Party::text(Side::Buyer, None),
                shape.side_name(Side::Buyer, None),
            ));
            all
        })
        .into()
    }

    pub fn path(&self, side: Side, partner_id: Option<i64>) -> Option<EscalationPath> {
        self.paths
            .read()
            .iter()
            .find(|p| p.side == side && p.partner_id == partner_id)
            .cloned()
    }
}
