//! The one-page plan, read-only for now: every part of DESIGN.md's "What a plan holds".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::edit::{EditableField, Input, SaveState, SaveTracker};
use super::{get_plan, PlanWithHealth};
use crate::components::{format_date, format_money};
use crate::domain::edit::Field;
use crate::domain::health::Finding;
use crate::domain::limits::*;
use crate::domain::*;

#[component]
pub fn PlanPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let plan = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_plan(id).await,
            None => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>"Loading the plan…"</p> }>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(PlanWithHealth { plan, findings }) => view! { <PlanView plan findings/> }.into_any(),
                    Err(e) => view! {
                        <Title text="Plan not found · Coplan"/>
                        <h1>"Plan not found"</h1>
                        <p class="error" role="alert">{e.to_string()}</p>
                        <p><a href="/plans">"Back to your plans"</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Part(id: &'static str, title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="part" id=format!("{id}-section") aria-labelledby=id tabindex="-1">
            <h2 id=id>{title}</h2>
            {children()}
        </section>
    }
}

fn person_name(plan: &PlanDetail, id: Option<i64>) -> String {
    plan.person(id)
        .map(Person::full_name)
        .unwrap_or_else(|| "No owner".into())
}

fn side_name(plan: &PlanDetail, side: Side, partner_id: Option<i64>) -> String {
    match side {
        Side::Partner => plan
            .partner_name(partner_id)
            .unwrap_or("Partner")
            .to_string(),
        Side::Vendor => "Vendor".into(),
        Side::Buyer => format!("Buyer ({})", plan.buyer_account),
    }
}

fn maybe_date(date: Option<chrono::NaiveDate>) -> String {
    date.map(format_date).unwrap_or_else(|| "No date".into())
}

