//! The link holder's forms: a comment, an update of their party's action or milestone, a
//! new action. Plain forms that post to server functions (`PostForm`): with JavaScript
//! they are sent in place and the page loads again; without it the browser posts them
//! and comes back to the link's page (`Returned`), which shows the outcome and, after an
//! error, what was typed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{LinkAddAction, LinkComment, LinkUpdate};
use crate::components::{raw_text_content, ErrorNote, FieldMessage};
use crate::domain::limits::SHORT_TEXT_MAX;
use crate::domain::visit::{About, COMMENT_MAX, NAME_MAX, NOTE_MAX};
use crate::domain::WorkStatus;
use crate::error::AppError;
use crate::post_form::PostForm;
use leptos::server_fn::ServerFn;

/// The fields a returned form may carry back.
const TYPED: [&str; 6] = ["body", "name", "status", "note", "text", "due_on"];

/// What a form post without JavaScript came back with, read from the page's address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Returned {
    pub form: String,
    pub saved: bool,
    pub error: Option<AppError>,
    pub typed: Vec<(String, String)>,
}

impl Returned {
    /// Where a form post goes back to: the link's page at the form, saying it was saved,
    /// or with the error and what was typed.
    #[cfg(feature = "ssr")]
    pub fn url(
        token: &str,
        form: &str,
        typed: &[(&str, &str)],
        error: Option<&AppError>,
    ) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("form", form);
        match error {
            None => {
                query.append_pair("saved", "1");
            }
            Some(error) => {
                let error = leptos::serde_json::to_string(error).unwrap_or_default();
                query.append_pair("error", &error);
                for (field, value) in typed.iter().filter(|(f, _)| TYPED.contains(f)) {
                    query.append_pair(&format!("t.{field}"), value);
                }
            }
        }
        // Only a token's own characters reach the address (an unknown token's page is the
        // same "not valid" page whatever it carried).
        let token: String = token
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        // Saved, the page opens at the item; refused, at the form, which the browser opens.
        let at = match error {
            Some(_) => form.to_string(),
            None => anchor_of(form),
        };
        format!("/s/{token}?{}#{at}", query.finish())
    }

    fn from_query() -> Returned {
        let query = use_query_map().get_untracked();
        let Some(form) = query.get("form") else {
            return Returned::default();
        };
        Returned {
            form,
            saved: query.get("saved").is_some(),
            error: query
                .get("error")
                .and_then(|e| leptos::serde_json::from_str(&e).ok()),
            typed: TYPED
                .iter()
                .filter_map(|f| query.get(&format!("t.{f}")).map(|v| (f.to_string(), v)))
                .collect(),
        }
    }

    fn typed(&self, form: &str, field: &str) -> Option<String> {
        (self.form == form)
            .then(|| self.typed.iter().find(|(f, _)| f == field))
            .flatten()
            .map(|(_, v)| v.clone())
    }
}

/// What the page's forms share: the link's token, the name given before, which form was
/// sent last, its refusal and whether it is on its way, and the page's load counter to
/// move on success. One post at a time: the page's forms all wait for the one sent.
#[derive(Clone, Copy)]
pub struct Forms {
    token: StoredValue<String>,
    visitor: StoredValue<String>,
    returned: StoredValue<Returned>,
    last: RwSignal<Option<String>>,
    refusal: RwSignal<Option<AppError>>,
    sending: RwSignal<bool>,
    reload: RwSignal<u32>,
}

impl Forms {
    /// Made once per page; `reload` moves on after every change that was saved.
    pub fn new(token: String, reload: RwSignal<u32>) -> Forms {
        Forms {
            token: StoredValue::new(token),
            visitor: StoredValue::new(String::new()),
            returned: StoredValue::new(Returned::from_query()),
            last: RwSignal::new(None),
            refusal: RwSignal::new(None),
            sending: RwSignal::new(false),
            reload,
        }
    }

    pub fn set_visitor(&self, name: String) {
        self.visitor.set_value(name);
    }

