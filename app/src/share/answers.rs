//! Comments and updates left through the plan's shared links, for the AE: each with what
//! it is about, who wrote it through which link, and an answer form. Answers show under
//! the comment, here and on the links that see it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{answer_comment, plan_comments};
use crate::components::format_date;
use crate::domain::visit::{About, Comment, CommentKind, COMMENT_MAX};
use crate::domain::PlanDetail;
use crate::plan::edit::after_each_change;

/// What a comment is about, as the AE reads it: the plan, or the action's or milestone's
/// text as it is now.
fn about_text(plan: &PlanDetail, about: About) -> String {
    match about {
        About::Plan => "the plan".into(),
        About::Action(id) => plan
            .actions
            .iter()
            .find(|a| a.id == id)
            .map(|a| format!("action “{}”", a.text))
            .unwrap_or_else(|| "an action since removed".into()),
        About::Milestone(id) => plan
            .milestones
            .iter()
            .find(|m| m.id == id)
            .map(|m| format!("milestone “{}”", m.title))
            .unwrap_or_else(|| "a milestone since removed".into()),
    }
}

fn byline(c: &Comment, about: &str) -> String {
    let what = match (c.kind, c.answers) {
        (_, Some(_)) => "Answer",
        (CommentKind::Comment, None) => "Comment",
        (CommentKind::Update, None) => "Update",
    };
    let via = c
        .via
        .as_ref()
        .map(|label| format!(" through link “{label}”"))
        .unwrap_or_default();
    format!(
        "{what} on {about} from {}{via}, {}",
        c.author,
        format_date(c.at.date_naive())
    )
}

#[component]
pub fn LinkComments(plan: PlanDetail) -> impl IntoView {
    let plan_id = plan.id;
    let refresh = RwSignal::new(0u32);
    let comments = after_each_change(move || {
        refresh.get();
        plan_comments(plan_id)
    });
    let plan = StoredValue::new(plan);
    let list = move || match comments.get() {
        None => view! { <p class="muted">"Loading the comments…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="field-error">{e.to_string()}</p> }.into_any(),
        Some(Ok(all)) if all.is_empty() => {
            view! { <p class="muted">"No comments or updates through shared links yet."</p> }
                .into_any()
        }
        Some(Ok(all)) => {
            let threads: Vec<_> = all
                .iter()
                .filter(|c| c.answers.is_none())
                .cloned()
                .collect();
            view! {
                <ul class="link-comments">
                    {threads.into_iter().map(|c| {
                        let about = plan.with_value(|p| about_text(p, c.about));
                        let answers: Vec<Comment> = all.iter().filter(|a| a.answers == Some(c.id)).cloned().collect();
                        view! { <Thread comment=c about answers plan_id refresh/> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="part link-comments-part" aria-labelledby="link-comments-title">
            <h2 id="link-comments-title">"Comments and updates from shared links"</h2>
            {list}
        </section>
    }
}

#[component]
fn Thread(
    comment: Comment,
    about: String,
    answers: Vec<Comment>,
    plan_id: i64,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let id = comment.id;
    let field = format!("answer-{id}");
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match answer_comment(plan_id, id, body.get_untracked()).await {
                Ok(()) => {
                    body.set(String::new());
                    error.set(None);
                    refresh.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message_about("body"))),
            }
        });
    };
    view! {
        <li>
            <p class="muted">{byline(&comment, &about)}</p>
            <p class="comment-body">{comment.body.clone()}</p>
            {(!answers.is_empty()).then(|| view! {
                <ul class="link-comments">
                    {answers.iter().map(|a| view! {
                        <li><p class="muted">{byline(a, &about)}</p><p class="comment-body">{a.body.clone()}</p></li>
                    }).collect_view()}
                </ul>
            })}
            <details class="link-form">
            <summary>{format!("Answer {}", comment.author)}</summary>
            <form class="answer" on:submit=send>
                <label for=field.clone()>{format!("Answer to {}", comment.author)}</label>
                <textarea id=field rows="2" maxlength=COMMENT_MAX required
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="submit" class="small">"Send the answer"</button>
            </form>
            </details>
        </li>
    }
}
