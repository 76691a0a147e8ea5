//! Fields that edit in place and save themselves: after a pause in typing or on leaving
//! the field, with a visible state, and a conflict to resolve when someone else changed
//! the same field first.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;

use super::save_field;
use crate::components::{option_tags, raw_text_content};
use crate::domain::edit::{field_id, Field, FieldEdit, Kind, SaveOutcome};
use crate::error::AppError;

/// Typing pauses this long before a save.
const SAVE_AFTER: Duration = Duration::from_millis(800);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// Typed but not yet saved, or being saved.
    Pending,
    Saved,
    /// The server refused the value; it stays in the field with the reason.
    Rejected(String),
    /// The save did not get through (network, server): retry.
    Failed(String),
    /// Someone else changed the field first; it holds theirs.
    Conflict(String),
}

/// A field on the page: which one, and of which row (none for the plan's own fields). A
/// copy, not a string: every field's closures hold one.
type FieldKey = (Field, Option<i64>);

/// The page-wide save state: every field reports here, the header shows the sum.
#[derive(Clone, Copy)]
pub struct SaveTracker {
    statuses: RwSignal<HashMap<FieldKey, Status>>,
    retry: RwSignal<u32>,
    saved: RwSignal<u32>,
}

impl SaveTracker {
    pub fn provide() -> SaveTracker {
        let tracker = SaveTracker {
            statuses: RwSignal::new(HashMap::new()),
            retry: RwSignal::new(0),
            saved: RwSignal::new(0),
        };
        provide_context(tracker);
        // Warn before the tab closes on anything not saved. Effects run only in the browser.
        Effect::new(move |_| {
            let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
                if tracker.unsaved() {
                    ev.prevent_default();
                }
            });
            on_cleanup(move || handle.remove());
        });
        tracker
    }

    /// Counts the changes that went through: what the health and history panels follow.
    pub fn saves(&self) -> u32 {
        self.saved.get()
    }

    /// A row was added, moved or removed: the plan changed as surely as by a field save.
    pub fn changed(&self) {
        self.saved.update(|n| *n += 1);
    }

    fn report(&self, key: FieldKey, status: Status) {
        if status == Status::Saved {
            self.changed();
        }
        self.statuses.update(|all| {
            all.insert(key, status);
        });
    }

    /// A field that left the page: saved, or no longer anyone's to fix (the value it
    /// could not save is gone with it; what is stored is unchanged).
    fn settle(&self, key: FieldKey, saved: bool) {
        if saved {
            self.report(key, Status::Saved);
        } else {
            self.statuses.update(|all| {
                all.remove(&key);
            });
        }
    }

    fn unsaved(&self) -> bool {
        self.statuses
            .with_untracked(|all| all.values().any(|s| *s != Status::Saved))
    }
}

/// What `fetch` answers, asked once the page runs in the browser and again after every
/// change of the plan; the newest answer wins over a slower older one, and an answer
/// equal to the last changes nothing (so what is drawn from it, and typed into it, stays).
/// `None` until the first answer: the server's page and the browser's first picture agree
/// on that (a resource here can fail to hydrate; see the history panel).
pub fn after_each_change<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> RwSignal<Option<T>>
where
    T: PartialEq + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + 'static,
{
    let tracker = use_context::<SaveTracker>();
    let answer = RwSignal::new(None::<T>);
    let latest = StoredValue::new(0u32);
    Effect::new(move |_| {
        tracker.map(|t| t.saves());
        let round = latest.get_value() + 1;
        latest.set_value(round);
        let pending = fetch();
        // Dropped with the page (or the next round): a page left while this was on its way
        // has nothing left to update.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let result = pending.await;
            let changed = answer.with_untracked(|last| last.as_ref() != Some(&result));
            if latest.get_value() == round && changed {
                answer.set(Some(result));
            }
        });
    });
    answer
}

