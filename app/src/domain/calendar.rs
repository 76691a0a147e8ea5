//! The cadence calendar's window and items (DESIGN.md, "Cadence calendar"): what both
//! sides share. The server fills the days (`cadence::calendar`); the page draws them.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// How much the calendar shows at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Span {
    Month,
    Week,
}

impl Span {
    pub fn as_str(self) -> &'static str {
        match self {
            Span::Month => "month",
            Span::Week => "week",
        }
    }

    /// The span a URL names; a month for anything else.
    pub fn from_query(text: Option<&str>) -> Span {
        match text {
            Some("week") => Span::Week,
            _ => Span::Month,
        }
    }
}

/// A span around a day: the month or the week (Monday to Sunday) that holds `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub span: Span,
    /// The day the window is around, and the one the month grid focuses first.
    pub day: NaiveDate,
}

/// The Monday on or before `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.week(Weekday::Mon).first_day()
}

impl Window {
    /// The first day the window shows: for a month, the Monday of its first week.
    pub fn first_day(self) -> NaiveDate {
        match self.span {
            Span::Month => week_start(self.day.with_day(1).unwrap_or(self.day)),
            Span::Week => week_start(self.day),
        }
    }

    /// The last day the window shows: for a month, the Sunday of its last week.
    pub fn last_day(self) -> NaiveDate {
        match self.span {
            Span::Month => {
                let next_month = self.month_after().with_day(1).unwrap_or(self.day);
                week_start(next_month - Days::new(1)) + Days::new(6)
            }
            Span::Week => week_start(self.day) + Days::new(6),
        }
    }

    /// Every day the window shows, in order: whole weeks.
    pub fn days(self) -> Vec<NaiveDate> {
        self.first_day()
            .iter_days()
            .take_while(|d| *d <= self.last_day())
            .collect()
    }

    fn month_after(self) -> NaiveDate {
        self.day
            .checked_add_months(Months::new(1))
            .unwrap_or(self.day)
    }

    /// The same span one step back or on (the same day of the month where it has one).
    pub fn previous(self) -> Window {
        let day = match self.span {
            Span::Month => self.day.checked_sub_months(Months::new(1)),
            Span::Week => self.day.checked_sub_days(Days::new(7)),
        };
        Window {
            day: day.unwrap_or(self.day),
            ..self
        }
    }

    pub fn next(self) -> Window {
        let day = match self.span {
            Span::Month => Some(self.month_after()),
            Span::Week => self.day.checked_add_days(Days::new(7)),
        };
        Window {
            day: day.unwrap_or(self.day),
            ..self
        }
    }

    /// Whether `day` belongs to the month shown (a month grid also shows its neighbours'
    /// days, to fill its weeks).
    pub fn in_month(self, day: NaiveDate) -> bool {
        day.year() == self.day.year() && day.month() == self.day.month()
    }

    /// "December 2026", or "Week of 30 Nov 2026".
    pub fn title(self) -> String {
        match self.span {
            Span::Month => self.day.format("%B %Y").to_string(),
            Span::Week => format!("Week of {}", self.first_day().format("%-d %b %Y")),
        }
    }

    /// The calendar page's address for this window.
    pub fn href(self, plan_id: i64) -> String {
        format!(
            "/plans/{plan_id}/calendar?view={}&day={}",
            self.span.as_str(),
            self.day
        )
    }
}

/// The page of one review: its log and what changed since the one before.
pub fn review_href(plan_id: i64, meeting_on: NaiveDate) -> String {
    format!("/plans/{plan_id}/reviews/{meeting_on}")
}

/// What a calendar item is, said in words on the page (never by colour alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemKind {
    Review,
    Milestone,
    ActionDue,
    /// The day an open action crosses its side's stall threshold.
    StallDay,
    Target,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Review => "Review",
            ItemKind::Milestone => "Milestone",
            ItemKind::ActionDue => "Action due",
            ItemKind::StallDay => "Stalls",
            ItemKind::Target => "Target date",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            ItemKind::Review => "item-review",
            ItemKind::Milestone => "item-milestone",
            ItemKind::ActionDue => "item-action",
            ItemKind::StallDay => "item-stall",
            ItemKind::Target => "item-target",
        }
    }
}

/// A state an item is in that needs attention or explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    Overdue,
    Stalled,
    Done,
    Moved,
    Skipped,
}

impl Mark {
    pub fn label(self) -> &'static str {
        match self {
            Mark::Overdue => "overdue",
            Mark::Stalled => "stalled",
            Mark::Done => "done",
            Mark::Moved => "moved",
            Mark::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub title: String,
    /// Where its detail is: the review, or the field in the editor.
    pub href: String,
    /// When a meeting starts, as an instant, and as the plan's clocks show it.
    pub start: Option<DateTime<Utc>>,
    pub local: Option<NaiveDateTime>,
    pub marks: Vec<Mark>,
}

impl Item {
    /// The item in one line of words: "Review 10:00 (moved)", "Milestone: Pilot live (overdue)".
    pub fn words(&self) -> String {
        let mut text = match self.local {
            Some(local) => format!("{} {}", self.kind.label(), local.format("%H:%M")),
            None => format!("{}: {}", self.kind.label(), self.title),
        };
        if !self.marks.is_empty() {
            let marks: Vec<&str> = self.marks.iter().map(|m| m.label()).collect();
            text.push_str(&format!(" ({})", marks.join(", ")));
        }
        text
    }