/// What keeps the plan from being executable, most severe first, each a link to the
/// part or row that fixes it.
#[component]
fn HealthPanel(findings: Vec<Finding>) -> impl IntoView {
    let summary = match findings.len() {
        0 => "Executable: every check passes.".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    view! {
        <section class="health" aria-labelledby="plan-health">
            <h2 id="plan-health">"Plan health"</h2>
            <p class=if findings.is_empty() { "health-ok" } else { "health-bad" }>{summary}</p>
            <ul>
                {findings.into_iter().map(|f| {
                    let target = if f.target.starts_with("part-") { format!("#{}-section", f.target) } else { format!("#{}", f.target) };
                    view! {
                        <li class=format!("finding finding-{}", f.severity.label().to_lowercase())>
                            <span class="severity">{f.severity.label()}</span>" "
                            <a href=target>{f.message}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PlanView(plan: PlanDetail, findings: Vec<Finding>) -> impl IntoView {
    let partners = plan
        .partners
        .iter()
        .map(|p| format!("{} ({})", p.name, p.kind.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let target = plan
        .target
        .as_ref()
        .map(|t| {
            format!(
                "{} by {}",
                format_money(t.amount, &t.currency),
                format_date(t.due_on)
            )
        })
        .unwrap_or_else(|| "No target set".into());
    let title = plan.title.clone();
    SaveTracker::provide();
    let statuses: Vec<(String, String)> = PlanStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();

    view! {
        <Title text=format!("{title} · Coplan")/>
        <header class="plan-header">
            <p class="crumbs"><a href="/plans">"Plans"</a></p>
            <h1>{plan.title.clone()}</h1>
            <SaveState/>
            <div class="header-fields" role="group" aria-label="Plan details">
                <EditableField plan_id=plan.id field=Field::PlanTitle initial=plan.title.clone()
                    label="Title".into() input=Input::Text { max: TITLE_MAX } id="plan-title".into()/>
                <EditableField plan_id=plan.id field=Field::PlanBuyerAccount initial=plan.buyer_account.clone()
                    label="Buyer account".into() input=Input::Text { max: PARTY_NAME_MAX } id="plan-buyer".into()/>
                <EditableField plan_id=plan.id field=Field::PlanStatus initial=plan.status.as_str().to_string()
                    label="Status".into() input=Input::Select(statuses) id="plan-status".into()/>
            </div>
            <dl class="facts">
                <div><dt>"Partners"</dt><dd>{partners}</dd></div>
                <div><dt>"Target"</dt><dd>{target}</dd></div>
                <div><dt>"Mode"</dt><dd>{plan.mode.label()}</dd></div>
            </dl>
        </header>
        <HealthPanel findings/>
        <div class="plan-grid">
            {accounts(&plan)}
            {owners(&plan)}
            {milestones(&plan)}
            {actions(&plan)}
            {economics(&plan)}
            {escalation(&plan)}
            {motion(&plan)}
            {cadence(&plan)}
        </div>
    }
}

fn empty(text: &'static str) -> AnyView {
    view! { <p class="empty">{text}</p> }.into_any()
}

fn accounts(plan: &PlanDetail) -> impl IntoView {
    let body = if plan.accounts.is_empty() {
        empty("No shared account named yet.")
    } else {
        view! {
            <table>
                <thead><tr><th scope="col">"Account"</th><th scope="col">"Vendor"</th><th scope="col">"Partner"</th></tr></thead>
                <tbody>
                    {plan.accounts.iter().map(|a| view! {
                        <tr><td>{a.name.clone()}</td><td>{a.vendor_relation.label()}</td><td>{a.partner_relation.label()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! { <Part id="part-accounts" title="Shared accounts">{body}</Part> }
}

fn owners(plan: &PlanDetail) -> impl IntoView {
    let body = if plan.people.is_empty() {
        empty("No owner named yet.")
    } else {
        view! {
            <ul class="people">
                {plan.people.iter().map(|p| view! {
                    <li id=format!("person-{}", p.id) tabindex="-1">
                        <strong>{p.full_name()}</strong>
                        " — " {p.role.clone()} ", " {side_name(plan, p.side, p.partner_id)}
                        <br/><span class="muted">{p.title.clone()} " · " {if p.email.is_empty() { "no email".to_string() } else { p.email.clone() }}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { <Part id="part-owners" title="Owners">{body}</Part> }
}

fn milestones(plan: &PlanDetail) -> impl IntoView {
    let body = if plan.milestones.is_empty() {
        empty("No milestone yet.")
    } else {
        view! {
            <table>
                <thead><tr><th scope="col">"Milestone"</th><th scope="col">"By"</th><th scope="col">"Owner"</th><th scope="col">"Status"</th></tr></thead>
                <tbody>
                    {plan.milestones.iter().map(|m| view! {
                        <tr id=format!("milestone-{}", m.id) tabindex="-1"><td>{m.title.clone()}</td><td>{maybe_date(m.due_on)}</td><td>{person_name(plan, m.owner_id)}</td><td>{m.status.label()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! { <Part id="part-milestones" title="Milestones">{body}</Part> }
}

fn actions(plan: &PlanDetail) -> impl IntoView {
    let mut groups: Vec<(String, Vec<&JointAction>)> = Vec::new();
    for action in &plan.actions {
        let name = side_name(plan, action.side, action.partner_id);
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(action),
            None => groups.push((name, vec![action])),
        }
    }
    let body = if groups.is_empty() {
        empty("No joint action yet.")
    } else {
        groups
            .into_iter()
            .map(|(name, list)| {
                view! {
                    <h3>{name}</h3>
                    <ul class="actions">
                        {list.into_iter().map(|a| action_row(plan, a)).collect_view()}
                    </ul>
                }
            })
            .collect_view()
            .into_any()
    };
    view! { <Part id="part-actions" title="Joint actions">{body}</Part> }
}

fn action_row(plan: &PlanDetail, a: &JointAction) -> impl IntoView {
    let statuses: Vec<(String, String)> = WorkStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let mut owners = vec![(String::new(), "No owner".to_string())];
    owners.extend(
        plan.people
            .iter()
            .map(|p| (p.id.to_string(), p.full_name())),
    );
    let due = a.due_on.map(|d| d.to_string()).unwrap_or_default();
    let owner = a.owner_id.map(|id| id.to_string()).unwrap_or_default();
    view! {
        <li id=format!("action-{}", a.id) tabindex="-1" role="group" aria-label=a.text.clone() class="action-row">
            <EditableField plan_id=plan.id field=Field::ActionText row=a.id initial=a.text.clone()
                label="Action".into() input=Input::Text { max: SHORT_TEXT_MAX }/>
            <EditableField plan_id=plan.id field=Field::ActionStatus row=a.id initial=a.status.as_str().to_string()
                label="Status".into() input=Input::Select(statuses)/>
            <EditableField plan_id=plan.id field=Field::ActionDueOn row=a.id initial=due
                label="Due date".into() input=Input::Date/>
            <EditableField plan_id=plan.id field=Field::ActionOwner row=a.id initial=owner
                label="Owner".into() input=Input::Select(owners)/>
            <p class="muted">"Updated " {format_date(a.updated_at.date_naive())} " by " {a.updated_by.clone()}</p>
        </li>
    }
}

fn economics(plan: &PlanDetail) -> impl IntoView {
    let lines = if plan.economics.is_empty() {
        empty("No economics shared.")
    } else {
        view! {
            <ul>
                {plan.economics.iter().map(|line| {
                    let value = match (line.percent_bp, line.amount, &line.currency) {
                        (Some(bp), _, _) => format!("{}.{:02} %", bp / 100, bp % 100),
                        (None, Some(amount), Some(currency)) => format_money(amount, currency),
                        _ => "No value".into(),
                    };
                    let note = if line.note.is_empty() { String::new() } else { format!(" — {}", line.note) };
                    view! { <li>{line.kind.label()} ", " {side_name(plan, line.side, line.partner_id)} ": " {value} {note}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let credit = &plan.credit;
    let credit_rule = match credit.kind {
        Some(kind) if credit.text.is_empty() => kind.label().to_string(),
        Some(kind) => format!("{} — {}", kind.label(), credit.text),
        None => "not set".into(),
    };
    let agreed = match (&credit.agreed_by_vendor, &credit.agreed_by_partner) {
        (v, p) if !v.is_empty() && !p.is_empty() => format!(
            "Agreed by {v} and {p}{}",
            credit
                .agreed_on
                .map(|d| format!(" on {}", format_date(d)))
                .unwrap_or_default()
        ),
        _ => "Not yet agreed by both sides".into(),
    };
    view! {
        <Part id="part-economics" title="Economics and credit">
            {lines}
            <p><strong>"Credit rule: "</strong>{credit_rule}</p>
            <p class="muted">{agreed}</p>
        </Part>
    }
}

fn escalation(plan: &PlanDetail) -> impl IntoView {
    let body = if plan.escalations.is_empty() {
        empty("No escalation path yet.")
    } else {
        view! {
            <ul>
                {plan.escalations.iter().map(|path| {
                    let chain = path.chain.iter().map(|id| person_name(plan, Some(*id))).collect::<Vec<_>>().join(" → ");
                    view! { <li><strong>{side_name(plan, path.side, path.partner_id)}</strong> ": " {chain}
                        <span class="muted">" (after " {path.stall_days} " days stalled)"</span></li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! { <Part id="part-escalation" title="Escalation path">{body}</Part> }
}

fn motion(plan: &PlanDetail) -> impl IntoView {
    let front = plan
        .motion
        .front
        .map(|f| f.label())
        .unwrap_or("Not defined");
    let coordination = plan.motion.coordination.clone();
    view! {
        <Part id="part-motion" title="Deal motion">
            <p><strong>{front}</strong></p>
            <p>{coordination}</p>
        </Part>
    }
}

fn cadence(plan: &PlanDetail) -> impl IntoView {
    let cadence = plan
        .cadence
        .as_ref()
        .map(|c| {
            format!(
                "{} on {}, {} ({}), {} minutes",
                c.frequency.label(),
                c.weekday,
                c.time.format("%H:%M"),
                c.time_zone,
                c.minutes
            )
        })
        .unwrap_or_else(|| "No review cadence".into());
    let target = plan
        .target
        .as_ref()
        .map(|t| {
            format!(
                "{} by {}",
                format_money(t.amount, &t.currency),
                format_date(t.due_on)
            )
        })
        .unwrap_or_else(|| "No target".into());
    view! {
        <Part id="part-cadence" title="Cadence and target">
            <p><strong>"Review: "</strong>{cadence}</p>
            <p><strong>"Target: "</strong>{target}</p>
        </Part>
    }
}
