//! A partnership's terms on its page: one plain form (it works without JavaScript) with
//! the version it was opened at, so a save over someone else's is a visible conflict.
//! After a refused save without JavaScript, the page's address holds what was typed and
//! why (`SaveTerms`), and the form shows both.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::SaveTerms;
use crate::components::{raw_text_content, ErrorNote, FieldMessage};
use crate::domain::limits::{LONG_TEXT_MAX, SHORT_TEXT_MAX};
use crate::domain::terms::{refusal, SavedTerms, TermsForm, WEEKDAYS};
use crate::domain::{CreditKind, Frequency, Front};
use crate::error::Reference;
use crate::post_form::PostForm;

/// A select's options: "not set", then each value with its label.
fn options(values: Vec<(String, String)>, chosen: &str) -> impl IntoView {
    let chosen = chosen.to_string();
    view! {
        <option value="" selected=chosen.is_empty()>"Not set"</option>
        {values.into_iter().map(|(value, label)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        }).collect_view()}
    }
}

fn labelled<T: Copy>(
    all: &[T],
    text: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (text(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// The terms' form. `stored` holds the terms as stored, with their version and pipeline,
/// and follows a save made in place, so that what the page says of them elsewhere (the
/// pipeline) follows too.
#[component]
pub fn TermsSection(
    id: i64,
    stored: RwSignal<SavedTerms>,
    people: Vec<(i64, String)>,
) -> impl IntoView {
    // Back from a refused save without JavaScript: what was typed, and why it was refused.
    let (form, returned) = use_query_map().with_untracked(|q| match q.get("terms_error") {
        Some(kind) => {
            let typed = TermsForm::from_params(|name| q.get(name));
            let reference = Reference::from_address(&q.get("terms_reference").unwrap_or_default());
            let why = refusal(&kind, &typed).map(|error| error.with_reference(&reference));
            (typed, why)
        }
        None => (stored.with_untracked(|stored| stored.terms.form()), None),
    });
    let error = RwSignal::new(returned);
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // The next save must find the version this one made, which the answer names.
    let on_sent = Callback::new(move |()| saved.set(false));
    let on_saved = Callback::new(move |answer: crate::post_form::Answer| {
        if let Some(answered) = answer.value::<SavedTerms>() {
            stored.set(answered);
        }
        saved.set(true);
    });
    let people: Vec<(String, String)> = people
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    view! {
        <section class="part" aria-labelledby="partnership-terms">
            <h2 id="partnership-terms">"Terms"</h2>
            <p class="muted">"What this partnership's plans start from and are measured against."</p>
            <PostForm path=SaveTerms::PATH error pending class="stack terms" on_sent on_saved>
                <ErrorNote error/>
                {move || saved.get().then(|| view! { <p role="status">"Terms saved."</p> })}
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=move || stored.with(|stored| stored.version)/>
                <label for="terms-front">"Who fronts the customer"</label>
                <select id="terms-front" name="motion_front">{options(labelled(Front::ALL, Front::as_str, Front::label), &form.motion_front)}</select>
                <FieldMessage error field="motion_front"/>
                <label for="terms-motion">"How the two coordinate"</label>
                <textarea id="terms-motion" name="motion_text" rows="3" maxlength=LONG_TEXT_MAX>{raw_text_content(&form.motion_text).into_owned()}</textarea>
                <FieldMessage error field="motion_text"/>
                <label for="terms-credit">"Credit rule"</label>
                <select id="terms-credit" name="credit_kind">{options(labelled(CreditKind::ALL, CreditKind::as_str, CreditKind::label), &form.credit_kind)}</select>
                <FieldMessage error field="credit_kind"/>
                <label for="terms-credit-text">"Credit terms"</label>
                <textarea id="terms-credit-text" name="credit_text" rows="2" maxlength=LONG_TEXT_MAX>{raw_text_content(&form.credit_text).into_owned()}</textarea>
                <FieldMessage error field="credit_text"/>
                <label for="terms-vendor-owner">"Our accountable owner"</label>
                <select id="terms-vendor-owner" name="vendor_owner_id">{options(people.clone(), &form.vendor_owner_id)}</select>
                <FieldMessage error field="vendor_owner_id"/>
                <label for="terms-partner-owner">"The partner's accountable owner"</label>
                <select id="terms-partner-owner" name="partner_owner_id">{options(people, &form.partner_owner_id)}</select>
                <FieldMessage error field="partner_owner_id"/>
                <label for="terms-frequency">"Review frequency"</label>
                <select id="terms-frequency" name="cadence_frequency">{options(labelled(Frequency::ALL, Frequency::as_str, Frequency::label), &form.cadence_frequency)}</select>
                <FieldMessage error field="cadence_frequency"/>
                <label for="terms-weekday">"Review day"</label>
                <select id="terms-weekday" name="cadence_weekday">{options(WEEKDAYS.iter().map(|d| (d.to_string(), d.to_string())).collect(), &form.cadence_weekday)}</select>
                <FieldMessage error field="cadence_weekday"/>
                <label for="terms-amount">"Target amount"</label>
                <input id="terms-amount" name="target_amount" inputmode="numeric" maxlength="20" value=form.target_amount.clone()/>
                <FieldMessage error field="target_amount"/>
                <label for="terms-currency">"Target currency"</label>
                <input id="terms-currency" name="target_currency" maxlength="3" autocomplete="off" value=form.target_currency.clone()/>
                <FieldMessage error field="target_currency"/>
                <label for="terms-period">"Target period"</label>
                <input id="terms-period" name="target_period" maxlength=SHORT_TEXT_MAX placeholder="2027-Q1" aria-describedby="terms-period-hint" value=form.target_period.clone()/>
                <p id="terms-period-hint" class="muted">"A year, half, quarter or month: 2027, 2027-H1, 2027-Q1, 2027-03."</p>
                <FieldMessage error field="target_period"/>
                <button type="submit" disabled=move || pending.get()>"Save terms"</button>
            </PostForm>
        </section>
    }
}