    pub fn needs_attention(&self) -> bool {
        self.marks
            .iter()
            .any(|m| matches!(m, Mark::Overdue | Mark::Stalled))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub items: Vec<Item>,
}

/// "Tuesday 1 December 2026, 2 items": a day as the grid announces it.
pub fn day_in_words(day: &CalendarDay) -> String {
    let count = match day.items.len() {
        0 => "no items".to_string(),
        1 => "1 item".to_string(),
        n => format!("{n} items"),
    };
    format!("{}, {count}", day.date.format("%A %-d %B %Y"))
}

/// One plan's calendar for one window, as the server fills it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCalendar {
    pub plan_id: i64,
    pub title: String,
    pub window: Window,
    /// Today in the plan's zone: what "overdue" is measured against.
    pub today: NaiveDate,
    /// The plan's IANA zone (empty without a cadence), shown beside the viewer's own.
    pub zone: String,
    /// The review series in words, or why there is none yet.
    pub series: String,
    /// Every day of the window, in order, each with its items.
    pub days: Vec<CalendarDay>,
}

/// Where a grid key moves the focused day, or `None` for a key the grid leaves alone.
pub fn day_after_key(day: NaiveDate, key: &str) -> Option<NaiveDate> {
    let week = Days::new(7);
    let month = Months::new(1);
    match key {
        "ArrowLeft" => day.checked_sub_days(Days::new(1)),
        "ArrowRight" => day.checked_add_days(Days::new(1)),
        "ArrowUp" => day.checked_sub_days(week),
        "ArrowDown" => day.checked_add_days(week),
        "PageUp" => day.checked_sub_months(month),
        "PageDown" => day.checked_add_months(month),
        "Home" => Some(week_start(day)),
        "End" => Some(week_start(day) + Days::new(6)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_month_is_whole_weeks_from_monday() {
        let december = Window {
            span: Span::Month,
            day: day(2026, 12, 17),
        };
        assert_eq!(december.first_day(), day(2026, 11, 30));
        assert_eq!(december.last_day(), day(2027, 1, 3));
        assert_eq!(december.days().len(), 35);
        assert!(december.in_month(day(2026, 12, 1)) && !december.in_month(day(2026, 11, 30)));
        assert_eq!(december.title(), "December 2026");
        // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
        let february = Window {
            span: Span::Month,
            day: day(2027, 2, 10),
        };
        assert_eq!(february.days().len(), 28);
    }

    #[test]
    fn previous_and_next_keep_the_day_where_the_month_has_it() {
        let january = Window {
            span: Span::Month,
            day: day(2027, 1, 31),
        };
        assert_eq!(january.next().day, day(2027, 2, 28));
        assert_eq!(january.previous().day, day(2026, 12, 31));
        let week = Window {
            span: Span::Week,
            day: day(2026, 12, 3),
        };
        assert_eq!(week.first_day(), day(2026, 11, 30));
        assert_eq!(week.days().len(), 7);
        assert_eq!(week.next().day, day(2026, 12, 10));
        assert_eq!(week.title(), "Week of 30 Nov 2026");
        assert_eq!(week.href(4), "/plans/4/calendar?view=week&day=2026-12-03");
    }

    #[test]
    fn grid_keys_move_a_day_a_week_a_month_or_to_the_week_ends() {
        let thursday = day(2026, 12, 3);
        assert_eq!(
            day_after_key(thursday, "ArrowRight"),
            Some(day(2026, 12, 4))
        );
        assert_eq!(day_after_key(thursday, "ArrowUp"), Some(day(2026, 11, 26)));
        assert_eq!(day_after_key(thursday, "PageDown"), Some(day(2027, 1, 3)));
        assert_eq!(day_after_key(thursday, "Home"), Some(day(2026, 11, 30)));
        assert_eq!(day_after_key(thursday, "End"), Some(day(2026, 12, 6)));
        assert_eq!(day_after_key(thursday, "a"), None);
    }

    #[test]
    fn items_and_days_in_words() {
        let review = Item {
            kind: ItemKind::Review,
            title: "Review".into(),
            href: "/plans/1/reviews/2026-12-01".into(),
            start: None,
            local: Some(day(2026, 12, 1).and_hms_opt(10, 0, 0).unwrap()),
            marks: vec![Mark::Moved],
        };
        assert_eq!(review.words(), "Review 10:00 (moved)");
        let milestone = Item {
            kind: ItemKind::Milestone,
            title: "Pilot live".into(),
            href: "/plans/1#milestone-2-due".into(),
            start: None,
            local: None,
            marks: vec![Mark::Overdue],
        };
        assert_eq!(milestone.words(), "Milestone: Pilot live (overdue)");
        assert!(milestone.needs_attention() && !review.needs_attention());
        let tuesday = CalendarDay {
            date: day(2026, 12, 1),
            items: vec![review, milestone],
        };
        assert_eq!(day_in_words(&tuesday), "Tuesday 1 December 2026, 2 items");
    }
}
