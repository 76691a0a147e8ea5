//! A shared link's holder over HTTP, as a browser without JavaScript meets it: forms that
//! post and come back, a name remembered for the link, errors that keep what was typed,
//! changes the AE sees attributed to the link, the "partners see each other" setting and
//! the rate limit. Each runs on SQLite and on PostgreSQL.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use leptos::prelude::LeptosOptions;
use leptos::server_fn::ServerFn;

use app::auth::throttle::Throttle;
use app::domain::share::{NewLink, Scope};
use app::domain::{PlanDetail, Side, WorkStatus};
use app::store::{demo, plans, share, test_db, users, Db};

use crate::http_tests::{
    answer, bytes, demo_app, demo_cookie, form, from_site, json, page_and_data, page_get, send,
    text,
};
use crate::{routes, sessions};

/// The demo plan with two partners, and a link for its first partner (Contoso).
async fn plan_and_link(db: &Db, org: i64, scope: Scope) -> (PlanDetail, i64, String) {
    let all = plans::list(db, org).await.unwrap();
    let id = all
        .iter()
        .find(|p| p.title.starts_with("Fabrikam data"))
        .unwrap()
        .id;
    let plan = plans::detail(db, org, id).await.unwrap();
    let maker = users::user_for_login(db, demo::DEMO_EMAIL)
        .await
        .unwrap()
        .unwrap()
        .id;
    let new = NewLink {
        plan_id: plan.id,
        side: Side::Partner,
        partner_id: Some(plan.partners[0].id),
        label: "Mei at Contoso".into(),
        scope,
        expires_in_days: None,
    };
    let (link_id, token) = share::create(db, org, maker, &new, chrono::Utc::now())
        .await
        .unwrap();
    (plan, link_id, token)
}

/// A form post as a browser without JavaScript sends it from a link's page: HTML accepted,
/// and (the page's Referrer-Policy being no-referrer) no Referer.
fn browser_post(path: &str, body: &str) -> Request<Body> {
    let builder = Request::post(path)
        .header(header::HOST, "coplan.test")
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "text/html,application/xhtml+xml");
    form(builder, body)
}

/// Posts a form as a browser without JavaScript and answers where it is sent back to.
async fn post_back(app: &axum::Router, path: &str, body: &str) -> (String, axum::http::HeaderMap) {
    let answer = send(app, browser_post(path, body)).await;
    assert_eq!(answer.status(), StatusCode::FOUND, "{path}");
    let back = answer.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    (back, answer.headers().clone())
}