    /// Whether `form` was just saved: by the last post without JavaScript, or in place.
    fn saved(&self, form: &str) -> Signal<bool> {
        let me = *self;
        let form = form.to_string();
        Signal::derive(move || {
            if me.last.get().as_deref() == Some(form.as_str()) {
                me.refusal.get().is_none() && !me.sending.get()
            } else {
                me.last.get().is_none() && me.returned.with_value(|r| r.form == form && r.saved)
            }
        })
    }

    /// The error `form` came back with, if it was the last one sent.
    fn error(&self, form: &str) -> Signal<Option<AppError>> {
        let me = *self;
        let form = form.to_string();
        Signal::derive(move || match me.last.get() {
            Some(last) if last == form => me.refusal.get(),
            Some(_) => None,
            None => me
                .returned
                .with_value(|r| (r.form == form).then(|| r.error.clone()).flatten()),
        })
    }

    /// What `field` of `form` holds at first: what was typed before an error, or `or`.
    fn value(&self, form: &str, field: &str, or: String) -> String {
        self.returned
            .with_value(|r| r.typed(form, field))
            .unwrap_or(or)
    }

    fn is_returned(&self, form: &str) -> bool {
        self.returned
            .with_value(|r| r.form == form && r.error.is_some())
    }
}

/// The element a form's item is: "update-action:12" is on item "action-12", a comment on
/// the plan under the plan's comments, a new action under the party's actions.
#[cfg(feature = "ssr")]
fn anchor_of(form: &str) -> String {
    match form.split_once('-').map(|(_, about)| about) {
        Some("plan") => "link-comments".into(),
        Some("action") | None => "own-actions".into(),
        Some(about) => about.replace(':', "-"),
    }
}

/// What each form needs of `Forms`: its id, error, whether it came back open, whether it
/// was saved, and the hooks that mark it as the one sent and load the page again once it
/// is saved.
struct Frame {
    form: String,
    error: Signal<Option<AppError>>,
    open: bool,
    saved: Signal<bool>,
    on_sent: Callback<()>,
    on_saved: Callback<crate::post_form::Answer>,
}

impl Frame {
    fn new(forms: Forms, form: String) -> Frame {
        let sent = form.clone();
        Frame {
            error: forms.error(&form),
            open: forms.is_returned(&form),
            saved: forms.saved(&form),
            on_sent: Callback::new(move |()| {
                forms.refusal.set(None);
                forms.last.set(Some(sent.clone()));
            }),
            on_saved: Callback::new(move |_| forms.reload.update(|n| *n += 1)),
            form,
        }
    }
}

/// "Saved." after a change, announced; nothing otherwise.
#[component]
fn SavedNote(saved: Signal<bool>) -> impl IntoView {
    view! { <p class="saved-note" role="status">{move || saved.get().then_some("Saved.")}</p> }
}

/// The name a visitor signs their change with, kept for next time.
#[component]
fn NameField(forms: Forms, form: String) -> impl IntoView {
    let id = format!("{form}-name");
    let value = forms.value(&form, "name", forms.visitor.get_value());
    let error = forms.error(&form);
    view! {
        <label for=id.clone()>"Your name"</label>
        <input id=id name="name" required maxlength=NAME_MAX autocomplete="name" value=value/>
        <FieldMessage error field="name"/>
    }
}

/// The end of every form: the name it is signed with and its button.
#[component]
fn Signed(forms: Forms, form: String, button: &'static str) -> impl IntoView {
    view! {
        <NameField forms form/>
        <button type="submit" disabled=move || forms.sending.get()>{button}</button>
    }
}