/// "Saving…", "Saved", "Not saved — retry" or the conflict, for the whole page.
#[component]
pub fn SaveState() -> impl IntoView {
    let tracker = expect_context::<SaveTracker>();
    let summary = move || {
        tracker.statuses.with(|all| {
            if all.values().any(|s| matches!(s, Status::Conflict(_))) {
                (
                    "conflict",
                    "Conflict: someone else changed a field you edited",
                )
            } else if all.values().any(|s| matches!(s, Status::Failed(_))) {
                ("failed", "Not saved")
            } else if all.values().any(|s| matches!(s, Status::Rejected(_))) {
                ("failed", "Not saved: check the marked field")
            } else if all.values().any(|s| *s == Status::Pending) {
                ("saving", "Saving…")
            } else if all.is_empty() {
                ("idle", "All changes saved")
            } else {
                ("saved", "Saved")
            }
        })
    };
    let failed = move || {
        summary().0 == "failed"
            && tracker
                .statuses
                .with(|all| all.values().any(|s| matches!(s, Status::Failed(_))))
    };
    view! {
        <p class=move || format!("save-state save-{}", summary().0) role="status" aria-live="polite">
            {move || summary().1}
            <Show when=failed>
                " " <button type="button" class="link" on:click=move |_| tracker.retry.update(|n| *n += 1)>"Retry"</button>
            </Show>
        </p>
    }
}

/// How a field is typed in.
#[derive(Clone)]
pub enum Input {
    Text {
        max: usize,
    },
    LongText {
        max: usize,
    },
    Date,
    /// One of (value, label) options, which may change while the page is open (owners).
    Select(Signal<Vec<(String, String)>>),
}

impl Input {
    /// A select whose options never change: made once for a list's rows, each row's field
    /// a copy of it (a plan page's selects then share a few lists instead of a copy each).
    pub fn choice(options: Vec<(String, String)>) -> Input {
        Input::Select(Signal::stored(options))
    }
}

