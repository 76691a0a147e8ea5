//! The portfolio's view: filters that live in the URL (a plain GET form, so they work
//! without JavaScript), a page of plans, the way to the pages around it, and the week's
//! agenda.

use leptos::prelude::*;

use crate::domain::portfolio::*;
use crate::domain::PlanStatus;

#[component]
pub fn PortfolioView(page: PortfolioPage) -> impl IntoView {
    let PortfolioPage {
        query,
        rows,
        previous,
        next,
        counts,
        agenda,
    } = page;
    let empty = counts.plans == 0;
    let shown = rows.len();
    let listing = if empty {
        view! { <p>"No plans yet. Create the first one below."</p> }.into_any()
    } else if rows.is_empty() {
        view! {
            <p>"No plan matches these filters. " <a href="/plans">"Show every plan"</a></p>
        }
        .into_any()
    } else {
        view! { <PlanTable rows sort=query.sort()/> }.into_any()
    };
    let status = if query.is_filtered() {
        format!(
            "{shown} plans on this page match the filters, of {} in all.",
            counts.plans
        )
    } else {
        format!("{shown} plans on this page, of {} in all.", counts.plans)
    };
    view! {
        <section aria-labelledby="portfolio-heading" class="portfolio">
            <h2 id="portfolio-heading">"Portfolio"</h2>
            {(!empty).then(|| view! {
                <Filters query=query.clone() counts=counts.clone()/>
                <p class="muted">{status}</p>
            })}
            {listing}
            <Pager previous next/>
        </section>
        {(!empty).then(|| view! { <Agenda agenda/> })}
    }
}