/// A comment on the plan or on one action.
#[component]
pub fn CommentForm(forms: Forms, about: About, #[prop(into)] what: String) -> impl IntoView {
    let Frame {
        form,
        error,
        open,
        saved,
        on_sent,
        on_saved,
    } = Frame::new(forms, format!("comment-{}", about.as_form()));
    let body_id = format!("{form}-body");
    let body = forms.value(&form, "body", String::new());
    let (form_id, name_form) = (form.clone(), form.clone());
    view! {
        <details class="link-form" open=open aria-labelledby=format!("{form}-summary")>
            <summary id=format!("{form}-summary")>"Comment" <span class="visually-hidden">{format!(" on {what}")}</span></summary>
            <PostForm path=LinkComment::PATH error=forms.refusal pending=forms.sending id=form_id class="stack" on_sent on_saved>
                <ErrorNote error/>
                <input type="hidden" name="token" value=forms.token.get_value()/>
                <input type="hidden" name="about" value=about.as_form()/>
                <label for=body_id.clone()>"Comment"</label>
                <textarea id=body_id name="body" required maxlength=COMMENT_MAX rows="3">{raw_text_content(&body).into_owned()}</textarea>
                <FieldMessage error field="body"/>
                <Signed forms form=name_form button="Send the comment"/>
            </PostForm>
        </details>
        <SavedNote saved/>
    }
}

/// A new status and a progress note on one of the party's actions or milestones.
#[component]
pub fn UpdateForm(
    forms: Forms,
    about: About,
    status: WorkStatus,
    #[prop(into)] what: String,
) -> impl IntoView {
    let Frame {
        form,
        error,
        open,
        saved,
        on_sent,
        on_saved,
    } = Frame::new(forms, format!("update-{}", about.as_form()));
    let chosen = forms.value(&form, "status", status.as_str().to_string());
    let note = forms.value(&form, "note", String::new());
    let (status_id, note_id) = (format!("{form}-status"), format!("{form}-note"));
    let (form_id, name_form) = (form.clone(), form.clone());
    view! {
        <details class="link-form" open=open aria-labelledby=format!("{form}-summary")>
            <summary id=format!("{form}-summary")>"Update" <span class="visually-hidden">{format!(" {what}")}</span></summary>
            <PostForm path=LinkUpdate::PATH error=forms.refusal pending=forms.sending id=form_id class="stack" on_sent on_saved>
                <ErrorNote error/>
                <input type="hidden" name="token" value=forms.token.get_value()/>
                <input type="hidden" name="about" value=about.as_form()/>
                <input type="hidden" name="seen" value=status.as_str()/>
                <label for=status_id.clone()>"Status"</label>
                <select id=status_id name="status">
                    {WorkStatus::ALL.iter().copied().map(|s| view! {
                        <option value=s.as_str() selected=s.as_str() == chosen>{s.label()}</option>
                    }).collect_view()}
                </select>
                <FieldMessage error field="status"/>
                <label for=note_id.clone()>"Update (optional)"</label>
                <textarea id=note_id name="note" maxlength=NOTE_MAX rows="2">{raw_text_content(&note).into_owned()}</textarea>
                <FieldMessage error field="note"/>
                <Signed forms form=name_form button="Save the update"/>
            </PostForm>
        </details>
        <SavedNote saved/>
    }
}

/// A new action for the link's party.
#[component]
pub fn NewActionForm(forms: Forms, #[prop(into)] party: String) -> impl IntoView {
    let Frame {
        form,
        error,
        open,
        saved,
        on_sent,
        on_saved,
    } = Frame::new(forms, "new-action".to_string());
    let text = forms.value(&form, "text", String::new());
    let due = forms.value(&form, "due_on", String::new());
    let (form_id, name_form) = (form.clone(), form.clone());
    view! {
        <details class="link-form" open=open aria-labelledby=format!("{form}-summary")>
            <summary id=format!("{form}-summary")>{format!("Add an action for {party}")}</summary>
            <PostForm path=LinkAddAction::PATH error=forms.refusal pending=forms.sending id=form_id class="stack" on_sent on_saved>
                <ErrorNote error/>
                <input type="hidden" name="token" value=forms.token.get_value()/>
                <label for="new-action-text">"Action"</label>
                <input id="new-action-text" name="text" required maxlength=SHORT_TEXT_MAX value=text/>
                <FieldMessage error field="text"/>
                <label for="new-action-due">"Due date (optional)"</label>
                <input id="new-action-due" type="date" name="due_on" value=due/>
                <FieldMessage error field="due_on"/>
                <Signed forms form=name_form button="Add the action"/>
            </PostForm>
        </details>
        <SavedNote saved/>
    }
}
