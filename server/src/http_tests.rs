//! The HTTP surface as an attacker and a browser meet it: cross-site requests, body types,
//! unreadable arguments, headers, sign-in limits, other organisations' ids, and hostile
//! text in every field of a rendered plan. Each runs on SQLite and on PostgreSQL.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use leptos::prelude::LeptosOptions;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

use app::auth::throttle::{Throttle, ACCOUNT_FREE_FAILURES};
use app::error::AppError;
use app::store::{demo, plans, test_db, users, Db};

use crate::{routes, sessions};

pub(crate) const HOST: &str = "coplan.test";
pub(crate) const SITE: &str = "http://coplan.test";

pub(crate) async fn app_on(db: &Db) -> Router {
    let sessions = sessions::Store::for_db(db).await.unwrap();
    let options = LeptosOptions::builder().output_name("coplan").build();
    routes::router(
        db.clone(),
        sessions,
        false,
        Arc::new(Throttle::new(100)),
        options,
    )
}

/// The demo organisation with its real password: (org id, the app).
pub(crate) async fn demo_app(db: &Db) -> (i64, Router) {
    let hash = app::auth::password::hash(demo::DEMO_PASSWORD).unwrap();
    demo::load(db, &hash).await.unwrap();
    let org = users::org_by_name(db, demo::DEMO_ORG)
        .await
        .unwrap()
        .unwrap();
    (org, app_on(db).await)
}

/// A request from the site itself, as a browser sends it.
pub(crate) fn from_site(method: &str, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, SITE)
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "application/json")
}

/// Runs a statement with a text ($1) and an id ($2) straight on the database: how a test
/// puts in place what the app itself would not write.
async fn write_raw(db: &Db, sql: &str, text: &str, id: i64) {
    let written = match db {
        Db::Sqlite(sqlite) => sqlx::query(sql)
            .bind(text)
            .bind(id)
            .execute(&sqlite.write)
            .await
            .map(|done| done.rows_affected()),
        Db::Postgres(pool) => sqlx::query(sql)
            .bind(text)
            .bind(id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()),
    };
    assert!(
        written.expect("the statement runs") > 0,
        "{sql} changed nothing"
    );
}

/// A page, as a signed-in browser asks for it.
/// A page, as a browser asks for it: with its cookies, if it has any ("" for none).
pub(crate) fn page_get(path: &str, cookie: &str) -> Request<Body> {
    let request = Request::get(path).header(header::ACCEPT, "text/html");
    let request = match cookie {
        "" => request,
        cookie => request.header(header::COOKIE, cookie),
    };
    request.body(Body::empty()).unwrap()
}

