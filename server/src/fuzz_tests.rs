//! Issue 15's bad input everywhere: every server function, signed in as the organisation
//! whose plans it reads and writes, is sent arbitrary JSON and form bodies (wrong types,
//! huge numbers, deep nesting, NUL bytes, invalid UTF-8). Each answer must be a 4xx with a
//! message, never a 5xx, and nothing may be written; the only 2xx is a function without
//! arguments given an object or an array, which is a valid call.

use axum::http::header;
use leptos::server_fn::ServerFn;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use app::store::{test_db, Db};

use crate::http_tests::{demo_app, demo_cookie, from_site, send, text};

/// Bodies per server function and kind (JSON, then raw bytes as a form or JSON).
const CASES: usize = 32;

/// Any JSON value: scalars of every kind (numbers far outside i64, strings with NUL and
/// other controls) nested in arrays and objects, as well as objects with our own keys.
fn any_json() -> impl Strategy<Value = leptos::serde_json::Value> {
    use leptos::serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        Just(json!(1e300)),
        Just(json!(u64::MAX)),
        ".*".prop_map(Value::String),
        "[\\x00-\\x1f\\u{202e}a-z]{0,40}".prop_map(Value::String),
    ];
    let keys = prop_oneof![
        Just("edit".to_string()),
        Just("plan_id".to_string()),
        Just("token".to_string()),
        Just("value".to_string()),
        "[a-z_]{1,12}",
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// What the organisation's data amounts to: a call that wrote anything changes it.
async fn written(db: &Db) -> Vec<i64> {
    let tables = [
        "plans",
        "plan_history",
        "plan_partners",
        "people",
        "share_links",
        "comments",
        "partnerships",
        "users",
        "organisations",
    ];
    let mut counts = Vec::new();
    for table in tables {
        let sql = format!("SELECT count(*) FROM {table}");
        let count: i64 = match db {
            Db::Sqlite(sqlite) => sqlx::query_scalar(&sql).fetch_one(&sqlite.read).await,
            Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|e| panic!("{table}: {e}"));
        counts.push(count);
    }
    counts
}

#[tokio::test]
async fn every_server_function_answers_arbitrary_bodies_with_a_4xx_and_writes_nothing() {
    test_db::each(|db| async move {
        let (_, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let before = written(&db).await;
        let mut runner = TestRunner::deterministic();
        let json_bodies = any_json();
        let raw_bodies = prop::collection::vec(any::<u8>(), 0..200);
        let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path)
            // Signing out takes no arguments, and would end the session the rest use.
            .filter(|path| *path != app::auth::Logout::PATH)
            .collect();
        paths.sort();
        for path in paths {
            let form = app::form_endpoints().contains(&path);
            for case in 0..CASES * 2 {
                let (body, content_type) = if case < CASES {
                    let value = json_bodies.new_tree(&mut runner).unwrap().current();
                    (value.to_string().into_bytes(), "application/json")
                } else if form {
                    let raw = raw_bodies.new_tree(&mut runner).unwrap().current();
                    (raw, "application/x-www-form-urlencoded")
                } else {
                    let raw = raw_bodies.new_tree(&mut runner).unwrap().current();
                    (raw, "application/json")
                };
                let request = from_site("POST", path)
                    .header(header::COOKIE, &cookie)
                    .header(header::CONTENT_TYPE, content_type)
                    .body(axum::body::Body::from(body.clone()))
                    .unwrap();
                let answer = send(&app, request).await;
                let status = answer.status();
                let message = text(answer).await;
                let shown = String::from_utf8_lossy(&body);
                // The one valid call among these: an object (its keys ignored) or an
                // array, serde's two spellings of a struct, to a function that takes
                // no arguments.
                let valid_call = status.is_success()
                    && leptos::serde_json::from_slice::<leptos::serde_json::Value>(&body)
                        .is_ok_and(|v| v.is_object() || v.is_array());
                assert!(
                    status.is_client_error() || valid_call,
                    "{path} answered {status} to {shown:?}: {message}"
                );
                // A valid call's answer is its value, empty for `()` in postcard.
                assert!(
                    valid_call || !message.trim().is_empty(),
                    "{path} answered {status} without a message to {shown:?}"
                );
            }
        }
        assert_eq!(
            written(&db).await,
            before,
            "an arbitrary body wrote something"
        );
    })
    .await;
}
