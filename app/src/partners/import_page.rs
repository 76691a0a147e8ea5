//! The overlap import's pages: the upload form (`/partners/:id/import`, a plain multipart
//! form) and an upload's page (`/partners/:id/import/:upload`): the columns, which the
//! user may map again (a GET form: the mapping lives in the address), the preview with
//! every rejected row's line and reason, the confirmation, then the import's progress.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{overlap_upload, partnership, ConfirmImport};
use crate::components::{ErrorNote, PageTitle};
use crate::domain::import::*;
use crate::domain::overlap::{Column, Mapping, Preview, FILE_MAX_BYTES, ROWS_MAX};
use crate::error::AppError;
use crate::post_form::{returned_error, PostForm};

/// The confirmation's post: its refusal, whether it is on its way, and how many went
/// through (each makes the page ask for the upload's state again).
#[derive(Clone, Copy)]
struct Confirm {
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
    done: RwSignal<u32>,
}

fn param(name: &'static str) -> impl Fn() -> Option<i64> + Copy + Send + Sync {
    let params = use_params_map();
    move || params.read().get(name).and_then(|v| v.parse().ok())
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let id = param("id");
    let detail = crate::page_data::page_data(id, |id| async move {
        match id {
            Some(id) => partnership(id).await,
            None => Err(AppError::NotFound.here()),
        }
    });
    view! {
        <PageTitle text="Import overlap accounts"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let p = detail.partnership;
                        view! {
                            <p class="crumbs"><a href="/partners">"Partners"</a> " › "
                                <a href=format!("/partners/{}", p.id)>{p.name.clone()}</a></p>
                            <h1>"Import overlap accounts"</h1>
                            <form method="post" action=format!("/partners/{}/uploads", p.id)
                                enctype="multipart/form-data" class="card stack">
                                <label for="overlap-file">"Overlap CSV file"</label>
                                <input id="overlap-file" type="file" name="file" accept=".csv,text/csv" required
                                    aria-describedby="overlap-file-hint"/>
                                <p id="overlap-file-hint" class="muted">
                                    "The overlap export of your account-mapping tool, as UTF-8 CSV: up to "
                                    {FILE_MAX_BYTES / (1024 * 1024)} " MB and " {ROWS_MAX} " rows. "
                                    "You will see what it would change before anything is imported."
                                </p>
                                <button type="submit">"Upload and preview"</button>
                            </form>
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let id = param("id");
    let upload = param("upload");
    let query = use_query_map();
    let mapping = move || query.with(|q| mapping_from_params(|name| q.get(name)));
    let confirm = Confirm {
        error: RwSignal::new(returned_error(ConfirmImport::PATH)),
        pending: RwSignal::new(false),
        done: RwSignal::new(0),
    };
    // Counts up while an import runs, so the page asks again (with JavaScript; without,
    // the page refreshes itself).
    let tick = RwSignal::new(0u32);
    let view_data = crate::page_data::page_data(
        move || (id(), upload(), mapping(), confirm.done.get(), tick.get()),
        |(id, upload, mapping, _, _)| async move {
            match (id, upload) {
                (Some(id), Some(upload)) => overlap_upload(id, upload, mapping).await,
                _ => Err(AppError::NotFound.here()),
            }
        },
    );
    Effect::new(move || {
        if let Some(Ok(ImportView {
            state: ImportState::Importing { .. },
            ..
        })) = view_data.get()
        {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_secs(1),
            );
        }
    });
    view! {
        <PageTitle text="Overlap import"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(view) => view! { <Upload view confirm/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Upload(view: ImportView, confirm: Confirm) -> impl IntoView {
    let back = format!("/partners/{}", view.partnership_id);
    let again = format!("/partners/{}/import", view.partnership_id);
    let crumbs = view! {
        <p class="crumbs"><a href="/partners">"Partners"</a> " › "
            <a href=back.clone()>{view.partnership.clone()}</a></p>
    };
    let body = match view.state.clone() {
        ImportState::Uploaded => view! { <Check view confirm/> }.into_any(),
        ImportState::Importing { done, total } => view! {
            // Without JavaScript the page reloads itself; with it, the page asks again
            // (ImportPreviewPage), and a refresh scheduled in the head would outlive the
            // import and reload whatever page came next.
            <noscript inner_html=r#"<meta http-equiv="refresh" content="2">"#></noscript>
            <h1>"Importing " {view.file_name.clone()}</h1>
            <progress max=total.max(1) value=done aria-label="Import progress"></progress>
            <p role="status">{format!("{done} of {total} accounts written.")}</p>
            <p class="muted">"You can leave this page: the import goes on."</p>
        }
        .into_any(),
        ImportState::Imported { new, updated, unchanged } => view! {
            <h1>"Imported " {view.file_name.clone()}</h1>
            <p role="status">{format!("Imported: {new} new, {updated} updated and {unchanged} unchanged accounts.")}</p>
            <p><a href=back.clone()>{format!("See {}'s target accounts", view.partnership)}</a></p>
        }
        .into_any(),
        ImportState::Refused(reason) | ImportState::Failed(reason) => view! {
            <h1>{view.file_name.clone()} " was not imported"</h1>
            <p class="error" role="alert">{reason}</p>
            <p><a href=again>"Upload a file"</a></p>
        }
        .into_any(),
    };
    view! { {crumbs} {body} }
}

/// An upload that waits: its columns, its preview and the confirmation.
#[component]
fn Check(view: ImportView, confirm: Confirm) -> impl IntoView {
    let here = format!(
        "/partners/{}/import/{}",
        view.partnership_id, view.upload_id
    );
    let mapping = mapping_text(&view.mapping);
    let preview = match view.preview.clone() {
        Ok(preview) => {
            let importing = preview.new + preview.updated;
            view! {
                <Counts preview=preview.clone() rejected_total=view.rejected_total/>
                <Rejected preview rejected_total=view.rejected_total/>
                <PostForm path=ConfirmImport::PATH error=confirm.error pending=confirm.pending class="stack"
                    on_saved=Callback::new(move |_| confirm.done.update(|n| *n += 1))>
                    <ErrorNote error=confirm.error/>
                    <input type="hidden" name="partnership_id" value=view.partnership_id/>
                    <input type="hidden" name="upload_id" value=view.upload_id/>
                    <input type="hidden" name="mapping" value=mapping/>
                    <button type="submit" disabled=move || confirm.pending.get()>
                        {format!("Import {importing} accounts")}
                    </button>
                </PostForm>
            }
            .into_any()
        }
        Err(reason) => view! { <p class="error" role="alert">{reason}</p> }.into_any(),
    };
    view! {
        <h1>"Check " {view.file_name.clone()}</h1>
        <p>"Nothing is imported until you confirm. Fix a column below if it was read as the wrong thing."</p>
        <Columns headers=view.headers.clone() mapping=view.mapping.clone() here/>
        <section aria-labelledby="import-preview" class="card">
            <h2 id="import-preview">"Preview"</h2>
            {preview}
        </section>
    }
}

#[component]
fn Columns(headers: Vec<String>, mapping: Mapping, here: String) -> impl IntoView {
    view! {
        <form method="get" action=here class="card filters" aria-labelledby="import-columns">
            <h2 id="import-columns" class="full">"Columns"</h2>
            {Column::ALL.iter().map(|column| {
                let id = format!("map-{}", column.key());
                let chosen = mapping.index(*column);
                view! {
                    <div class="filter">
                        <label for=id.clone()>{column.label()}</label>
                        <select id=id name=format!("map_{}", column.key())>
                            <option value="" selected=chosen.is_none()>"Not in the file"</option>
                            {headers.iter().enumerate().map(|(i, header)| view! {
                                <option value=i selected=chosen == Some(i)>{format!("Column {}: {header}", i + 1)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
            <div class="filter-actions"><button type="submit">"Update the preview"</button></div>
        </form>
    }
}

#[component]
fn Counts(preview: Preview, rejected_total: usize) -> impl IntoView {
    view! {
        <ul class="import-counts">
            <li><strong>{preview.new}</strong> " new accounts"</li>
            <li><strong>{preview.updated}</strong> " updated"</li>
            <li><strong>{preview.unchanged}</strong> " unchanged"</li>
            <li><strong>{rejected_total}</strong> " rows rejected"</li>
        </ul>
    }
}

#[component]
fn Rejected(preview: Preview, rejected_total: usize) -> impl IntoView {
    (!preview.rejected.is_empty()).then(|| {
        let more = rejected_total.saturating_sub(preview.rejected.len());
        view! {
            <div class="table-scroll" role="region" aria-label="Rejected rows" tabindex="0">
                <table>
                    <caption class="visually-hidden">"Rejected rows, with why"</caption>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Reason"</th></tr></thead>
                    <tbody>
                        {preview.rejected.into_iter().map(|r| view! {
                            <tr><td>{r.line}</td><td>{r.reason}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0).then(|| view! { <p class="muted">{format!("And {more} more rejected rows.")}</p> })}
        }
    })
}