pub(crate) fn form(builder: axum::http::request::Builder, body: &str) -> Request<Body> {
    builder
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub(crate) fn json(builder: axum::http::request::Builder, body: &str) -> Request<Body> {
    builder
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

pub(crate) async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone().oneshot(request).await.unwrap()
}

pub(crate) async fn text(response: Response<Body>) -> String {
    String::from_utf8_lossy(&bytes(response).await).into_owned()
}

/// A page as a test must read it for what it carries: its markup, then the data it
/// hydrates from (`__RESOLVED_RESOURCES`, postcard in base64: app/src/page_data.rs), each
/// decoded. Strings are their own bytes in postcard, so a name the page carries shows
/// here whether in its markup or in its data.
pub(crate) async fn page_and_data(response: Response<Body>) -> String {
    let mut page = text(response).await;
    let mut data = String::new();
    for script in page.split("__RESOLVED_RESOURCES[").skip(1) {
        let Some(encoded) = script.split('"').nth(1) else {
            continue;
        };
        let decoded =
            app::page_data::page_bytes(encoded).unwrap_or_else(|e| panic!("{e}: {encoded}"));
        data.push('\n');
        data.push_str(&String::from_utf8_lossy(&decoded));
    }
    page.push_str(&data);
    page
}

pub(crate) async fn bytes(response: Response<Body>) -> Vec<u8> {
    to_bytes(response.into_body(), 4 << 20)
        .await
        .unwrap()
        .to_vec()
}

/// A server function's value: postcard, as the page reads it (app/src/page_data.rs).
pub(crate) fn answer<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    postcard::from_bytes(bytes).unwrap_or_else(|error| {
        panic!(
            "not a postcard answer ({error}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// Saves a plan's title as the editor does, expecting `expected`: the server's answer.
pub(crate) async fn save_title_answer(
    app: &Router,
    cookie: &str,
    plan: i64,
    expected: &str,
    value: &str,
) -> Response<Body> {
    let edit = leptos::serde_json::json!({ "edit": {
        "plan_id": plan, "field": "PlanTitle", "row": null, "expected": expected, "value": value,
    }});
    let request = from_site("POST", app::plan::SaveField::PATH).header(header::COOKIE, cookie);
    send(app, json(request, &edit.to_string())).await
}

/// Saves a plan's title, which must be answered: saved or a conflict.
pub(crate) async fn save_title(
    app: &Router,
    cookie: &str,
    plan: i64,
    expected: &str,
    value: &str,
) -> app::domain::edit::SaveOutcome {
    let answer = save_title_answer(app, cookie, plan, expected, value).await;
    assert_eq!(answer.status(), StatusCode::OK);
    leptos::serde_json::from_str(&text(answer).await).expect("a save's outcome")
}

fn login_path() -> &'static str {
    app::auth::Login::PATH
}

pub(crate) fn login_body(email: &str, password: &str) -> String {
    format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    )
}

/// Signs in and returns the session cookie.
pub(crate) async fn sign_in(app: &Router, email: &str, password: &str) -> String {
    let answer = send(
        app,
        form(
            from_site("POST", login_path()),
            &login_body(email, password),
        ),
    )
    .await;
    assert!(answer.status().is_success(), "{}", answer.status());
    session_cookie(&answer).expect("a session cookie")
}

/// Signs in as the demo user and returns the session cookie.
pub(crate) async fn demo_cookie(app: &Router) -> String {
    sign_in(app, demo::DEMO_EMAIL, demo::DEMO_PASSWORD).await
}

/// The user of another organisation ("Nosy"): their email and password.
pub(crate) const NOSY: (&str, &str) = ("nosy@nosy.test", "another long password");

/// Makes the other organisation and signs its user in: their session cookie.
pub(crate) async fn nosy_cookie(db: &Db, app: &Router) -> String {
    let hash = app::auth::password::hash(NOSY.1).unwrap();
    users::create_org_with_user(db, "Nosy", NOSY.0, "N", &hash)
        .await
        .unwrap();
    sign_in(app, NOSY.0, NOSY.1).await
}

pub(crate) fn session_cookie(answer: &Response<Body>) -> Option<String> {
    answer
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("id="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
}

#[tokio::test]
async fn cross_site_writes_are_refused_and_the_sites_own_pass() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let plans_before = plans::list(&db, org).await.unwrap().len();
        let new_plan = "title=Hijack&partner=P&buyer_account=B&partner_role=active\
                        &cycle_days=90&economics=yes&credit=";

        // A cross-site form that rides on the session cookie creates nothing.
        let forged = Request::post(app::plan::CreatePlan::PATH)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "http://evil.example")
            .header("sec-fetch-site", "cross-site")
            .header(header::COOKIE, &cookie);
        let answer = send(&app, form(forged, new_plan)).await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        // An older browser without fetch metadata is judged by its Origin.
        let forged = Request::post(app::plan::CreatePlan::PATH)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "http://evil.example")
            .header(header::COOKIE, &cookie);
        let answer = send(&app, form(forged, new_plan)).await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        assert_eq!(plans::list(&db, org).await.unwrap().len(), plans_before);

        // Login CSRF: another site cannot sign a browser into an account.
        let forged = Request::post(login_path())
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "http://evil.example")
            .header("sec-fetch-site", "cross-site");
        let answer = send(
            &app,
            form(forged, &login_body(demo::DEMO_EMAIL, demo::DEMO_PASSWORD)),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        assert_eq!(session_cookie(&answer), None);
        for path in [app::auth::Signup::PATH, app::auth::Logout::PATH] {
            let forged = Request::post(path)
                .header(header::HOST, HOST)
                .header("sec-fetch-site", "cross-site")
                .header(header::COOKIE, &cookie);
            assert_eq!(
                send(&app, form(forged, "")).await.status(),
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }

        // The site's own plain form post (JavaScript off) still creates the plan.
        let own = Request::post(app::plan::CreatePlan::PATH)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, SITE)
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, &cookie)
            .header(header::ACCEPT, "text/html,application/xhtml+xml");
        let answer = send(&app, form(own, new_plan)).await;
        let status = answer.status();
        let headers = answer.headers().clone();
        assert!(
            status.is_redirection(),
            "{status} {headers:?} {}",
            text(answer).await
        );
        let all = plans::list(&db, org).await.unwrap();
        assert_eq!(all.len(), plans_before + 1);
        // ... and opens it.
        let newest = all.iter().map(|p| p.id).max().unwrap();
        assert_eq!(
            headers.get(header::LOCATION).and_then(|v| v.to_str().ok()),
            Some(format!("/plans/{newest}").as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn server_functions_read_only_their_own_body_type() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let save = app::plan::SaveField::PATH;
        let edit =
            r#"{"edit":{"plan_id":1,"field":"PlanTitle","row":null,"expected":"","value":"x"}}"#;
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            let request = from_site("POST", save)
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(edit))
                .unwrap();
            let answer = send(&app, request).await;
            assert_eq!(
                answer.status(),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type}"
            );
        }
        let answer = send(
            &app,
            json(
                from_site("POST", login_path()),
                r#"{"email":"a","password":"b"}"#,
            ),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    })
    .await;
}

