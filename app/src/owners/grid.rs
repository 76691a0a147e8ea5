//! The owners grid as the WAI-ARIA Authoring Practices "grid" pattern: one tab stop
//! (roving tabindex), arrows between cells, Home/End and Ctrl+Home/End to the ends, Enter
//! or F2 to edit a cell, Escape back to the cell. Without JavaScript it is a plain table
//! with every person and flag.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::cell::CellEditor;
use super::tools::{CustomRoles, GridTools};
use crate::domain::owners::{flags, role_rows, Cell, Flag, FlagKind, RoleRow};
use crate::domain::{Person, Side};
use crate::plan::shape::Shape;

/// The grid's state shared by its cells: which cell holds the tab stop, which is edited.
#[derive(Clone, Copy)]
pub(super) struct GridState {
    pub plan_id: i64,
    active: RwSignal<Option<Cell>>,
    pub editing: RwSignal<Option<Cell>>,
    rows: Memo<Vec<(RoleRow, String)>>,
    columns: Memo<Vec<(Side, Option<i64>)>>,
    pub flags: Memo<Vec<Flag>>,
    /// Whether the page's script runs: only then is the table a grid a person moves in
    /// and edits; without it, a plain table says so to a screen reader too.
    live: RwSignal<bool>,
}

impl GridState {
    fn cell_at(&self, row: usize, column: usize) -> Option<Cell> {
        let role = self.rows.with(|rows| rows.get(row).map(|r| r.0))?;
        let (side, partner_id) = self.columns.with(|columns| columns.get(column).copied())?;
        Some(Cell {
            side,
            partner_id,
            role,
        })
    }

    fn position(&self, cell: Cell) -> Option<(usize, usize)> {
        let row = self
            .rows
            .with(|rows| rows.iter().position(|r| r.0 == cell.role))?;
        let column = self.columns.with(|columns| {
            columns
                .iter()
                .position(|c| *c == (cell.side, cell.partner_id))
        })?;
        Some((row, column))
    }

    /// The cell holding the grid's one tab stop: the last one visited, or the first.
    fn tab_stop(&self) -> Option<Cell> {
        self.active
            .get()
            .filter(|cell| self.position(*cell).is_some())
            .or_else(|| self.cell_at(0, 0))
    }

    /// Moves the cursor to `cell` and the keyboard focus with it.
    pub fn go_to(&self, cell: Cell) {
        self.active.set(Some(cell));
        focus_element(&cell.element_id());
    }

    /// Stops editing and puts the focus back on the cell.
    pub fn leave_editing(&self, cell: Cell) {
        self.editing.set(None);
        self.go_to(cell);
    }
}