/// One field of a plan, edited in place. `initial` is the stored value in its canonical
/// form (see `domain::edit::Value::canonical`).
#[component]
pub fn EditableField(
    plan_id: i64,
    field: Field,
    #[prop(optional)] row: Option<i64>,
    initial: String,
    /// Every label is the app's own text: no copy per field.
    label: &'static str,
    input: Input,
    #[prop(optional)] id: Option<String>,
    /// Told the stored value after each save, for parts of the page that show it elsewhere.
    #[prop(optional)]
    on_saved: Option<Callback<String>>,
) -> impl IntoView {
    let tracker = expect_context::<SaveTracker>();
    let key: FieldKey = (field, row);
    let id = id.unwrap_or_else(|| field_id(field, row));
    let saved = move |stored: String| {
        if let Some(on_saved) = on_saved {
            on_saved.run(stored);
        }
    };
    let value = RwSignal::new(initial.clone());
    let base = RwSignal::new(initial.clone());
    let status = RwSignal::new(None::<Status>);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let set_status = move |s: Status| {
        tracker.report(key, s.clone());
        status.set(Some(s));
    };

    let save = move || {
        // A timer may outlive its field (a closed grid cell): nothing left to save.
        if base.is_disposed() {
            return;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        let sent = value.get_untracked();
        let expected = base.get_untracked();
        if sent == expected && !matches!(status.get_untracked(), Some(Status::Failed(_))) {
            if status.get_untracked() == Some(Status::Pending) {
                set_status(Status::Saved);
            }
            return;
        }
        set_status(Status::Pending);
        leptos::task::spawn_local(async move {
            let edit = FieldEdit {
                plan_id,
                field,
                row,
                expected,
                value: sent.clone(),
            };
            let outcome = save_field(edit).await;
            if base.is_disposed() {
                // The field left the page while it saved (an owners grid cell was
                // closed): nothing of it is left to update, but the page's save state
                // hears how it went.
                let done = matches!(outcome, Ok(SaveOutcome::Saved { .. }));
                tracker.settle(key, done);
                return;
            }
            match outcome {
                Ok(SaveOutcome::Saved { value: stored }) => {
                    saved(stored.clone());
                    base.set(stored.clone());
                    // Show the stored form (trimmed) unless the person typed on meanwhile.
                    if value.get_untracked() == sent {
                        value.set(stored);
                        set_status(Status::Saved);
                    }
                }
                Ok(SaveOutcome::Conflict { theirs }) => set_status(Status::Conflict(theirs)),
                Err(error) => match error.cause() {
                    AppError::Invalid(invalid) => {
                        set_status(Status::Rejected(format!("{invalid}{}", error.reference())))
                    }
                    _ => set_status(Status::Failed(error.to_string())),
                },
            }
        });
    };

    // "Retry" in the page's save state re-sends every field whose save failed.
    Effect::new(move |previous: Option<u32>| {
        let round = tracker.retry.get();
        if previous.is_some() && matches!(status.get_untracked(), Some(Status::Failed(_))) {
            save();
        }
        round
    });

    let on_input = move |ev: leptos::ev::Event| {
        value.set(event_target_value(&ev));
        set_status(Status::Pending);
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(save, SAVE_AFTER).ok());
    };
    let on_leave = move |_: leptos::ev::Event| save();
    // Escape takes back what was typed and not yet saved (a saved value is history, and
    // stays). The key goes on to the page: the owners grid leaves the cell on it.
    let on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() != "Escape" || value.get_untracked() == base.get_untracked() {
            return;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        value.set(base.get_untracked());
        // The field holds what is stored again; a conflict still waits for a choice.
        if !matches!(status.get_untracked(), Some(Status::Conflict(_))) {
            set_status(Status::Saved);
        }
    };

    let keep_mine = move |_| {
        if let Some(Status::Conflict(theirs)) = status.get_untracked() {
            base.set(theirs);
            save();
        }
    };
    let take_theirs = move |_| {
        if let Some(Status::Conflict(theirs)) = status.get_untracked() {
            saved(theirs.clone());
            base.set(theirs.clone());
            value.set(theirs);
            set_status(Status::Saved);
        }
    };

    // What print shows instead of the control: the value as text, a choice by its label.
    let printed = {
        let options = match &input {
            Input::Select(options) => Some(*options),
            _ => None,
        };
        move || {
            let current = value.get();
            match &options {
                Some(options) => options.with(|all| {
                    all.iter()
                        .find(|(v, _)| *v == current)
                        .map(|(_, label)| label.clone())
                        .unwrap_or(current)
                }),
                None => current,
            }
        }
    };
    let message_id = format!("{id}-message");
    let describedby = message_id.clone();
    let invalid = move || {
        matches!(
            status.get(),
            Some(Status::Rejected(_) | Status::Conflict(_))
        )
    };
    let control = match input {
        Input::Text { max } => view! {
            <input id=id.clone() type="text" maxlength=max value=initial.clone() prop:value=move || value.get()
                aria-invalid=move || invalid().to_string() aria-describedby=describedby.clone()
                on:input=on_input on:change=on_leave on:keydown=on_escape/>
        }
        .into_any(),
        Input::LongText { max } => view! {
            <textarea id=id.clone() maxlength=max rows="2" prop:value=move || value.get()
                aria-invalid=move || invalid().to_string() aria-describedby=describedby.clone()
                on:input=on_input on:change=on_leave>{raw_text_content(&initial).into_owned()}</textarea>
        }
        .into_any(),
        Input::Date => view! {
            <input id=id.clone() type="date" value=initial.clone() prop:value=move || value.get()
                aria-invalid=move || invalid().to_string() aria-describedby=describedby.clone()
                on:input=on_input on:change=on_leave/>
        }
        .into_any(),
        Input::Select(options) => {
            // An owner removed from the plan is what the store has unset too (owner set
            // to none): follow it, so the next change is not a conflict.
            let owner = matches!(field.kind(), Kind::Person { required: false });
            Effect::new(move |_| {
                let current = value.get_untracked();
                let gone = owner && !options.with(|all| all.iter().any(|(v, _)| *v == current));
                if gone && current == base.get_untracked() {
                    value.set(String::new());
                    base.set(String::new());
                }
            });
            view! {
                <select id=id.clone() prop:value=move || value.get() aria-describedby=describedby.clone()
                    on:change=move |ev: leptos::ev::Event| { on_input(ev.clone()); on_leave(ev); }
                    inner_html=move || options.with(|all| option_tags(all, &value.get_untracked()))>
                </select>
            }
            .into_any()
        }
    };

    view! {
        <div class="field" class:field-conflict=move || matches!(status.get(), Some(Status::Conflict(_)))>
            <label for=id>{label}</label>
            {control}
            <span class="print-value" aria-hidden="true">{printed}</span>
            <div id=message_id class="field-status">
                {move || match status.get() {
                    Some(Status::Rejected(message)) => view! { <p class="field-error">{message}</p> }.into_any(),
                    Some(Status::Failed(message)) => view! { <p class="field-error">"Not saved: " {message}</p> }.into_any(),
                    Some(Status::Conflict(theirs)) => view! {
                        <div class="conflict" role="alert">
                            <p>"Someone else changed this to " <q>{theirs}</q> ". Yours is " <q>{value.get()}</q> "."</p>
                            <button type="button" on:click=keep_mine>"Keep mine"</button>
                            " "
                            <button type="button" on:click=take_theirs>"Use theirs"</button>
                        </div>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
        </div>
    }
}
