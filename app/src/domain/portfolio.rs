//! The portfolio (`/plans`, DESIGN.md "Partnerships and the portfolio"): the query a URL
//! holds, what a plan's row shows, and how urgent a plan is. Pure, so the page builds its
//! links in the browser exactly as the server rendered them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::health::{Concern, Finding, Severity};
use super::plan::text_enum;
use super::PlanStatus;

/// Rows per page: a weekly review's screenful.
pub const PAGE_SIZE: usize = 25;
/// Reviews the agenda lists at most; the calendar has the rest.
pub const AGENDA_MAX: usize = 12;
/// Stalled and overdue items kept per plan for the agenda.
pub const NOTES_MAX: usize = 5;

text_enum!(
    /// How the rows are ordered.
    Sort {
        Attention => "attention", "Needs attention first";
        Updated => "updated", "Recently updated";
        Title => "title", "Title";
        Review => "review", "Next review";
    }
);

text_enum!(
    /// The health a filter asks for; a plan can be in several (stalled and overdue).
    HealthFilter {
        Blocked => "blocked", "Blocked";
        Unhealthy => "unhealthy", "Any finding";
        Stalled => "stalled", "Stalled";
        Overdue => "overdue", "Overdue";
        Healthy => "healthy", "Healthy";
    }
);

/// Where a page starts or ends: the sort key of a row and its id, which breaks ties.
/// The key's meaning follows the sort (an urgency, a moment, a title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: String,
    pub id: i64,
}

impl Cursor {
    fn to_param(&self) -> String {
        format!("{}~{}", self.id, self.key)
    }

    fn parse(text: &str) -> Option<Cursor> {
        let (id, key) = text.split_once('~')?;
        Some(Cursor {
            id: id.parse().ok()?,
            key: key.chars().take(super::limits::TITLE_MAX + 8).collect(),
        })
    }
}

/// What a portfolio URL asks for. Anything it cannot read is left out, so an old or
/// mistyped link still opens the portfolio.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioQuery {
    pub partnership: Option<i64>,
    pub owner: Option<i64>,
    pub status: Option<PlanStatus>,
    pub health: Option<HealthFilter>,
    pub sort: Option<Sort>,
    /// The rows after this one (the next page) ...
    pub after: Option<Cursor>,
    /// ... or before it (the previous page).
    pub before: Option<Cursor>,
}

impl PortfolioQuery {
    /// Reads the URL's parameters, as `param` gives them by name.
    pub fn from_params(param: impl Fn(&str) -> Option<String>) -> PortfolioQuery {
        let number = |name: &str| param(name).and_then(|v| v.parse::<i64>().ok());
        let parsed = |name: &str| param(name).filter(|v| !v.is_empty());
        PortfolioQuery {
            partnership: number("partnership"),
            owner: number("owner"),
            status: parsed("status").and_then(|v| v.parse().ok()),
            health: parsed("health").and_then(|v| v.parse().ok()),
            sort: parsed("sort").and_then(|v| v.parse().ok()),
            after: parsed("after").and_then(|v| Cursor::parse(&v)),
            before: parsed("before").and_then(|v| Cursor::parse(&v)),
        }
    }

    pub fn sort(&self) -> Sort {
        self.sort.unwrap_or(Sort::Attention)
    }

    /// The same filters and sort from the first page on.
    pub fn first_page(&self) -> PortfolioQuery {
        PortfolioQuery {
            after: None,
            before: None,
            ..self.clone()
        }
    }

    /// The address of this query: what a link, a reload or a bookmark keeps.
    pub fn href(&self) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        let mut pair = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                url.append_pair(name, &value);
            }
        };
        pair("partnership", self.partnership.map(|v| v.to_string()));
        pair("owner", self.owner.map(|v| v.to_string()));
        pair("status", self.status.map(|v| v.as_str().into()));
        pair("health", self.health.map(|v| v.as_str().into()));
        pair("sort", self.sort.map(|v| v.as_str().into()));
        pair("after", self.after.as_ref().map(Cursor::to_param));
        pair("before", self.before.as_ref().map(Cursor::to_param));
        let query = url.finish();
        if query.is_empty() {
            "/plans".into()
        } else {
            format!("/plans?{query}")
        }
    }

    pub fn is_filtered(&self) -> bool {
        self.partnership.is_some()
            || self.owner.is_some()
            || self.status.is_some()
            || self.health.is_some()
    }
}

/// What a plan's row shows, kept by the store so the list never reads whole plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioRow {
    pub id: i64,
    pub title: String,
    pub buyer_account: String,
    pub partners: Vec<String>,
    pub status: PlanStatus,
    /// The vendor's accountable owner, by name.
    pub owner: Option<String>,
    pub health: Health,
    pub next_review: Option<NextReview>,
    pub updated_at: DateTime<Utc>,
}

/// A plan's next review meeting: when, and as the clocks of its zone show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextReview {
    pub at: DateTime<Utc>,
    pub local: NaiveDateTime,
    pub zone: String,
    /// The date the series gives it: its review log's address.
    pub occurs_on: NaiveDate,
}

/// A plan's health as the list shows it: how many checks fail, the worst, and how many
/// items are stalled or overdue, with what they say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub findings: i64,
    pub worst: Option<Severity>,
    pub stalled: i64,
    pub overdue: i64,
    /// The stalled and overdue items' messages, at most `NOTES_MAX`.
    pub notes: Vec<String>,
}