#[tokio::test]
async fn unreadable_arguments_are_a_400_with_a_clear_message() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let bodies: [(&str, Vec<u8>); 5] = [
            (app::plan::SaveField::PATH, b"not json".to_vec()),
            (
                app::plan::SaveField::PATH,
                br#"{"edit":"a string"}"#.to_vec(),
            ),
            (
                app::plan::SaveField::PATH,
                b"{\"edit\":\"\xff\xfe\"}".to_vec(),
            ),
            (
                app::plan::RemoveRow::PATH,
                br#"{"plan_id":9223372036854775808,"list":"Actions","id":1}"#.to_vec(),
            ),
            (
                app::plan::RemoveRow::PATH,
                br#"{"plan_id":1,"list":"Secrets","id":1}"#.to_vec(),
            ),
        ];
        for (path, body) in bodies {
            let request = from_site("POST", path)
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.clone()))
                .unwrap();
            let answer = send(&app, request).await;
            assert_eq!(
                answer.status(),
                StatusCode::BAD_REQUEST,
                "{}",
                String::from_utf8_lossy(&body)
            );
            let id = answer.headers()[crate::request_log::HEADER].clone();
            let error: AppError = leptos::serde_json::from_str(&text(answer).await).unwrap();
            assert_eq!(error.cause(), &AppError::Outdated);
            assert_eq!(error.reference().0, id.to_str().unwrap());
            assert!(error.to_string().contains("could not read this request"));
        }
    })
    .await;
}

#[tokio::test]
async fn answers_carry_the_security_headers() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let page = send(
            &app,
            Request::get("/login")
                .header(header::HOST, HOST)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(page.status(), StatusCode::OK);
        let headers = page.headers().clone();
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        // The policy's nonce is the one on the page's own inline scripts.
        let html = text(page).await;
        let document = scraper::Html::parse_document(&html);
        let scripts = scraper::Selector::parse("script").unwrap();
        let mut inline = 0;
        for script in document.select(&scripts) {
            let nonce = script
                .value()
                .attr("nonce")
                .expect("every script has the nonce");
            assert!(policy.contains(&format!("'nonce-{nonce}'")), "{policy}");
            inline += 1;
        }
        assert!(inline > 0, "the page has its hydration script: {html}");

        // A built file that is not there is not kept by anyone.
        let missing = send(
            &app,
            Request::get("/pkg/coplan.0000.js")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.headers()[header::CACHE_CONTROL], "no-store");
    })
    .await;
}

#[tokio::test]
async fn sign_in_slows_down_after_repeated_failures() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let attempt = |password: &'static str| {
            let app = app.clone();
            async move {
                send(
                    &app,
                    form(
                        from_site("POST", login_path()),
                        &login_body(demo::DEMO_EMAIL, password),
                    ),
                )
                .await
            }
        };
        for _ in 0..ACCOUNT_FREE_FAILURES {
            assert_eq!(
                attempt("wrong password").await.status(),
                StatusCode::UNAUTHORIZED
            );
        }
        let held = attempt("wrong password").await;
        assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = held.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=2).contains(&wait), "{wait}");
        let error: AppError = leptos::serde_json::from_str(&text(held).await).unwrap();
        assert!(error
            .to_string()
            .starts_with("Too many attempts. Please wait"));
        // Even the right password waits its turn: the guesser learns nothing meanwhile.
        assert_eq!(
            attempt(demo::DEMO_PASSWORD).await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );
    })
    .await;
}

#[tokio::test]
async fn another_organisations_plan_page_is_a_404() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let theirs = plans::list(&db, org).await.unwrap()[0].id;
        let cookie = nosy_cookie(&db, &app).await;
        for path in [format!("/plans/{theirs}"), "/plans/999999".to_string()] {
            let page = send(&app, page_get(&path, &cookie)).await;
            assert_eq!(page.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(text(page).await.contains("Plan not found"));
        }
    })
    .await;
}

/// Every way out of an element's text that the page has: the ends of the raw-text
/// elements, a script's end, an attribute's end, a template's braces.
const HOSTILE: &str = r#"</title></textarea></script>'"><img src=x onerror=alert(1)>{{7*7}}"#;