pub(super) fn focus_element(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Focuses a cell's "add a person" box once its editor is drawn: adding someone is what
/// a cell is most often opened for, and the people already in it are a Shift+Tab away.
fn focus_editor(cell: Cell) {
    request_animation_frame(move || focus_element(&adder_id(cell)));
}

/// The element id of a cell's "add a person" combobox.
pub(super) fn adder_id(cell: Cell) -> String {
    format!("{}-add", cell.element_id())
}

#[component]
pub fn OwnersGrid(plan_id: i64) -> impl IntoView {
    let shape = Shape::get();
    let rows = Memo::new(move |_| role_rows(&shape.roles.read()));
    let columns = Memo::new(move |_| shape.sides());
    let grid_flags = Memo::new(move |_| {
        flags(&columns.get(), &shape.people.read(), |side, partner_id| {
            shape.side_name(side, partner_id)
        })
    });
    let state = GridState {
        plan_id,
        active: RwSignal::new(None),
        editing: RwSignal::new(None),
        rows,
        columns,
        flags: grid_flags,
        live: RwSignal::new(false),
    };
    // Effects run in the browser only, once the page is hydrated.
    Effect::new(move |_| state.live.set(true));
    provide_context(state);

    view! {
        <div class="owners">
            <div class="grid-scroll">
                <table role=move || state.live.get().then_some("grid") class="owners-grid" aria-labelledby="owners-grid-title" aria-describedby="owners-grid-keys">
                    <caption id="owners-grid-title">"Owners by party and role"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="role-head" id="owners-col-role">"Role"</th>
                            <For each=move || columns.get() key=|c| *c children=move |(side, partner_id)| view! {
                                <th scope="col" id=column_id(side, partner_id)>{move || shape.side_name(side, partner_id)}</th>
                            }/>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.clone() children=move |(role, label)| view! {
                            <tr>
                                <th scope="row" id=row_id(role)>{label}</th>
                                <For each=move || columns.get() key=|c| *c children=move |(side, partner_id)| {
                                    view! { <GridCell cell=Cell { side, partner_id, role }/> }
                                }/>
                            </tr>
                        }/>
                    </tbody>
                </table>
            </div>
            <p id="owners-grid-keys" class="muted js-only">
                "Arrow keys move between cells, Home and End to a row's ends (with Ctrl, the grid's). "
                "Enter or F2 edits a cell, or double-click it; Escape goes back."
            </p>
            <FlagList/>
            <GridTools plan_id/>
            <CustomRoles plan_id/>
        </div>
    }
}

fn column_id(side: Side, partner_id: Option<i64>) -> String {
    match partner_id {
        Some(id) => format!("owners-col-partner-{id}"),
        None => format!("owners-col-{}", side.as_str()),
    }
}

fn row_id(role: RoleRow) -> String {
    format!("owners-row-{}", role.key())
}

/// One cell: its people, its flags, and its editor while edited.
#[component]
fn GridCell(cell: Cell) -> impl IntoView {
    let state = expect_context::<GridState>();
    let shape = Shape::get();
    let id = cell.element_id();
    let people = Memo::new(move |_| {
        shape
            .people
            .read()
            .iter()
            .filter(|p| Cell::of(p) == cell)
            .cloned()
            .collect::<Vec<Person>>()
    });
    // Each short text once: two people of a cell sharing others' emails is one line here
    // (the list below names both), and the keyed list needs distinct keys.
    let cell_flags = Memo::new(move |_| {
        state.flags.with(|all| {
            let mut shorts: Vec<&'static str> = Vec::new();
            for flag in all
                .iter()
                .filter(|f| f.cell == cell && f.kind != FlagKind::NoEmail)
            {
                if !shorts.contains(&flag.short()) {
                    shorts.push(flag.short());
                }
            }
            shorts
        })
    });
    let editing = move || state.editing.get() == Some(cell);
    let tabindex = move || {
        if state.tab_stop() == Some(cell) {
            "0"
        } else {
            "-1"
        }
    };

    let on_keydown = {
        let id = id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let from_cell = event_target::<leptos::web_sys::HtmlElement>(&ev).id() == id;
            if !from_cell {
                // Keys inside the editor are the controls' own, but Escape, which each
                // control has used to restore its value, leaves the editor.
                if ev.key() == "Escape" && !ev.default_prevented() {
                    ev.prevent_default();
                    state.leave_editing(cell);
                }
                return;
            }
            let Some((row, column)) = state.position(cell) else {
                return;
            };
            let last_row = state.rows.with(Vec::len).saturating_sub(1);
            let last_column = state.columns.with(Vec::len).saturating_sub(1);
            let ctrl = ev.ctrl_key() || ev.meta_key();
            let to = match ev.key().as_str() {
                "ArrowRight" => Some((row, (column + 1).min(last_column))),
                "ArrowLeft" => Some((row, column.saturating_sub(1))),
                "ArrowDown" => Some(((row + 1).min(last_row), column)),
                "ArrowUp" => Some((row.saturating_sub(1), column)),
                "Home" if ctrl => Some((0, 0)),
                "End" if ctrl => Some((last_row, last_column)),
                "Home" => Some((row, 0)),
                "End" => Some((row, last_column)),
                "PageDown" => Some(((row + 5).min(last_row), column)),
                "PageUp" => Some((row.saturating_sub(5), column)),
                "Enter" | "F2" => {
                    ev.prevent_default();
                    state.editing.set(Some(cell));
                    focus_editor(cell);
                    None
                }
                "Escape" => {
                    state.editing.set(None);
                    None
                }
                _ => None,
            };
            if let Some((row, column)) = to {
                ev.prevent_default();
                if let Some(next) = state.cell_at(row, column) {
                    if state.editing.get_untracked().is_some_and(|e| e != next) {
                        state.editing.set(None);
                    }
                    state.go_to(next);
                }
            }
        }
    };
    let on_focusin = {
        let id = id.clone();
        move |ev: leptos::ev::FocusEvent| {
            state.active.set(Some(cell));
            let from_cell = event_target::<leptos::web_sys::HtmlElement>(&ev).id() == id;
            if !from_cell {
                state.editing.set(Some(cell));
            }
        }
    };
    let on_dblclick = move |_| {
        if !editing() {
            state.editing.set(Some(cell));
            focus_editor(cell);
        }
    };
    let headers = format!(
        "{} {}",
        column_id(cell.side, cell.partner_id),
        row_id(cell.role)
    );

    view! {
        <td role=move || state.live.get().then_some("gridcell") id=id
            tabindex=move || state.live.get().then(tabindex) headers=headers class="owners-cell"
            class:editing=editing
            on:keydown=on_keydown on:focusin=on_focusin on:dblclick=on_dblclick>
            <ul class="cell-people">
                <For each=move || people.get() key=|p| (p.id, p.first_name.clone(), p.last_name.clone(), p.email.clone(), p.title.clone(), p.accountable)
                    children=|p: Person| view! {
                    <li>
                        <span class="person-name">{p.full_name()}</span>
                        {(!p.title.is_empty()).then(|| view! { <span class="person-title">{p.title.clone()}</span> })}
                        {p.accountable.then(|| view! { <span class="badge accountable">"★ Accountable"</span> })}
                        {p.email.trim().is_empty().then(|| view! { <span class="cell-flag">"⚠ Email missing"</span> })}
                    </li>
                }/>
            </ul>
            {move || people.with(Vec::is_empty).then(|| view! { <span class="visually-hidden">"Nobody"</span> })}
            <For each=move || cell_flags.get() key=|f| *f children=|f| view! {
                <p class="cell-flag">"⚠ " {f}</p>
            }/>
            <Show when=editing>
                <CellEditor cell people/>
            </Show>
        </td>
    }
}

