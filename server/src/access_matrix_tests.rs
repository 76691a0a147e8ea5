//! Who may call what: every server function and page route against ten callers, each cell
//! written out below and asserted, on SQLite and PostgreSQL. A server function or page
//! added without its row fails `every_server_function_and_page_has_a_row`.
//!
//! A cell is `Y` (allowed: the call gets past the server's decision of who may make it,
//! so it answers 200, or 409/422 for a value it refuses) or `N` (refused: 401, 403 or
//! 404, and nothing written). Calendar feeds are opened by a key of their own, not by a
//! session or a link: their tests are in http_tests.rs.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;

use app::domain::share::{NewLink, Scope};
use app::domain::{rows, Side};
use app::store::{demo, plans, share, test_db, users, Db};

use crate::http_tests::{
    demo_app, form, from_site, json, login_body, nosy_cookie, page_and_data, page_get, send,
    sign_in, NOSY,
};

/// The ten callers, in the order of each row's cells.
const CALLERS: [&str; 10] = [
    "the plan's organisation",
    "another organisation",
    "anonymous",
    "a view link",
    "a comment link",
    "an update link",
    "a revoked link",
    "an expired link",
    "a link to another plan",
    "a link for another partner of the plan",
];
const Y: bool = true;
const N: bool = false;
const EVERYONE: [bool; 10] = [Y; 10];
const USERS: [bool; 10] = [Y, Y, N, N, N, N, N, N, N, N];
const ORG: [bool; 10] = [Y, N, N, N, N, N, N, N, N, N];
/// Every valid link, whatever its scope, reads its own plan.
const LINKS: [bool; 10] = [N, N, N, Y, Y, Y, N, N, Y, Y];

/// What a caller brings: a session cookie, or a link's token (a user has none: the link
/// functions get an empty one).
struct Caller {
    cookie: String,
    token: String,
}

/// The plan the matrix is about (the demo plan with two partners) and what its calls name.
struct Fixture {
    plan: i64,
    title: String,
    contoso: i64,
    contoso_action: i64,
    economics_line: i64,
    milestone: i64,
    owner: i64,
    role: i64,
    review_id: i64,
    review_day: chrono::NaiveDate,
    comment: i64,
    spare_link: i64,
    /// Contoso's partnership.
    partnership: i64,
    /// An overlap file uploaded to it, with no account in it (confirming writes nothing).
    upload: i64,
}

/// Makes a call's body (or a page's path) for a caller.
type Make = Box<dyn Fn(&Fixture, &Caller) -> String>;

enum Call {
    Json(Make),
    Form(Make),
    Page(Make),
}

struct Row {
    /// A server function's path, or a page route as the router lists it.
    path: &'static str,
    call: Call,
    cells: [bool; 10],
}

fn json_row<T: serde::Serialize + ServerFn>(
    cells: [bool; 10],
    args: impl Fn(&Fixture, &Caller) -> T + 'static,
) -> Row {
    Row {
        path: T::PATH,
        call: Call::Json(Box::new(move |f, c| {
            leptos::serde_json::to_string(&args(f, c)).expect("arguments serialise")
        })),
        cells,
    }
}

fn form_row(
    path: &'static str,
    cells: [bool; 10],
    body: impl Fn(&Fixture, &Caller) -> String + 'static,
) -> Row {
    Row {
        path,
        call: Call::Form(Box::new(body)),
        cells,
    }
}

fn page_row(
    route: &'static str,
    cells: [bool; 10],
    path: impl Fn(&Fixture, &Caller) -> String + 'static,
) -> Row {
    Row {
        path: route,
        call: Call::Page(Box::new(path)),
        cells,
    }
}

