//! The rows of the plan's lists, and the buttons that add, move and remove them. Lists keep
//! their rows in a signal and render them keyed, so adding, moving or removing a row never
//! re-creates the others (and never drops what someone is typing in them).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::edit::SaveTracker;
use super::{add_row, move_row, remove_row};
use crate::domain::rows::{moved, AddedRow, List, Move, NewRow, Row};

/// Select options from a closed set, with an optional "none" first.
pub fn choices<T: Copy>(
    all: &[T],
    text: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    none: Option<&str>,
) -> Vec<(String, String)> {
    none.map(|n| (String::new(), n.to_string()))
        .into_iter()
        .chain(
            all.iter()
                .map(|v| (text(*v).to_string(), label(*v).to_string())),
        )
        .collect()
}

fn local_move<T: Row>(all: &mut [T], id: i64, direction: Move) {
    let Some(group) = all.iter().find(|r| r.id() == id).map(Row::group) else {
        return;
    };
    let slots: Vec<usize> = (0..all.len())
        .filter(|i| all[*i].group() == group)
        .collect();
    let order: Vec<i64> = slots.iter().map(|i| all[*i].id()).collect();
    if let Some(order) = moved(&order, id, direction) {
        let rows: HashMap<i64, T> = slots
            .iter()
            .map(|i| (all[*i].id(), all[*i].clone()))
            .collect();
        for (slot, id) in slots.iter().zip(order) {
            if let Some(row) = rows.get(&id) {
                all[*slot] = row.clone();
            }
        }
    }
}

/// Move up, move down and remove, for one row.
#[component]
pub fn RowButtons<T: Row>(
    plan_id: i64,
    list: List,
    id: i64,
    rows: RwSignal<Vec<T>>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let tracker = expect_context::<SaveTracker>();
    let shift = move |direction: Move| {
        spawn_local(async move {
            match move_row(plan_id, list, id, direction).await {
                Ok(()) => {
                    rows.update(|all| local_move(all, id, direction));
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let remove = move |_| {
        spawn_local(async move {
            match remove_row(plan_id, list, id).await {
                Ok(()) => {
                    rows.update(|all| all.retain(|r| r.id() != id));
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let noun = list.noun();
    view! {
        <div class="row-buttons">
            <button type="button" class="small" aria-label=format!("Move {noun} up") on:click=move |_| shift(Move::Up)>"↑"</button>
            <button type="button" class="small" aria-label=format!("Move {noun} down") on:click=move |_| shift(Move::Down)>"↓"</button>
            <button type="button" class="small quiet" aria-label=format!("Remove {noun}") on:click=remove>"Remove"</button>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// Adds a row with editable defaults at the end of its list.
#[component]
pub fn AddButton<T: Row>(
    new: NewRow,
    rows: RwSignal<Vec<T>>,
    /// The new row, if the answer is one of this list's.
    #[prop(into)]
    pick: Callback<AddedRow, Option<T>>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let tracker = expect_context::<SaveTracker>();
    let add = move |_| {
        let new = new.clone();
        spawn_local(async move {
            match add_row(new).await {
                Ok(row) => {
                    error.set(None);
                    if let Some(row) = pick.run(row) {
                        rows.update(|all| all.push(row));
                    }
                    tracker.changed();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    view! {
        <button type="button" class="add" on:click=add>{label}</button>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}
