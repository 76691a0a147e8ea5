//! `/s/:token`: a shared link's one-pager, as dense as the printed page (two columns on a
//! laptop, one on a phone): the party's own actions first, then what else it may see,
//! with the comments and updates on each and the forms its scope allows. No sign-in,
//! nothing of the rest of the app. Works without JavaScript: rendered on the server, its
//! forms posting and coming back (`forms`).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::forms::{CommentForm, Forms, NewActionForm, UpdateForm};
use super::shared_plan;
use crate::components::{format_date, PageTitle, ReferenceNote};
use crate::domain::link_view::{LinkView, ViewChange, ViewComment, ViewItem};
use crate::domain::share::Scope;
use crate::domain::visit::{About, CommentKind};
use crate::error::AppError;

#[component]
pub fn SharedPlanPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let forms = Forms::new(token(), reload);
    let view = crate::page_data::page_data(
        move || (token(), reload.get()),
        |(token, _)| shared_plan(token),
    );
    view! {
        <main class="page link-page">
            <Transition fallback=|| view! { <p>"Loading the plan…"</p> }>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(plan) => {
                            forms.set_visitor(plan.visitor.clone());
                            view! { <SharedPlan plan forms/> }.into_any()
                        }
                        // An unknown, revoked or expired link all read the same: which
                        // it is, is not the holder's to learn.
                        Err(error) if matches!(error.cause(), AppError::NotFound | AppError::Forbidden) => view! {
                            <PageTitle text="This link is not valid"/>
                            <h1>"This link is not valid"</h1>
                            <p>"Ask the person who sent it to you for a new one."</p>
                            <ReferenceNote reference=error.reference()/>
                        }
                        .into_any(),
                        Err(error) => view! {
                            <PageTitle text="The plan could not be loaded"/>
                            <h1>"The plan could not be loaded"</h1>
                            <p class="error" role="alert">{error.to_string()}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// What the link's scope lets its holder do on the page.
#[derive(Clone, Copy)]
struct May {
    comment: bool,
    forms: Forms,
}

#[component]
fn SharedPlan(plan: LinkView, forms: Forms) -> impl IntoView {
    let LinkView {
        title,
        buyer_account,
        status,
        party,
        scope,
        own_actions,
        other_actions,
        milestones,
        owners,
        comments,
        recent,
        visitor: _,
    } = plan;
    let may = May {
        comment: scope.allows(Scope::Comment),
        forms,
    };
    let owners = if owners.is_empty() {
        view! { <p class="muted">"No owners named yet."</p> }.into_any()
    } else {
        view! {
            <ul class="link-owners">
                {owners.into_iter().map(|o| view! {
                    <li>{o.name} ", " {o.party} {(!o.email.is_empty()).then(|| view! { " · " <a href=format!("mailto:{}", o.email)>{o.email.clone()}</a> })}</li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let add = scope
        .allows(Scope::UpdateOwnActions)
        .then(|| view! { <NewActionForm forms party=party.clone()/> });
    let plan_comments = (may.comment || !comments.is_empty()).then(|| {
        view! {
            <section class="part" aria-labelledby="link-comments">
                <h2 id="link-comments">"Comments on the plan"</h2>
                <Thread comments/>
                {may.comment.then(|| view! { <CommentForm forms about=About::Plan what="the plan"/> })}
            </section>
        }
    });
    view! {
        <PageTitle text=title.clone()/>
        <header class="plan-header">
            <h1>{title}</h1>
            <p>{format!("Shared with {party} · Buyer: {buyer_account} · {status} · {}", scope.label())}</p>
        </header>
        <div class="link-columns">
            <section class="part" aria-labelledby="own-actions">
                <h2 id="own-actions">{format!("Actions of {party}")}</h2>
                <Items items=own_actions may empty="No actions for your side yet."/>
                {add}
            </section>
            <section class="part" aria-labelledby="link-recent">
                <h2 id="link-recent">{format!("Recent changes to the work of {party}")}</h2>
                <Recent changes=recent/>
            </section>
            <section class="part" aria-labelledby="other-actions">
                <h2 id="other-actions">"The plan's other actions"</h2>
                <Items items=other_actions may empty="No other actions."/>
            </section>
            <section class="part" aria-labelledby="link-milestones">
                <h2 id="link-milestones">"Milestones"</h2>
                <Items items=milestones may empty="No milestones yet."/>
            </section>
            <section class="part" aria-labelledby="link-owners">
                <h2 id="link-owners">"Who is who"</h2>
                {owners}
            </section>
            {plan_comments}
        </div>
    }
}

#[component]
fn Recent(changes: Vec<ViewChange>) -> impl IntoView {
    if changes.is_empty() {
        return view! { <p class="muted">"No changes yet."</p> }.into_any();
    }
    view! {
        <ul class="link-items">
            {changes.into_iter().map(|c| view! {
                <li>
                    <strong>{c.what}</strong><br/>
                    {c.change}
                    <br/><span class="muted">{format!("{} · {}", c.who, format_date(c.at.date_naive()))}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Items(items: Vec<ViewItem>, may: May, empty: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="link-items">
            {items.into_iter().map(|item| view! { <Item item may/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Item(item: ViewItem, may: May) -> impl IntoView {
    let mut facts = vec![item.status.label().to_string()];
    if !item.party.is_empty() {
        facts.push(item.party.clone());
    }
    if let Some(owner) = &item.owner {
        facts.push(owner.clone());
    }
    if let Some(due) = item.due_on {
        facts.push(format!("due {}", format_date(due)));
    }
    let forms = may.forms;
    let update = item.editable.then(|| {
        view! { <UpdateForm forms about=item.about status=item.status what=item.text.clone()/> }
    });
    // Comments go on the plan and on actions; a milestone takes updates only.
    let comment = (may.comment && matches!(item.about, About::Action(_)))
        .then(|| view! { <CommentForm forms about=item.about what=item.text.clone()/> });
    let anchor = item.about.as_form().replace(':', "-");
    view! {
        <li id=anchor>
            <strong>{item.text}</strong><br/>
            <span class="muted">{facts.join(" · ")}</span>
            <Thread comments=item.comments/>
            {update}
            {comment}
        </li>
    }
}

#[component]
fn Thread(comments: Vec<ViewComment>) -> impl IntoView {
    (!comments.is_empty()).then(|| {
        view! {
            <ul class="link-comments">
                {comments.into_iter().map(|c| {
                    // Answers are one level deep: an answer is never answered.
                    let answers = (!c.answers.is_empty()).then(|| view! {
                        <ul class="link-comments">
                            {c.answers.iter().map(|a| view! {
                                <li><p class="muted">{said(a)}</p><p class="comment-body">{a.body.clone()}</p></li>
                            }).collect_view()}
                        </ul>
                    });
                    view! {
                        <li>
                            <p class="muted">{said(&c)}</p>
                            <p class="comment-body">{c.body.clone()}</p>
                            {answers}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// "Update from Mei (Contoso) on 3 Dec 2026".
fn said(c: &ViewComment) -> String {
    let what = match c.kind {
        CommentKind::Comment => "Comment",
        CommentKind::Update => "Update",
    };
    format!(
        "{what} from {} on {}",
        c.author,
        format_date(c.at.date_naive())
    )
}