/// The matrix: one row per server function and page route.
fn matrix() -> Vec<Row> {
    use app::domain::edit::{Field, FieldEdit};
    use app::{auth, cadence, owners, plan, share as link};
    let signups = std::cell::Cell::new(0);
    vec![
        json_row(USERS, |_, _| auth::Me {}),
        form_row(auth::Login::PATH, EVERYONE, |_, _| {
            login_body(demo::DEMO_EMAIL, demo::DEMO_PASSWORD)
        }),
        form_row(auth::Signup::PATH, EVERYONE, move |_, _| {
            signups.set(signups.get() + 1);
            format!(
                "organisation=Org+{n}&name=N&email=n{n}%40signup.test&password=a+long+enough+password",
                n = signups.get()
            )
        }),
        form_row(auth::Logout::PATH, EVERYONE, |_, _| String::new()),
        json_row(USERS, |_, _| plan::Portfolio {
            query: Default::default(),
        }),
        form_row(plan::CreatePlan::PATH, USERS, |_, _| {
            "title=New&partner=Contoso&buyer_account=Fabrikam&partner_role=&cycle_days=&economics=&credit=".into()
        }),
        json_row(ORG, |f, _| plan::GetPlan { id: f.plan }),
        json_row(ORG, |f, _| plan::SaveField {
            edit: FieldEdit {
                plan_id: f.plan,
                field: Field::PlanTitle,
                row: None,
                expected: f.title.clone(),
                value: f.title.clone(),
            },
        }),
        json_row(ORG, |f, _| plan::AddRow {
            new: rows::NewRow {
                plan_id: f.plan,
                list: rows::List::Milestones,
                side: None,
                partner_id: None,
            },
        }),
        json_row(ORG, |f, _| plan::RemoveRow {
            plan_id: f.plan,
            list: rows::List::Economics,
            id: f.economics_line,
        }),
        json_row(ORG, |f, _| plan::MoveRow {
            plan_id: f.plan,
            list: rows::List::Milestones,
            id: f.milestone,
            direction: rows::Move::Down,
        }),
        json_row(ORG, |f, _| plan::PlanHistory {
            plan_id: f.plan,
            part: None,
            since_last_review: false,
        }),
        json_row(ORG, |f, _| plan::PlanFindings { plan_id: f.plan }),
        json_row(ORG, |f, _| owners::FindPeople {
            plan_id: f.plan,
            query: "a".into(),
        }),
        json_row(ORG, |f, _| owners::PlaceOwner {
            new: app::domain::owners::NewOwner {
                plan_id: f.plan,
                cell: app::domain::owners::Cell {
                    side: Side::Partner,
                    partner_id: Some(f.contoso),
                    role: app::domain::owners::RoleRow::Custom(f.role),
                },
                who: app::domain::owners::Who::Existing(f.owner),
            },
        }),
        json_row(ORG, |f, _| owners::SetAccountable {
            plan_id: f.plan,
            expected: Some(f.owner),
            owner: Some(f.owner),
        }),
        json_row(ORG, |f, _| owners::AddRole {
            plan_id: f.plan,
            label: "Matrix role".into(),
        }),
        json_row(ORG, |f, _| owners::RemoveRole {
            plan_id: f.plan,
            role_id: f.role,
        }),
        json_row(ORG, |f, _| cadence::ReviewMeetings {
            plan_id: f.plan,
            from: None,
            to: None,
        }),
        json_row(ORG, |f, _| cadence::ChangeMeeting {
            edit: app::domain::cadence::MeetingEdit {
                plan_id: f.plan,
                occurs_on: f.review_day,
                expected: Some(app::domain::cadence::Change::Skipped),
                change: None,
            },
        }),
        json_row(ORG, |f, _| cadence::PastMeetings { plan_id: f.plan }),
        json_row(ORG, |f, _| cadence::LogReview {
            plan_id: f.plan,
            meeting_on: f.review_day,
        }),
        json_row(ORG, |f, _| cadence::PlanCalendar {
            plan_id: f.plan,
            span: app::domain::calendar::Span::Month,
            day: None,
        }),
        json_row(ORG, |f, _| cadence::FeedKeyMade {
            plan_id: Some(f.plan),
        }),
        json_row(ORG, |f, _| cadence::NewFeedKey {
            plan_id: Some(f.plan),
        }),
        json_row(ORG, |f, _| cadence::RevokeFeedKey {
            plan_id: Some(f.plan),
        }),
        json_row(ORG, |f, _| cadence::ReviewDetail {
            plan_id: f.plan,
            meeting_on: f.review_day,
        }),
        json_row(ORG, |f, _| cadence::SetOnList {
            plan_id: f.plan,
            list: app::domain::review::People::Invited,
            owner_id: f.owner,
            present: true,
        }),
        json_row(ORG, |f, _| cadence::SeriesInvitees { plan_id: f.plan }),
        json_row(ORG, |f, _| cadence::NextMoveAction {
            new: app::domain::review::NextMoveAction {
                plan_id: f.plan,
                review_id: f.review_id,
                side: Side::Partner,
                partner_id: Some(f.contoso),
                text: "From the matrix".into(),
                owner_id: None,
                due_on: None,
            },
        }),
        json_row(ORG, |f, _| link::CreateLink {
            new: NewLink {
                plan_id: f.plan,
                side: Side::Buyer,
                partner_id: None,
                label: "Matrix".into(),
                scope: Scope::View,
                expires_in_days: None,
            },
        }),
        json_row(ORG, |f, _| link::PlanLinks { plan_id: f.plan }),
        json_row(ORG, |f, _| link::RevokeLink {
            plan_id: f.plan,
            link_id: f.spare_link,
        }),
        json_row(ORG, |f, _| link::PlanComments { plan_id: f.plan }),
        json_row(ORG, |f, _| link::AnswerComment {
            plan_id: f.plan,
            comment_id: f.comment,
            body: "Thanks".into(),
        }),
        json_row(ORG, |f, _| link::SetPartnersSeeEachOther {
            plan_id: f.plan,
            on: false,
        }),
        json_row(USERS, |_, _| app::partners::ListPartnerships {}),
        json_row(ORG, |f, _| app::partners::Partnership { id: f.partnership }),
        json_row(ORG, |f, _| app::partners::OverlapUpload {
            partnership_id: f.partnership,
            upload_id: f.upload,
            mapping: None,
        }),
        form_row(app::partners::SaveTerms::PATH, ORG, |f, _| {
            format!(
                "id={}&version=1&motion_front=partner&motion_text=&credit_kind=&credit_text=\
                 &vendor_owner_id=&partner_owner_id=&cadence_frequency=&cadence_weekday=\
                 &target_amount=500000&target_currency=EUR&target_period=2027-Q1",
                f.partnership
            )
        }),
        form_row(app::partners::StartPlan::PATH, ORG, |f, _| {
            format!(
                "partnership_id={}&account=domain%3Atailspintoys.com",
                f.partnership
            )
        }),
        form_row(app::partners::ConfirmImport::PATH, ORG, |f, _| {
            format!(
                "partnership_id={}&upload_id={}&mapping=",
                f.partnership, f.upload
            )
        }),
        json_row(LINKS, |_, c| link::SharedPlan {
            token: c.token.clone(),
        }),
        // About Contoso's action: the view link may not comment, the other partner's link
        // does not see it, the other plan's link does not have it.
        form_row(
            link::LinkComment::PATH,
            [N, N, N, N, Y, Y, N, N, N, N],
            |f, c| {
                format!(
                    "token={}&about=action%3A{}&body=Looks+right&name=Mei",
                    c.token, f.contoso_action
                )
            },
        ),
        form_row(
            link::LinkUpdate::PATH,
            [N, N, N, N, N, Y, N, N, N, N],
            |f, c| {
                format!(
                    "token={}&about=action%3A{}&seen=open&status=open&note=On+it&name=Mei",
                    c.token, f.contoso_action
                )
            },
        ),
        // Each update link adds actions for its own party on its own plan.
        form_row(
            link::LinkAddAction::PATH,
            [N, N, N, N, N, Y, N, N, Y, Y],
            |_, c| format!("token={}&text=Book+the+demo&due_on=&name=Mei", c.token),
        ),
        page_row("/", EVERYONE, |_, _| "/".into()),
        page_row("/login", EVERYONE, |_, _| "/login".into()),
        page_row("/signup", EVERYONE, |_, _| "/signup".into()),
        page_row("/s/{token}", LINKS, |_, c| format!("/s/{}", c.token)),
        page_row("/plans", USERS, |_, _| "/plans".into()),
        page_row("/plans/{id}", ORG, |f, _| format!("/plans/{}", f.plan)),
        page_row("/plans/{id}/owners", ORG, |f, _| {
            format!("/plans/{}/owners", f.plan)
        }),
        page_row("/plans/{id}/calendar", ORG, |f, _| {
            format!("/plans/{}/calendar", f.plan)
        }),
        page_row("/plans/{id}/reviews/{day}", ORG, |f, _| {
            format!("/plans/{}/reviews/{}", f.plan, f.review_day)
        }),
        page_row("/plans/{id}/owners.csv", ORG, |f, _| {
            format!("/plans/{}/owners.csv", f.plan)
        }),
        page_row("/partners", USERS, |_, _| "/partners".into()),
        page_row("/partners/{id}", ORG, |f, _| {
            format!("/partners/{}", f.partnership)
        }),
        page_row("/partners/{id}/import", ORG, |f, _| {
            format!("/partners/{}/import", f.partnership)
        }),
        page_row("/partners/{id}/import/{upload}", ORG, |f, _| {
            format!("/partners/{}/import/{}", f.partnership, f.upload)
        }),
        page_row("/healthz", EVERYONE, |_, _| "/healthz".into()),
    ]
}