/// One labelled select of the filter form; the empty value is "any".
#[component]
fn Choice(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    any: String,
    options: Vec<(String, String)>,
    chosen: Option<String>,
) -> impl IntoView {
    view! {
        <div class="filter">
            <label for=id>{label}</label>
            <select id=id name=name>
                {(!any.is_empty()).then(|| view! { <option value="">{any}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let selected = chosen.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Filters(query: PortfolioQuery, counts: Counts) -> impl IntoView {
    let counted = |text: &str, n: i64| format!("{text} ({n})");
    let partnerships = counts
        .partnerships
        .iter()
        .map(|(id, name, n)| (id.to_string(), counted(name, *n)))
        .collect();
    let owners = counts
        .owners
        .iter()
        .map(|(id, name, n)| (id.to_string(), counted(name, *n)))
        .collect();
    let statuses = counts
        .status
        .iter()
        .map(|(s, n)| (s.as_str().to_string(), counted(s.label(), *n)))
        .collect();
    let health = counts
        .health
        .iter()
        .map(|(h, n)| (h.as_str().to_string(), counted(h.label(), *n)))
        .collect();
    let sorts = Sort::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let all = counts.plans;
    view! {
        <form method="get" action="/plans" class="filters" role="search" aria-label="Filter plans">
            <Choice id="filter-partnership" name="partnership" label="Partnership"
                any=counted("All partnerships", all) options=partnerships
                chosen=query.partnership.map(|v| v.to_string())/>
            <Choice id="filter-owner" name="owner" label="Vendor owner"
                any=counted("Any owner", all) options=owners
                chosen=query.owner.map(|v| v.to_string())/>
            <Choice id="filter-status" name="status" label="Status"
                any=counted("Any status", all) options=statuses
                chosen=query.status.map(|v| PlanStatus::as_str(v).to_string())/>
            <Choice id="filter-health" name="health" label="Health"
                any=counted("Any health", all) options=health
                chosen=query.health.map(|v| v.as_str().to_string())/>
            <Choice id="filter-sort" name="sort" label="Order"
                any=String::new() options=sorts
                chosen=Some(query.sort().as_str().to_string())/>
            <div class="filter-actions">
                <button type="submit">"Apply filters"</button>
                {query.is_filtered().then(|| view! { <a href="/plans">"Clear filters"</a> })}
            </div>
        </form>
    }
}

#[component]
fn PlanTable(rows: Vec<PortfolioRow>, sort: Sort) -> impl IntoView {
    let sorted = move |by: Sort| {
        (sort == by).then_some(match by {
            Sort::Updated => "descending",
            _ => "ascending",
        })
    };
    // A phone scrolls the table sideways rather than the whole page; focusable, so the
    // keyboard can scroll it too.
    view! {
        <div class="table-scroll" role="region" aria-label="Plans" tabindex="0">
        <table class="plans">
            <caption class="visually-hidden">"Your organisation's plans, " {sort.label()}</caption>
            <thead>
                <tr>
                    <th scope="col" aria-sort=sorted(Sort::Title)>"Title"</th>
                    <th scope="col">"Partner"</th>
                    <th scope="col">"Buyer account"</th>
                    <th scope="col">"Vendor owner"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Health"</th>
                    <th scope="col" aria-sort=sorted(Sort::Review)>"Next review"</th>
                    <th scope="col" aria-sort=sorted(Sort::Updated)>"Last updated"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <PlanRow row/> }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn PlanRow(row: PortfolioRow) -> impl IntoView {
    let healthy = row.health.findings == 0;
    view! {
        <tr>
            <td><a href=format!("/plans/{}", row.id)>{row.title}</a></td>
            <td>{row.partners.join(", ")}</td>
            <td>{row.buyer_account}</td>
            <td>{row.owner.unwrap_or_else(|| "No owner".into())}</td>
            <td><span class=format!("status status-{}", row.status.as_str())>{row.status.label()}</span></td>
            <td class=if healthy { "health-ok" } else { "health-bad" }>{row.health.describe()}</td>
            <td>{match row.next_review {
                Some(review) => view! { <ReviewTime review/> }.into_any(),
                None => view! { <span class="muted">"No series yet"</span> }.into_any(),
            }}</td>
            <td><time datetime=row.updated_at.to_rfc3339()>{row.updated_at.format("%-d %b %Y").to_string()}</time></td>
        </tr>
    }
}

#[component]
fn ReviewTime(review: NextReview) -> impl IntoView {
    view! {
        <time datetime=review.at.to_rfc3339()>{review.local.format("%a %-d %b, %H:%M").to_string()}</time>
        <span class="muted zone">{review.zone}</span>
    }
}

#[component]
fn Pager(previous: Option<PortfolioQuery>, next: Option<PortfolioQuery>) -> impl IntoView {
    (previous.is_some() || next.is_some()).then(|| {
        view! {
            <nav aria-label="Pages of plans" class="pager">
                {previous.map(|q| view! { <a href=q.href() rel="prev">"Previous page"</a> })}
                {next.map(|q| view! { <a href=q.href() rel="next">"Next page"</a> })}
            </nav>
        }
    })
}

#[component]
fn Agenda(agenda: Vec<AgendaItem>) -> impl IntoView {
    let items = if agenda.is_empty() {
        view! { <p>"No review in the next seven days."</p> }.into_any()
    } else {
        view! {
            <ul class="agenda">
                {agenda.into_iter().map(|item| {
                    let notes = if item.notes.is_empty() {
                        view! { <p class="muted">"Nothing stalled or overdue."</p> }.into_any()
                    } else {
                        view! {
                            <ul>{item.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                        }.into_any()
                    };
                    // The title is said, not linked: the table links each plan once.
                    let href = crate::domain::calendar::review_href(item.plan_id, item.review.occurs_on);
                    view! {
                        <li>
                            <strong>{item.title}</strong> " · "
                            <a href=href>"Review " <ReviewTime review=item.review/></a>
                            {notes}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="agenda-heading" class="card">
            <h2 id="agenda-heading">"This week's agenda"</h2>
            <p class="muted">"Reviews in the next seven days, with what each plan has stalled or overdue."</p>
            {items}
        </section>
    }
}