impl Health {
    pub fn of(findings: &[Finding]) -> Health {
        let count = |concern| findings.iter().filter(|f| f.concern == concern).count() as i64;
        Health {
            findings: findings.len() as i64,
            worst: findings.iter().map(|f| f.severity).min(),
            stalled: count(Concern::Stalled),
            overdue: count(Concern::Overdue),
            notes: findings
                .iter()
                .filter(|f| f.concern != Concern::Other)
                .take(NOTES_MAX)
                .map(|f| f.message.clone())
                .collect(),
        }
    }

    /// The default order's key, larger first: the worst severity, then how many items
    /// are late, then how many checks fail.
    pub fn urgency(&self) -> i64 {
        let worst = match self.worst {
            Some(Severity::Blocker) => 3,
            Some(Severity::Major) => 2,
            Some(Severity::Minor) => 1,
            None => 0,
        };
        worst * 1_000_000 + (self.stalled + self.overdue).min(999) * 1_000 + self.findings.min(999)
    }

    /// The health filters this plan passes, as the counts tally them.
    pub fn filters(&self) -> Vec<HealthFilter> {
        let mut passed = Vec::new();
        if self.worst == Some(Severity::Blocker) {
            passed.push(HealthFilter::Blocked);
        }
        if self.findings > 0 {
            passed.push(HealthFilter::Unhealthy);
        } else {
            passed.push(HealthFilter::Healthy);
        }
        if self.stalled > 0 {
            passed.push(HealthFilter::Stalled);
        }
        if self.overdue > 0 {
            passed.push(HealthFilter::Overdue);
        }
        passed
    }

    /// In words, never by colour alone.
    pub fn describe(&self) -> String {
        let mut parts = vec![match self.findings {
            0 => "No findings".to_string(),
            1 => "1 finding".to_string(),
            n => format!("{n} findings"),
        }];
        if self.stalled > 0 {
            parts.push(format!("{} stalled", self.stalled));
        }
        if self.overdue > 0 {
            parts.push(format!("{} overdue", self.overdue));
        }
        parts.join(", ")
    }
}

/// How many of the organisation's plans each filter value holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub plans: i64,
    pub status: Vec<(PlanStatus, i64)>,
    pub health: Vec<(HealthFilter, i64)>,
    /// Partnerships by name, with their ids.
    pub partnerships: Vec<(i64, String, i64)>,
    /// Vendor owners by name, with their directory ids.
    pub owners: Vec<(i64, String, i64)>,
}

/// A review due this week, with what its plan has stalled or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub plan_id: i64,
    pub title: String,
    pub review: NextReview,
    pub notes: Vec<String>,
}

/// One page of the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioPage {
    pub query: PortfolioQuery,
    pub rows: Vec<PortfolioRow>,
    /// The queries of the previous and next pages, where there are such pages.
    pub previous: Option<PortfolioQuery>,
    pub next: Option<PortfolioQuery>,
    pub counts: Counts,
    pub agenda: Vec<AgendaItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, concern: Concern) -> Finding {
        Finding {
            severity,
            message: format!("{severity:?} {concern:?}"),
            target: String::new(),
            concern,
        }
    }

    #[test]
    fn a_query_survives_its_own_address() {
        let query = PortfolioQuery {
            partnership: Some(4),
            owner: Some(9),
            status: Some(PlanStatus::Active),
            health: Some(HealthFilter::Stalled),
            sort: Some(Sort::Title),
            after: Some(Cursor {
                key: "acme & co ~ 50%".into(),
                id: 12,
            }),
            before: None,
        };
        let href = query.href();
        let (_, params) = href.split_once('?').unwrap();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(params.as_bytes())
            .into_owned()
            .collect();
        let read = PortfolioQuery::from_params(|name| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(read, query);
        assert_eq!(PortfolioQuery::default().href(), "/plans");
    }

    #[test]
    fn what_a_url_cannot_say_is_left_out() {
        let read = PortfolioQuery::from_params(|name| {
            Some(match name {
                "status" => "bogus".into(),
                "partnership" => "x".into(),
                "after" => "no-tilde".into(),
                _ => String::new(),
            })
        });
        assert_eq!(read, PortfolioQuery::default());
    }

    #[test]
    fn blockers_come_before_late_items_and_late_items_before_other_findings() {
        let blocked = Health::of(&[finding(Severity::Blocker, Concern::Other)]);
        let late = Health::of(&[
            finding(Severity::Major, Concern::Stalled),
            finding(Severity::Major, Concern::Overdue),
        ]);
        let busy = Health::of(&[
            finding(Severity::Major, Concern::Other),
            finding(Severity::Major, Concern::Other),
            finding(Severity::Major, Concern::Other),
        ]);
        let healthy = Health::of(&[]);
        assert!(blocked.urgency() > late.urgency());
        assert!(late.urgency() > busy.urgency());
        assert!(busy.urgency() > healthy.urgency());
        assert_eq!(late.describe(), "2 findings, 1 stalled, 1 overdue");
        assert_eq!(late.notes.len(), 2);
        assert_eq!(
            late.filters(),
            [
                HealthFilter::Unhealthy,
                HealthFilter::Stalled,
                HealthFilter::Overdue
            ]
        );
        assert_eq!(healthy.filters(), [HealthFilter::Healthy]);
        assert_eq!(blocked.filters()[0], HealthFilter::Blocked);
    }
}