/// What a refused call must leave as it was: plans, history, links, comments, feeds.
async fn fingerprint(db: &Db) -> i64 {
    // SUM is NUMERIC on PostgreSQL: the whole is read as one BIGINT on both.
    let sql = "SELECT CAST((SELECT COALESCE(SUM(version), 0) FROM plans) \
               + (SELECT COUNT(*) FROM plans) + (SELECT COUNT(*) FROM plan_history) \
               + (SELECT COUNT(*) FROM share_links WHERE revoked_at IS NULL) \
               + (SELECT COUNT(*) FROM comments) \
               + (SELECT COUNT(*) FROM calendar_feeds WHERE revoked_at IS NULL) AS BIGINT)";
    let value = match db {
        Db::Sqlite(sqlite) => {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&sqlite.read)
                .await
        }
        Db::Postgres(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
    };
    value.expect("the fingerprint reads")
}

/// A link made by `maker` of `org` for partner `partner` of plan `plan_id`, made at
/// `made` and lasting `days`.
async fn link(
    db: &Db,
    (org, maker): (i64, i64),
    (plan_id, partner): (i64, i64),
    scope: Scope,
    made: chrono::DateTime<Utc>,
    days: i64,
) -> (i64, String) {
    let new = NewLink {
        plan_id,
        side: Side::Partner,
        partner_id: Some(partner),
        label: "Matrix link".into(),
        scope,
        expires_in_days: Some(days),
    };
    share::create(db, org, maker, &new, made).await.unwrap()
}

