//! The owners grid as CSV (the `csv` crate quotes what needs quoting): a header row, then
//! one line per owner with their party and role named.

use crate::domain::owners::{party_name, RoleRow};
use crate::domain::PlanDetail;

pub const HEADER: [&str; 7] = [
    "Party",
    "Role",
    "First name",
    "Last name",
    "Email",
    "Job title",
    "Accountable owner",
];

/// The grid's owners, party by party in the grid's order.
pub fn grid(plan: &PlanDetail) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER)?;
    for (side, partner_id) in plan.sides() {
        let party = party_name(plan, side, partner_id);
        for person in plan
            .people
            .iter()
            .filter(|p| p.side == side && p.partner_id == partner_id)
        {
            let role = match person.role {
                RoleRow::Standard(role) => role.label().to_string(),
                RoleRow::Custom(id) => plan
                    .roles
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| r.label.clone())
                    .unwrap_or_default(),
            };
            let accountable = if person.accountable { "yes" } else { "no" };
            out.write_record(
                [
                    party.as_str(),
                    &role,
                    &person.first_name,
                    &person.last_name,
                    &person.email,
                    &person.title,
                    accountable,
                ]
                .map(inert),
            )?;
        }
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) is kept as text by a leading apostrophe, as OWASP advises for CSV
/// exports of user text.
fn inert(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample;

    #[test]
    fn one_line_per_owner_with_party_and_role_named() {
        let mut plan = sample::one_page_plan(chrono::Utc::now());
        plan.people[0].title = "Lead, \"Enterprise\"".into();
        plan.people[1].last_name = "=HYPERLINK(\"http://evil.test\")".into();
        let text = String::from_utf8(grid(&plan).unwrap()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap(), HEADER.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), plan.people.len());
        assert_eq!(
            &rows[0],
            &csv::StringRecord::from(vec![
                "Vendor",
                "Account executive",
                "Alex",
                "Rivera",
                "ae@northwind.test",
                "Lead, \"Enterprise\"",
                "yes"
            ])
        );
        assert_eq!(&rows[1][3], "'=HYPERLINK(\"http://evil.test\")");
        assert!(rows
            .iter()
            .any(|r| &r[1] == "Solutions engineer" && &r[0] == "Vendor"));
        assert!(rows
            .iter()
            .any(|r| &r[1] == "Procurement" && &r[0] == "Buyer (Fabrikam Inc.)"));
    }
}
