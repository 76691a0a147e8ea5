//! Every error a person can see names its request: the id of the request's log line and
//! of its `x-request-id`, so that "it said …" in a report finds what happened. A refused
//! save, a call without a session, a page or plan or link not found, and the plain-text
//! refusals of the layers before the app.

use axum::body::Body;
use axum::http::{header, Response, StatusCode};
use leptos::server_fn::ServerFn;

use app::error::AppError;
use app::store::{plans, test_db};

use crate::http_tests::{
    demo_app, demo_cookie, form, from_site, json, page_get, save_title_answer, send, text,
};
use crate::request_log;

fn id_of(answer: &Response<Body>) -> String {
    answer.headers()[request_log::HEADER]
        .to_str()
        .expect("an id of ASCII")
        .to_string()
}

/// A server function's error: its id, and the error as the page decodes it.
async fn error_of(answer: Response<Body>) -> (String, AppError) {
    let id = id_of(&answer);
    let error = leptos::serde_json::from_str(&text(answer).await).expect("an error");
    (id, error)
}

#[tokio::test]
async fn a_refused_call_names_its_request() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let plan = plans::list(&db, org).await.unwrap()[0].clone();

        // A title over its limit: the field's message under the field names the request.
        let long = "x".repeat(app::domain::limits::TITLE_MAX + 1);
        let answer = save_title_answer(&app, &cookie, plan.id, &plan.title, &long).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (id, error) = error_of(answer).await;
        assert!(matches!(error.cause(), AppError::Invalid(_)), "{error:?}");
        let under_the_field = error.message_about("value");
        assert!(
            under_the_field.contains("120")
                && under_the_field.ends_with(&format!("(Reference {id}.)")),
            "{under_the_field}"
        );
        // Beside a field of a form, the message alone: the form's note names the request.
        assert!(!error.field_message("value").unwrap().contains("Reference"));

        // A call without a session: "Please sign in", and which request said so.
        let answer = save_title_answer(&app, "", plan.id, &plan.title, "New title").await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        let (id, error) = error_of(answer).await;
        assert_eq!(error.cause(), &AppError::Unauthenticated);
        assert_eq!(
            error.to_string(),
            format!("Please sign in. (Reference {id}.)")
        );

        // A plan that is not there.
        let call = from_site("POST", app::plan::GetPlan::PATH).header(header::COOKIE, &cookie);
        let (id, error) = error_of(send(&app, json(call, r#"{"id":999999}"#)).await).await;
        assert_eq!(error.cause(), &AppError::NotFound);
        assert!(error.to_string().ends_with(&format!("(Reference {id}.)")));
    })
    .await;
}

#[tokio::test]
async fn error_pages_name_their_request() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let cases = [
            ("/no/such/page", "Page not found"),
            // An address the plan's route cannot read, and a plan that is not there.
            ("/plans/abc", "Plan not found"),
            ("/plans/999999", "Plan not found"),
            ("/plans/abc/calendar", "Plan not found"),
            ("/partners/abc", "Partner not found"),
            ("/s/no-such-link", "This link is not valid"),
        ];
        for (path, heading) in cases {
            let page = send(&app, page_get(path, &cookie)).await;
            assert_eq!(page.status(), StatusCode::NOT_FOUND, "{path}");
            let id = id_of(&page);
            // Without the markers hydration reads between a text and a value.
            let html = text(page).await.replace("<!>", "");
            assert!(html.contains(heading), "{path}: {html}");
            assert!(html.contains(&format!("Reference {id}")), "{path}: {html}");
        }
    })
    .await;
}

#[tokio::test]
async fn plain_text_refusals_name_their_request() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let login = app::auth::Login::PATH;

        // A form of another site posting to ours.
        let cross = axum::http::Request::post(login)
            .header(header::HOST, crate::http_tests::HOST)
            .header("sec-fetch-site", "cross-site");
        let cross = form(cross, "email=a&password=b");
        let answer = send(&app, cross).await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        let id = id_of(&answer);
        assert_eq!(
            text(answer).await,
            format!("Refused: this request came from another site. (Reference {id}.)")
        );

        // A body over the limit.
        let huge = format!("email=a&password={}", "x".repeat(2 << 20));
        let sent = from_site("POST", login).header(header::CONTENT_LENGTH, huge.len());
        let answer = send(&app, form(sent, &huge)).await;
        assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let id = id_of(&answer);
        assert!(
            text(answer).await.ends_with(&format!("(Reference {id}.)")),
            "a 413 names its request"
        );
    })
    .await;
}