/// The fixture and the ten callers, in `CALLERS`' order.
async fn callers(db: &Db, app: &Router, org: i64) -> (Fixture, Vec<Caller>) {
    let all = plans::list(db, org).await.unwrap();
    let plan = plans::detail(
        db,
        org,
        all.iter()
            .find(|p| p.title.starts_with("Fabrikam data"))
            .unwrap()
            .id,
    )
    .await
    .unwrap();
    let other_plan = plans::detail(db, org, all.iter().find(|p| p.id != plan.id).unwrap().id)
        .await
        .unwrap();
    let (contoso, litware) = (plan.partners[0].id, plan.partners[1].id);
    let contoso_action = plan
        .actions
        .iter()
        .find(|a| a.partner_id == Some(contoso))
        .expect("Contoso has an action")
        .id;
    let maker = users::user_for_login(db, demo::DEMO_EMAIL)
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = Utc::now();
    // Each link: its plan and partner, scope, and when it was made (the expired one three
    // days ago, lasting two); the revoked one is revoked below, the last is the spare the
    // AE revokes.
    let other_partner = other_plan.partners[0].id;
    let specs = [
        (plan.id, contoso, Scope::View, now),
        (plan.id, contoso, Scope::Comment, now),
        (plan.id, contoso, Scope::UpdateOwnActions, now),
        (plan.id, contoso, Scope::UpdateOwnActions, now),
        (
            plan.id,
            contoso,
            Scope::UpdateOwnActions,
            now - Duration::days(3),
        ),
        (other_plan.id, other_partner, Scope::UpdateOwnActions, now),
        (plan.id, litware, Scope::UpdateOwnActions, now),
        (plan.id, contoso, Scope::View, now),
    ];
    let mut made = Vec::new();
    for (plan_id, partner, scope, at) in specs {
        let days = if at < now { 2 } else { 30 };
        made.push(link(db, (org, maker), (plan_id, partner), scope, at, days).await);
    }
    let [view, comment, update, revoked, expired, elsewhere, litware_link, spare] =
        <[(i64, String); 8]>::try_from(made).expect("eight links");
    share::revoke(db, org, plan.id, revoked.0, now)
        .await
        .unwrap();
    let (update_id, spare_link) = (update.0, spare.0);
    let written = app::store::comments::NewComment {
        plan_id: plan.id,
        about: app::domain::visit::About::Plan,
        kind: app::domain::visit::CommentKind::Comment,
        answers: None,
        author: "Mei",
        actor: app::store::history::Actor {
            name: "Mei, through link “Matrix link”",
            link_id: Some(update_id),
        },
        user_id: None,
        body: "A first comment",
    };
    let comment_id = app::store::comments::add(db, org, &written, now)
        .await
        .unwrap();
    let role = app::store::owners::add_role(db, org, "Ann", plan.id, "Matrix fixture role")
        .await
        .unwrap()
        .id;
    let review = plan
        .reviews
        .first()
        .expect("the demo plan has a logged review");
    let partnership = app::store::partnerships::list(db, org)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == plan.partners[0].name)
        .expect("Contoso's partnership")
        .id;
    let fixture = Fixture {
        plan: plan.id,
        title: plan.title.clone(),
        contoso,
        contoso_action,
        economics_line: plan
            .economics
            .first()
            .expect("the demo plan has economics")
            .id,
        milestone: plan
            .milestones
            .first()
            .expect("the demo plan has milestones")
            .id,
        owner: plan.people.first().expect("the demo plan has owners").id,
        role,
        review_id: review.id,
        review_day: review.meeting_on,
        comment: comment_id,
        spare_link,
        partnership,
        upload: app::store::overlap_uploads::create(
            db,
            org,
            partnership,
            "A",
            "empty.csv",
            Ok("Company Name\n".into()),
        )
        .await
        .unwrap(),
    };
    let nosy = nosy_cookie(db, app).await;
    let user = |cookie: String| Caller {
        cookie,
        token: String::new(),
    };
    let holder = |token: String| Caller {
        cookie: String::new(),
        token,
    };
    let callers = vec![
        user(sign_in(app, demo::DEMO_EMAIL, demo::DEMO_PASSWORD).await),
        user(nosy),
        user(String::new()),
        holder(view.1),
        holder(comment.1),
        holder(update.1),
        holder(revoked.1),
        holder(expired.1),
        holder(elsewhere.1),
        holder(litware_link.1),
    ];
    (fixture, callers)
}