#[tokio::test]
async fn hostile_text_in_every_field_is_shown_as_text() {
    use app::domain::edit::{Field, Kind};
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        // The largest demo plan: it has a row in every list.
        let all = plans::all(&db, org).await.unwrap();
        let plan = all.into_iter().max_by_key(|p| p.actions.len()).unwrap();
        let plan_id = plan.id;
        let mut written = 0;
        for field in Field::ALL.iter().copied() {
            if !matches!(field.kind(), Kind::Text { .. }) {
                continue;
            }
            let table = app::store::columns::table(field.holder());
            let column = app::store::columns::column(field);
            let row = match table {
                "plans" => plan.id,
                "plan_partners" => plan.partners[0].id,
                "plan_accounts" => plan.accounts[0].id,
                "people" => plan.people[0].person_id,
                "review_logs" => plan.reviews[0].id,
                "milestones" => plan.milestones[0].id,
                "actions" => plan.actions[0].id,
                "economics_lines" => plan.economics[0].id,
                other => panic!("a text field of {other}: give it a row here"),
            };
            let sql = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
            write_raw(&db, &sql, HOSTILE, row).await;
            written += 1;
        }
        assert!(written >= 10, "every text field: {written}");
        // A custom role's name is text a person typed too: a row header of the grid.
        let role = plan
            .roles
            .first()
            .expect("the largest demo plan has a custom role");
        write_raw(
            &db,
            "UPDATE plan_roles SET label = $1 WHERE id = $2",
            HOSTILE,
            role.id,
        )
        .await;

        let page = send(&app, page_get(&format!("/plans/{plan_id}"), &cookie)).await;
        assert_eq!(page.status(), StatusCode::OK);
        let policy = page.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        let html = text(page).await;
        let document = scraper::Html::parse_document(&html);
        let select = |css: &str| scraper::Selector::parse(css).unwrap();

        // Nothing of the text became markup: no image, no handler, no foreign script.
        assert_eq!(document.select(&select("img")).count(), 0, "{html}");
        for element in document.select(&select("*")) {
            for (name, _) in element.value().attrs() {
                assert!(!name.starts_with("on"), "an inline handler: {name}");
            }
        }
        for script in document.select(&select("script")) {
            let nonce = script.value().attr("nonce").unwrap_or("none");
            assert!(
                policy.contains(&format!("'nonce-{nonce}'")),
                "a script the page did not write: {}",
                script.html()
            );
        }
        // And it reads back as it was typed, in the title, the heading and the fields.
        let title: String = document
            .select(&select("title"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(title, format!("{HOSTILE} · Coplan"));
        let heading: String = document
            .select(&select("h1"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(heading, HOSTILE);
        let textareas: Vec<String> = document
            .select(&select("textarea"))
            .map(|t| t.text().collect())
            .collect();
        assert!(textareas.len() >= 2, "{textareas:?}");
        assert!(textareas.iter().all(|t| t == HOSTILE), "{textareas:?}");
        let inputs = document
            .select(&select("input"))
            .filter(|i| i.value().attr("value") == Some(HOSTILE))
            .count();
        // A person's names and job title are text of the owners grid, not inputs, until
        // the cell is edited.
        // The review log loads in the browser, after the page: its texts are not in it.
        let person_fields = Field::ALL
            .iter()
            .filter(|f| {
                matches!(
                    f.holder(),
                    app::domain::edit::Holder::Person | app::domain::edit::Holder::Review
                )
            })
            .filter(|f| matches!(f.kind(), Kind::Text { .. }))
            .count();
        assert!(
            inputs >= written - textareas.len() - person_fields,
            "{inputs} of {written}"
        );
        let text_of = |css: &str| -> Vec<String> {
            document
                .select(&select(css))
                .map(|e| e.text().collect())
                .collect()
        };
        assert!(text_of(".person-name").contains(&format!("{HOSTILE} {HOSTILE}")));
        assert!(text_of(".person-title").contains(&HOSTILE.to_string()));
        assert!(
            text_of("th[scope=row]").contains(&HOSTILE.to_string()),
            "the custom role"
        );
    })
    .await;
}

/// However active, a session ends 30 days after its sign-in: a session signed in 29 days
/// ago still opens the plans, one signed in 31 days ago is sent to sign in again.
#[tokio::test]
async fn a_session_ends_thirty_days_after_its_sign_in() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::SessionStore;
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let user = users::user_for_login(&db, demo::DEMO_EMAIL)
            .await
            .unwrap()
            .unwrap();
        let store = sessions::Store::for_db(&db).await.unwrap();
        let now = chrono::Utc::now();
        for (days_ago, still_in) in [(29, true), (31, false)] {
            let signed_in_at = now - chrono::TimeDelta::days(days_ago);
            let mut record = Record {
                id: Id::default(),
                data: [
                    ("user_id".to_string(), leptos::serde_json::json!(user.id)),
                    (
                        "signed_in_at".to_string(),
                        leptos::serde_json::json!(signed_in_at),
                    ),
                    ("seen_at".to_string(), leptos::serde_json::json!(now)),
                ]
                .into(),
                expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
            };
            store.create(&mut record).await.unwrap();
            let page = send(&app, page_get("/plans", &format!("id={}", record.id))).await;
            if still_in {
                assert_eq!(page.status(), StatusCode::OK, "{days_ago} days");
            } else {
                assert!(
                    page.status().is_redirection(),
                    "{days_ago} days: {}",
                    page.status()
                );
                assert_eq!(page.headers()[header::LOCATION], "/login");
            }
        }
    })
    .await;
}

