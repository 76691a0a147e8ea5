//! Small pieces every feature's pages use.

use leptos::prelude::*;

use crate::error::AppError;

/// The message of a failed submission, announced to screen readers as it appears.
/// Field problems get a pointer here and their messages beside the fields.
#[component]
pub fn ErrorNote(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let text = match error {
                AppError::Invalid(_) => "Please correct the fields marked below.".to_string(),
                other => other.to_string(),
            };
            view! { <p class="error" role="alert">{text}</p> }
        })
    }
}

/// The server's message for one field, if it rejected that field.
#[component]
pub fn FieldMessage(
    #[prop(into)] error: Signal<Option<AppError>>,
    field: &'static str,
) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field_message(field))
            .map(|message| view! { <p class="field-error">{message}</p> })
    }
}

pub fn format_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

pub fn format_money(amount: i64, currency: &str) -> String {
    // Group thousands by hand: the number formatting crates would double the wasm size.
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{grouped} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(format_money(480_000, "EUR"), "480,000 EUR");
        assert_eq!(format_money(999, "USD"), "999 USD");
        assert_eq!(format_money(1_000, "USD"), "1,000 USD");
        assert_eq!(format_money(-12_345_678, "GBP"), "-12,345,678 GBP");
    }
}