fn request(row: &Row, fixture: &Fixture, caller: &Caller) -> Request<Body> {
    let with_cookie = |builder: axum::http::request::Builder| {
        if caller.cookie.is_empty() {
            builder
        } else {
            builder.header(header::COOKIE, &caller.cookie)
        }
    };
    match &row.call {
        Call::Json(body) => json(
            with_cookie(from_site("POST", row.path)),
            &body(fixture, caller),
        ),
        Call::Form(body) => form(
            with_cookie(from_site("POST", row.path)),
            &body(fixture, caller),
        ),
        Call::Page(path) => page_get(&path(fixture, caller), &caller.cookie),
    }
}

#[tokio::test]
async fn every_caller_against_every_server_function_and_page() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let (fixture, mut callers) = callers(&db, &app, org).await;
        let mut wrong = Vec::new();
        for row in matrix() {
            for (i, caller) in callers.iter().enumerate() {
                let before = fingerprint(&db).await;
                let answer = send(&app, request(&row, &fixture, caller)).await;
                let status = answer.status();
                let location = answer
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                // A page with its data decoded: a title in its data is a title shown.
                let body = page_and_data(answer).await;
                let page = matches!(row.call, Call::Page(_));
                let allowed = match (page, status) {
                    // A page: shown (or, for "/", sent on to the plans); a signed-in page
                    // refuses by sending the caller to sign in.
                    (true, StatusCode::OK) => true,
                    (true, StatusCode::FOUND | StatusCode::SEE_OTHER) => row.path == "/",
                    (
                        false,
                        StatusCode::OK | StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY,
                    ) => true,
                    _ => false,
                };
                let refused = match (page, status) {
                    (
                        _,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND,
                    ) => true,
                    (true, StatusCode::FOUND | StatusCode::SEE_OTHER) => {
                        location.as_deref() == Some("/login")
                    }
                    _ => false,
                };
                let expected = row.cells[i];
                if (expected && !allowed) || (!expected && !refused) {
                    wrong.push(format!(
                        "{} × {}: expected {}, got {status} {}",
                        row.path,
                        CALLERS[i],
                        if expected { "allowed" } else { "refused" },
                        body.chars().take(160).collect::<String>()
                    ));
                }
                if !expected {
                    if fingerprint(&db).await != before {
                        wrong.push(format!(
                            "{} × {}: refused, yet something was written",
                            row.path, CALLERS[i]
                        ));
                    }
                    if body.contains(&fixture.title) {
                        wrong.push(format!(
                            "{} × {}: refused, yet the answer names the plan",
                            row.path, CALLERS[i]
                        ));
                    }
                }
            }
            // Signing in, up or out replaces the session a user's cookie named: sign the
            // two users in again for the rows after.
            if [
                app::auth::Login::PATH,
                app::auth::Signup::PATH,
                app::auth::Logout::PATH,
            ]
            .contains(&row.path)
            {
                callers[0].cookie = sign_in(&app, demo::DEMO_EMAIL, demo::DEMO_PASSWORD).await;
                callers[1].cookie = sign_in(&app, NOSY.0, NOSY.1).await;
            }
        }
        assert!(
            wrong.is_empty(),
            "{} cells wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    })
    .await;
}

#[test]
fn every_server_function_and_page_has_a_row() {
    let rows: BTreeSet<String> = matrix().iter().map(|r| r.path.to_string()).collect();
    let functions: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let missing: Vec<_> = functions.difference(&rows).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row: {missing:?}"
    );
    let pages: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    let missing: Vec<_> = pages.difference(&rows).collect();
    assert!(missing.is_empty(), "pages without a row: {missing:?}");
}