/// The plans list shows titles, partners and buyers, and every page the person and their
/// organisation: hostile ones stay text there too.
#[tokio::test]
async fn hostile_text_in_the_plans_list_is_shown_as_text() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let new = app::domain::NewPlan {
            title: HOSTILE.into(),
            partner: HOSTILE.into(),
            buyer_account: HOSTILE.into(),
            credit: None,
        };
        plans::create(&db, org, "Ann", &new).await.unwrap();
        // The signed-in person and their organisation are named on every page.
        for sql in [
            "UPDATE organisations SET name = $1 WHERE id = $2",
            "UPDATE users SET display_name = $1 WHERE org_id = $2",
        ] {
            write_raw(&db, sql, HOSTILE, org).await;
        }
        let page = send(&app, page_get("/plans", &cookie)).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = text(page).await;
        let document = scraper::Html::parse_document(&html);
        let select = |css: &str| scraper::Selector::parse(css).unwrap();
        assert_eq!(document.select(&select("img")).count(), 0, "{html}");
        let cells: Vec<String> = document
            .select(&select("td, th"))
            .map(|c| c.text().collect::<String>())
            .filter(|t| t == HOSTILE)
            .collect();
        assert!(
            cells.len() >= 3,
            "title, partner and buyer as text: {cells:?}"
        );
        let who: String = document
            .select(&select(".who"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(who, format!("{HOSTILE} · {HOSTILE}"));
    })
    .await;
}

/// A request reads its caller once (`UsersOfRequest`), and only for itself: the next
/// request sees the person as they are now.
#[tokio::test]
async fn each_request_reads_its_caller_afresh() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let who = |html: String| {
            let document = scraper::Html::parse_document(&html);
            let selector = scraper::Selector::parse(".who").unwrap();
            let found = document
                .select(&selector)
                .next()
                .map(|e| e.text().collect::<String>());
            found.unwrap_or_default()
        };
        for name in ["Ann Before", "Ann After"] {
            write_raw(
                &db,
                "UPDATE users SET display_name = $1 WHERE org_id = $2",
                name,
                org,
            )
            .await;
            // A plan page asks who is calling for its frame and for its plan.
            let page = send(&app, page_get("/plans/1", &cookie)).await;
            assert_eq!(page.status(), StatusCode::OK);
            assert!(who(text(page).await).starts_with(&format!("{name} · ")));
        }
    })
    .await;
}

/// Each page of a plan reads the plan once: built inside the signed-in frame's `Suspense`,
/// a page was built again when the caller's data arrived, and its plan read (and carried
/// in the page) twice or three times, depending on which came first.
#[tokio::test]
async fn a_plans_pages_carry_its_data_once() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let plan = &plans::list(&db, org).await.unwrap()[0];
        for page in ["", "/owners", "/calendar"] {
            let path = format!("/plans/{}{page}", plan.id);
            // Several loads, as the order in which the two reads finish varies.
            for _ in 0..5 {
                let answer = send(&app, page_get(&path, &cookie)).await;
                assert_eq!(answer.status(), StatusCode::OK);
                let html = text(answer).await;
                let copies = html.matches("__RESOLVED_RESOURCES[").count();
                // The caller's data and the page's own: nothing twice.
                assert_eq!(copies, 2, "{path} carries {copies} copies of data");
            }
        }
    })
    .await;
}

/// A signed-out visit to a signed-in page is sent to sign in, whichever is refused last:
/// the frame's read of the caller (which redirects) or the page's own (a 401).
#[tokio::test]
async fn signed_out_pages_redirect_to_sign_in() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let plan = plans::list(&db, org).await.unwrap()[0].id;
        for path in [
            "/plans".to_string(),
            format!("/plans/{plan}"),
            format!("/plans/{plan}/owners"),
            format!("/plans/{plan}/calendar"),
            "/partners".to_string(),
        ] {
            for _ in 0..5 {
                let page = send(&app, page_get(&path, "")).await;
                assert!(page.status().is_redirection(), "{path}: {}", page.status());
                assert_eq!(page.headers()[header::LOCATION], "/login", "{path}");
            }
        }
    })
    .await;
}