#[tokio::test]
async fn a_partner_updates_its_action_without_javascript_and_the_ae_sees_it_as_the_links() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let (plan, link_id, token) = plan_and_link(&db, org, Scope::UpdateOwnActions).await;
        let contoso = plan.partners[0].id;
        let action = plan
            .actions
            .iter()
            .find(|a| a.partner_id == Some(contoso) && a.status != WorkStatus::Done)
            .expect("Contoso has an open action");
        let about = format!("action%3A{}", action.id);

        // A name left out: back to the page with the error and what was typed.
        let body = format!(
            "token={token}&about={about}&seen={}&status=done&note=Sent+the+SOW+%3Cscript%3Ex()%3C%2Fscript%3E&name=",
            action.status.as_str()
        );
        let (back, _) = post_back(&app, app::share::LinkUpdate::PATH, &body).await;
        assert!(
            back.starts_with(&format!("/s/{token}?form=update-action")),
            "{back}"
        );
        let shown = text(send(&app, page_get(&back, "")).await).await;
        assert!(
            shown.contains("Write your name."),
            "the error is on the page"
        );
        assert!(shown.contains("Sent the SOW &lt;script&gt;x()"), "what was typed is kept, as text");
        assert!(!shown.contains("<script>x()"), "and never as markup");
        assert_eq!(
            plans::detail(&db, org, plan.id).await.unwrap().version,
            plan.version,
            "nothing written"
        );

        // With a name: saved, the name kept for this link, and back to the page.
        let body = body.replace("name=", "name=Mei+Chen");
        let (back, headers) = post_back(&app, app::share::LinkUpdate::PATH, &body).await;
        assert!(back.contains("saved=1"), "{back}");
        let cookie = headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            cookie.starts_with(&format!("coplan_visitor_{link_id}=Mei%20Chen")),
            "{cookie}"
        );
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP unless configured: {cookie}");
        let cookie = cookie.split(';').next().unwrap().to_string();
        let shown = text(send(&app, page_get(&back, &cookie)).await).await;
        assert!(shown.contains("Saved."));
        assert!(
            shown.contains(r#"value="Mei Chen""#),
            "the name is offered again"
        );
        assert!(shown.contains("Update from Mei Chen (Contoso"), "{shown}");
        assert!(!shown.contains("<script>x()"));

        let after = plans::detail(&db, org, plan.id).await.unwrap();
        let now = after.actions.iter().find(|a| a.id == action.id).unwrap();
        assert_eq!(now.status, WorkStatus::Done);
        let history = app::store::history::list(&db, org, plan.id, None, false)
            .await
            .unwrap();
        assert!(
            history
                .iter()
                .any(|h| h.actor == "Mei Chen, through link “Mei at Contoso”"
                    && h.field.ends_with(": status")
                    && h.new_value.as_deref() == Some("done")),
            "the status change is the link's in the history"
        );

        // The same change again, from what the page showed before: a visible conflict.
        let (back, _) = post_back(&app, app::share::LinkUpdate::PATH, &body).await;
        let shown = text(send(&app, page_get(&back, "")).await).await;
        assert!(shown.contains("Someone set this to “done”"), "{shown}");

        // A new action for Contoso, and a comment on the plan.
        let add = format!("token={token}&text=Book+the+workshop&due_on=2027-01-15&name=Mei+Chen");
        let (back, _) = post_back(&app, app::share::LinkAddAction::PATH, &add).await;
        assert!(back.ends_with("#own-actions"), "{back}");
        let comment = format!("token={token}&about=plan&body=Can+we+meet+Tuesday%3F&name=Mei+Chen");
        let (back, _) = post_back(&app, app::share::LinkComment::PATH, &comment).await;
        assert!(back.ends_with("#link-comments"), "{back}");
        let after = plans::detail(&db, org, plan.id).await.unwrap();
        let added = after
            .actions
            .iter()
            .find(|a| a.text == "Book the workshop")
            .expect("added");
        assert_eq!(
            (added.side, added.partner_id),
            (Side::Partner, Some(contoso))
        );
        assert_eq!(added.due_on, chrono::NaiveDate::from_ymd_opt(2027, 1, 15));

        // The AE sees the comment and the update, from the link, and answers.
        let ae = demo_cookie(&app).await;
        let listed = send(
            &app,
            json(
                from_site("POST", app::share::PlanComments::PATH).header(header::COOKIE, &ae),
                &format!(r#"{{"plan_id":{}}}"#, plan.id),
            ),
        )
        .await;
        let listed: Vec<app::domain::visit::Comment> = answer(&bytes(listed).await);
        assert_eq!(listed.len(), 2);
        assert!(listed
            .iter()
            .all(|c| c.author == "Mei Chen" && c.via.as_deref() == Some("Mei at Contoso")));
        let question = listed
            .iter()
            .find(|c| c.body == "Can we meet Tuesday?")
            .unwrap();
        let answer = send(
            &app,
            json(
                from_site("POST", app::share::AnswerComment::PATH).header(header::COOKIE, &ae),
                &format!(
                    r#"{{"plan_id":{},"comment_id":{},"body":"Tuesday works"}}"#,
                    plan.id, question.id
                ),
            ),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::OK);
        // The link's page shows the answer as the vendor's, never the user's name.
        let shown = text(send(&app, page_get(&format!("/s/{token}"), "")).await).await;
        assert!(
            shown.contains("Tuesday works") && shown.contains("Comment from Vendor"),
            "{shown}"
        );
        let ae_name = users::user_for_login(&db, demo::DEMO_EMAIL)
            .await
            .unwrap()
            .unwrap()
            .display_name;
        assert!(
            !shown.contains(&format!("from {ae_name}")),
            "the answer is the vendor's, not the user's"
        );
    })
    .await;
}