/// Every flag of the grid, each a button that takes the cursor to its cell.
#[component]
fn FlagList() -> impl IntoView {
    let state = expect_context::<GridState>();
    view! {
        <div class="grid-flags" role="region" aria-labelledby="owners-flags-title">
            <h2 id="owners-flags-title">{move || match state.flags.with(Vec::len) {
                0 => "No flags: every side is staffed and reachable".to_string(),
                1 => "1 flag".to_string(),
                n => format!("{n} flags"),
            }}</h2>
            <ul>
                {move || state.flags.get().into_iter().map(|flag| {
                    let cell = flag.cell;
                    view! {
                        <li>
                            <span aria-hidden="true">"⚠ "</span>
                            <a href=format!("#{}", cell.element_id()) on:click=move |ev| {
                                ev.prevent_default();
                                state.go_to(cell);
                            }>{flag.message}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Removes an owner from the plan (the person stays in the directory).
pub(super) fn remove_owner(plan_id: i64, owner: i64, error: RwSignal<Option<String>>) {
    let shape = Shape::get();
    let tracker = expect_context::<crate::plan::edit::SaveTracker>();
    spawn_local(async move {
        match crate::plan::remove_row(plan_id, crate::domain::rows::List::People, owner).await {
            Ok(()) => {
                error.set(None);
                shape.people.update(|all| all.retain(|p| p.id != owner));
                tracker.changed();
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    });
}