/// Sign-ups are limited per client address (the connection's, as `listen` passes it on):
/// past the allowance the next waits, told how long; another address is not held up.
#[tokio::test]
async fn sign_ups_are_limited_per_address() {
    use axum::extract::ConnectInfo;
    test_db::each(|db| async move {
        let sessions = sessions::Store::for_db(&db).await.unwrap();
        let options = LeptosOptions::builder().output_name("coplan").build();
        let app = routes::router(db, sessions, false, Arc::new(Throttle::new(1)), options);
        let sign_up = |from: &str, n: u32| {
            let mut request = form(
                from_site("POST", app::auth::Signup::PATH),
                &format!(
                    "organisation=Org+{n}&name=Ann&email=ann{n}%40example.test&password=long+enough+password"
                ),
            );
            let address: std::net::SocketAddr = from.parse().unwrap();
            request.extensions_mut().insert(ConnectInfo(address));
            request
        };
        let first = send(&app, sign_up("192.0.2.1:5000", 1)).await;
        assert!(first.status().is_success(), "{}", first.status());
        let second = send(&app, sign_up("192.0.2.1:5001", 2)).await;
        assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(second.headers().contains_key(header::RETRY_AFTER));
        let error: AppError = leptos::serde_json::from_str(&text(second).await).unwrap();
        assert!(matches!(error.cause(), AppError::TooManyAttempts(_)), "{error:?}");
        let elsewhere = send(&app, sign_up("198.51.100.7:5000", 3)).await;
        assert!(elsewhere.status().is_success(), "{}", elsewhere.status());
    })
    .await;
}