#[tokio::test]
async fn a_view_link_has_no_form_and_its_posts_are_refused() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let (plan, _, token) = plan_and_link(&db, org, Scope::View).await;
        let shown = text(send(&app, page_get(&format!("/s/{token}"), "")).await).await;
        assert!(shown.contains(&plan.title));
        for control in ["<form", "<textarea", "<select", "<input"] {
            assert!(!shown.contains(control), "a view link's page has {control}");
        }
        let action = plan
            .actions
            .iter()
            .find(|a| a.partner_id == Some(plan.partners[0].id))
            .unwrap();
        let body = format!(
            "token={token}&about=action%3A{}&body=Hi&name=Mei",
            action.id
        );
        let answer = send(
            &app,
            form(from_site("POST", app::share::LinkComment::PATH), &body),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            plans::detail(&db, org, plan.id).await.unwrap().version,
            plan.version
        );
    })
    .await;
}

#[tokio::test]
async fn partners_see_each_other_only_once_the_ae_turns_it_on() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let (plan, _, token) = plan_and_link(&db, org, Scope::View).await;
        let litware = &plan.partners[1];
        let shown = page_and_data(send(&app, page_get(&format!("/s/{token}"), "")).await).await;
        assert!(!shown.contains(&litware.name));
        let ae = demo_cookie(&app).await;
        let on = send(
            &app,
            json(
                from_site("POST", app::share::SetPartnersSeeEachOther::PATH)
                    .header(header::COOKIE, &ae),
                &format!(r#"{{"plan_id":{},"on":true}}"#, plan.id),
            ),
        )
        .await;
        assert_eq!(on.status(), StatusCode::OK);
        let shown = text(send(&app, page_get(&format!("/s/{token}"), "")).await).await;
        assert!(
            shown.contains(&litware.name),
            "the other partner is shown once turned on"
        );
    })
    .await;
}

/// Behind HTTPS (`COPLAN_SECURE_COOKIES`), the visitor's name cookie is `Secure`, as the
/// session's is.
#[tokio::test]
async fn the_visitors_name_cookie_is_secure_where_the_sessions_is() {
    test_db::each(|db| async move {
        let (org, _) = demo_app(&db).await;
        let sessions = sessions::Store::for_db(&db).await.unwrap();
        let options = LeptosOptions::builder().output_name("coplan").build();
        let app = routes::router(
            db.clone(),
            sessions,
            true,
            Arc::new(Throttle::new(10)),
            options,
        );
        let (_, link_id, token) = plan_and_link(&db, org, Scope::Comment).await;
        let body = format!("token={token}&about=plan&body=Looks+good&name=Mei");
        let (back, headers) = post_back(&app, app::share::LinkComment::PATH, &body).await;
        assert!(back.contains("saved=1"), "{back}");
        let cookie = headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with(&format!("coplan_visitor_{link_id}=Mei")),
            "{cookie}"
        );
        assert!(cookie.contains("Secure"), "{cookie}");
    })
    .await;
}

#[tokio::test]
async fn link_requests_are_limited_per_network() {
    test_db::each(|db| async move {
        let sessions = sessions::Store::for_db(&db).await.unwrap();
        let options = LeptosOptions::builder().output_name("coplan").build();
        let throttle = Throttle::new(10).with_link_requests_per_minute(3);
        let app = routes::router(db.clone(), sessions, false, Arc::new(throttle), options);
        let from = |address: &str, path: &str| {
            let mut request = page_get(path, "");
            request.extensions_mut().insert(ConnectInfo(
                address.parse::<std::net::SocketAddr>().unwrap(),
            ));
            request
        };
        for _ in 0..3 {
            let answer = send(&app, from("203.0.113.7:4000", "/s/nope")).await;
            assert_eq!(answer.status(), StatusCode::NOT_FOUND);
        }
        let answer = send(&app, from("203.0.113.7:4001", "/s/nope")).await;
        assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = answer.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        // The link functions count too; another network and other pages do not.
        let mut call = json(
            from_site("POST", app::share::SharedPlan::PATH),
            r#"{"token":"nope"}"#,
        );
        call.extensions_mut().insert(ConnectInfo(
            "203.0.113.7:4002".parse::<std::net::SocketAddr>().unwrap(),
        ));
        assert_eq!(
            send(&app, call).await.status(),
            StatusCode::TOO_MANY_REQUESTS
        );
        let answer = send(&app, from("198.51.100.1:4000", "/s/nope")).await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND);
        let answer = send(&app, from("203.0.113.7:4003", "/login")).await;
        assert_eq!(answer.status(), StatusCode::OK);
    })
    .await;
}