#[tokio::test]
async fn a_calendar_feed_opens_by_its_key_alone_until_revoked() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let all = plans::list(&db, org).await.unwrap();
        let plan = all
            .iter()
            .find(|p| p.title.starts_with("Fabrikam"))
            .unwrap()
            .id;
        let cookie = demo_cookie(&app).await;
        let page = send(
            &app,
            page_get(&format!("/plans/{plan}/calendar?view=week"), &cookie),
        )
        .await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(text(page).await.contains("Week of"));

        let made = send(
            &app,
            json(
                from_site("POST", app::cadence::NewFeedKey::PATH).header(header::COOKIE, &cookie),
                &format!(r#"{{"plan_id":{plan}}}"#),
            ),
        )
        .await;
        assert_eq!(made.status(), StatusCode::OK);
        let path: String = answer(&bytes(made).await);
        assert!(path.starts_with(&format!("/plans/{plan}/calendar/")) && path.ends_with(".ics"));
        // No cookie: the key is the credential.
        let get = |path: String| Request::get(path).body(Body::empty()).unwrap();
        let feed = send(&app, get(path.clone())).await;
        assert_eq!(feed.status(), StatusCode::OK);
        assert_eq!(
            feed.headers()[header::CONTENT_TYPE],
            "text/calendar; charset=utf-8"
        );
        let body = text(feed).await;
        assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(body.contains("RRULE:FREQ=WEEKLY"), "{body}");
        // The same key on another plan, a made-up key, or no .ics: nothing.
        let key = path.rsplit('/').next().unwrap().to_string();
        let other = all.iter().find(|p| p.id != plan).unwrap().id;
        for wrong in [
            format!("/plans/{other}/calendar/{key}"),
            format!("/calendar/{key}"),
            "/calendar/0123456789abcdef0123456789abcdef.ics".to_string(),
            path.trim_end_matches(".ics").to_string(),
        ] {
            let answer = send(&app, get(wrong.clone())).await;
            assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{wrong}");
        }
        let revoked = send(
            &app,
            json(
                from_site("POST", app::cadence::RevokeFeedKey::PATH)
                    .header(header::COOKIE, &cookie),
                &format!(r#"{{"plan_id":{plan}}}"#),
            ),
        )
        .await;
        assert_eq!(revoked.status(), StatusCode::OK);
        assert_eq!(send(&app, get(path)).await.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn changing_the_review_day_keeps_the_meetings_already_held() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let all = plans::list(&db, org).await.unwrap();
        let plan = all.iter().find(|p| p.title.starts_with("Fabrikam")).unwrap().id;
        let before = plans::detail(&db, org, plan).await.unwrap();
        let weekday = before.schedule.weekday.clone().unwrap();
        let series = app::cadence::series::Series::of(&before).unwrap();
        let held: Vec<_> = series
            .between(series.beginning(), chrono::Utc::now(), &before.review_exceptions)
            .unwrap()
            .into_iter()
            .map(|o| o.occurs_on)
            .collect();
        assert!(!held.is_empty(), "the demo plan has had reviews");
        let cookie = demo_cookie(&app).await;
        let other = if weekday == "Wed" { "Thu" } else { "Wed" };
        let edit = format!(
            r#"{{"edit":{{"plan_id":{plan},"field":"CadenceWeekday","row":null,"expected":"{weekday}","value":"{other}"}}}}"#
        );
        let saved = send(
            &app,
            json(
                from_site("POST", app::plan::SaveField::PATH).header(header::COOKIE, &cookie),
                &edit,
            ),
        )
        .await;
        assert_eq!(saved.status(), StatusCode::OK, "{}", text(saved).await);
        let after = plans::detail(&db, org, plan).await.unwrap();
        assert_eq!(after.schedule.weekday.as_deref(), Some(other));
        let kept: Vec<_> = after.held_meetings.iter().map(|o| o.occurs_on).collect();
        assert_eq!(kept, held, "the meetings held stay where they were");
        // Their pages still open, on the day they took place.
        let last = held.last().unwrap();
        let page = send(&app, page_get(&format!("/plans/{plan}/reviews/{last}"), &cookie)).await;
        assert_eq!(page.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn shared_links_are_made_listed_and_revoked_by_the_plans_organisation_only() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let all = plans::list(&db, org).await.unwrap();
        let plan = all.iter().find(|p| p.title.starts_with("Fabrikam")).unwrap().id;
        let partner = plans::detail(&db, org, plan).await.unwrap().partners[0].id;
        let cookie = demo_cookie(&app).await;
        let call = |path: &'static str, cookie: String, body: String| {
            let app = app.clone();
            async move {
                let answer = send(
                    &app,
                    json(from_site("POST", path).header(header::COOKIE, cookie), &body),
                )
                .await;
                (answer.status(), bytes(answer).await)
            }
        };
        let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let new = format!(
            r#"{{"new":{{"plan_id":{plan},"side":"Partner","partner_id":{partner},"label":"Mei at Contoso","scope":"UpdateOwnActions","expires_in_days":null}}}}"#
        );
        let (status, made) = call(app::share::CreateLink::PATH, cookie.clone(), new.clone()).await;
        assert_eq!(status, StatusCode::OK, "{}", said(&made));
        let made: app::share::CreatedLink = answer(&made);
        let token = made.path.strip_prefix("/s/").unwrap().to_string();
        assert_eq!(token.len(), 32);

        // The list says who it is for, its scope and expiry, and never the token.
        let list = format!(r#"{{"plan_id":{plan}}}"#);
        let (status, listed) = call(app::share::PlanLinks::PATH, cookie.clone(), list.clone()).await;
        assert_eq!(status, StatusCode::OK);
        // Strings are their own bytes in postcard: the token would show in the raw answer.
        assert!(!said(&listed).contains(&token));
        let listed: Vec<app::domain::share::LinkSummary> = answer(&listed);
        assert!(listed.iter().any(|l| l.label == "Mei at Contoso"
            && l.scope == app::domain::share::Scope::UpdateOwnActions));

        // A vendor link, an empty label, a partner of no plan of ours: refused, clearly.
        let bad = new.replace(r#""label":"Mei at Contoso""#, r#""label":"""#);
        let (status, refusal) = call(app::share::CreateLink::PATH, cookie.clone(), bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let refusal = said(&refusal);
        assert!(refusal.contains("Say who the link is for."), "{refusal}");
        let vendor = new.replace(
            &format!(r#""side":"Partner","partner_id":{partner}"#),
            r#""side":"Vendor","partner_id":null"#,
        );
        let (status, _) = call(app::share::CreateLink::PATH, cookie.clone(), vendor).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Another organisation: not found, for each of the three.
        let nosy = nosy_cookie(&db, &app).await;
        let revoke = format!(r#"{{"plan_id":{plan},"link_id":{}}}"#, made.id);
        for (path, body) in [
            (app::share::CreateLink::PATH, new.clone()),
            (app::share::PlanLinks::PATH, list.clone()),
            (app::share::RevokeLink::PATH, revoke.clone()),
        ] {
            let (status, _) = call(path, nosy.clone(), body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        // Signed out: asked to sign in.
        let (status, _) = call(app::share::PlanLinks::PATH, String::new(), list.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let (status, _) = call(app::share::RevokeLink::PATH, cookie.clone(), revoke).await;
        assert_eq!(status, StatusCode::OK);
        let now = chrono::Utc::now();
        assert_eq!(app::store::share::resolve(&db, &token, now).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn a_partners_link_page_shows_nothing_of_the_other_partner() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let all = plans::list(&db, org).await.unwrap();
        let plan_id = all
            .iter()
            .find(|p| p.title.starts_with("Fabrikam"))
            .unwrap()
            .id;
        let plan = plans::detail(&db, org, plan_id).await.unwrap();
        assert!(
            plan.partners.len() >= 2,
            "the demo plan runs with two partners"
        );
        let (first, second) = (&plan.partners[0], &plan.partners[1]);
        let new = app::domain::share::NewLink {
            plan_id,
            side: app::domain::Side::Partner,
            partner_id: Some(second.id),
            label: "Sam".into(),
            scope: app::domain::share::Scope::View,
            expires_in_days: None,
        };
        let maker = users::user_for_login(&db, demo::DEMO_EMAIL)
            .await
            .unwrap()
            .unwrap()
            .id;
        let (link_id, token) = app::store::share::create(&db, org, maker, &new, chrono::Utc::now())
            .await
            .unwrap();
        let get = |path: String| {
            Request::get(path)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap()
        };
        let page = send(&app, get(format!("/s/{token}"))).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(page.headers()["x-robots-tag"], "noindex");
        assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
        let body = page_and_data(page).await;
        assert!(body.contains(&plan.title) && body.contains(&second.name));
        // An owner reads "name, party": the buyer's party carries its own parentheses.
        let buyer = format!("Buyer ({})", plan.buyer_account);
        let owners = body.replace("<!>", "");
        assert!(
            owners.contains(&format!(", {buyer}")),
            "no buyer's owner in the page"
        );
        assert!(
            !owners.contains(&format!("({buyer})")),
            "doubled parentheses"
        );
        assert!(
            !body.contains(&first.name),
            "the other partner's name is in the page"
        );
        for p in plan
            .people
            .iter()
            .filter(|p| p.partner_id == Some(first.id))
        {
            assert!(!body.contains(&p.email), "{} is in the page", p.email);
        }
        for a in plan
            .actions
            .iter()
            .filter(|a| a.partner_id == Some(first.id))
        {
            assert!(!body.contains(&a.text), "{} is in the page", a.text);
        }
        // The visit is counted; a GET changed nothing else.
        let listed = app::store::share::list(&db, org, plan_id).await.unwrap();
        assert_eq!(listed.iter().find(|l| l.id == link_id).unwrap().opened, 1);
        assert_eq!(
            plans::detail(&db, org, plan_id).await.unwrap().version,
            plan.version
        );

        // Unknown, malformed and revoked tokens: the same page, 404.
        app::store::share::revoke(&db, org, plan_id, link_id, chrono::Utc::now())
            .await
            .unwrap();
        for path in [
            format!("/s/{token}"),
            format!("/s/{}", "0".repeat(32)),
            "/s/nope".to_string(),
        ] {
            let page = send(&app, get(path.clone())).await;
            assert_eq!(page.status(), StatusCode::NOT_FOUND, "{path}");
            let body = page_and_data(page).await;
            assert!(body.contains("This link is not valid"), "{path}");
            assert!(!body.contains(&plan.title), "{path}");
        }
    })
    .await;
}

/// The database going away (here its pool closed): a signed-in call and a sign-in both
/// answer 503 with "try again" and the request's reference, not a server error, and
/// /healthz says 503 too.
#[tokio::test]
async fn without_its_database_the_server_answers_503_and_try_again() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        db.close().await;
        let signed_in = send(
            &app,
            json(
                from_site("POST", app::auth::Me::PATH).header(header::COOKIE, &cookie),
                "{}",
            ),
        )
        .await;
        let sign_in = send(
            &app,
            form(
                from_site("POST", login_path()),
                &login_body(demo::DEMO_EMAIL, demo::DEMO_PASSWORD),
            ),
        )
        .await;
        for answer in [signed_in, sign_in] {
            assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
            // The message names the request, as its log line does, for a person's report.
            let id = answer.headers()[crate::request_log::HEADER]
                .to_str()
                .unwrap()
                .to_string();
            let reference = app::error::Reference(id.to_string());
            let error: AppError = leptos::serde_json::from_str(&text(answer).await).unwrap();
            assert_eq!(error.cause(), &AppError::Unavailable);
            assert_eq!(error.reference(), reference);
            let message = error.to_string();
            assert!(message.contains("try again"), "{message}");
            assert!(
                message.ends_with(&format!("(Reference {id}.)")),
                "{message}"
            );
        }
        let health = send(&app, page_get("/healthz", "")).await;
        assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    })
    .await;
}
