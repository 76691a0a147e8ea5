//! The overlap import over HTTP, as a browser without JavaScript drives it, on SQLite and
//! PostgreSQL: upload (multipart, up to 10 MB on this route alone), preview, a fixed
//! mapping, confirm, and the accounts written; and who may do it.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;

use app::store::{overlap, overlap_uploads, partnerships, test_db};

use crate::http_tests::{demo_app, demo_cookie, nosy_cookie, page_get, send, text, HOST, SITE};

const BOUNDARY: &str = "coplan-test-boundary";

/// A multipart form with the file `name` holding `bytes`, as a browser posts it.
fn upload(partnership: i64, cookie: &str, name: &str, bytes: &[u8]) -> Request<Body> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Request::post(format!("/partners/{partnership}/uploads"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, SITE)
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

/// Where the answer sends the browser.
fn location(answer: &axum::response::Response) -> String {
    answer
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A page's status and HTML, without the hydration markers between its nodes.
async fn page(app: &Router, path: &str, cookie: &str) -> (StatusCode, String) {
    let answer = send(app, page_get(path, cookie)).await;
    let status = answer.status();
    let mut html = text(answer).await.replace("<!>", "");
    while let Some(start) = html.find("<!--") {
        let end = html[start..]
            .find("-->")
            .map_or(html.len(), |e| start + e + 3);
        html.replace_range(start..end, "");
    }
    (status, html)
}

/// A byte-order mark, CRLF, a quoted name with a comma, the tool's own header spellings,
/// and one row with a status nobody knows.
const FILE: &[u8] = b"\xEF\xBB\xBFAccount Name,Website,Population,Their Population,Region\r\n\
\"Acme, Inc.\",https://www.acme.test/about,Customers,Prospects,West\r\n\
Globex,globex.test,Opportunities,Customers,East\r\n\
Initech,initech.test,Someday,Customers,East\r\n";

#[tokio::test]
async fn an_overlap_file_is_previewed_remapped_and_imported_without_javascript() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let cookie = demo_cookie(&app).await;
        let contoso = partnerships::list(&db, org)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "Contoso Consulting")
            .unwrap()
            .id;
        let before = overlap::accounts(&db, org, contoso).await.unwrap().len();

        let answer = send(&app, upload(contoso, &cookie, "crossbeam.csv", FILE)).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        let preview = location(&answer);
        assert!(
            preview.starts_with(&format!("/partners/{contoso}/import/")),
            "{preview}"
        );
        let (status, html) = page(&app, &preview, &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Check crossbeam.csv"), "{html}");
        assert!(html.contains("<strong>2</strong> new accounts"), "{html}");
        assert!(
            html.contains("<td>4</td><td>"),
            "the bad row's line: {html}"
        );
        assert!(
            html.contains("Someday"),
            "its reason names the value: {html}"
        );
        assert_eq!(
            overlap::accounts(&db, org, contoso).await.unwrap().len(),
            before,
            "nothing written yet"
        );

        // The user says the segment is in "Region" (column 5): the preview follows.
        let fixed = format!(
            "{preview}?map_company=0&map_domain=1&map_vendor_status=2&map_partner_status=3\
             &map_vendor_owner=&map_partner_owner=&map_segment=4"
        );
        let (_, html) = page(&app, &fixed, &cookie).await;
        assert!(
            html.contains(r#"<option value="4" selected>Column 5: Region</option>"#),
            "{html}"
        );

        let upload_id: i64 = preview.rsplit('/').next().unwrap().parse().unwrap();
        let mapping =
            "map_company%3D0%26map_domain%3D1%26map_vendor_status%3D2%26map_partner_status%3D3\
                       %26map_vendor_owner%3D%26map_partner_owner%3D%26map_segment%3D4";
        let confirm =
            Request::post(<app::partners::ConfirmImport as leptos::server_fn::ServerFn>::PATH)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, SITE)
                .header("sec-fetch-site", "same-origin")
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!(
                    "partnership_id={contoso}&upload_id={upload_id}&mapping={mapping}"
                )))
                .unwrap();
        let answer = send(&app, confirm).await;
        assert!(answer.status().is_redirection(), "{}", answer.status());
        assert_eq!(location(&answer), preview);

        // The import runs in the background: wait for its end, as its page does.
        let mut state = String::new();
        for _ in 0..500 {
            state = overlap_uploads::get(&db, org, contoso, upload_id)
                .await
                .unwrap()
                .state;
            if state != overlap_uploads::IMPORTING {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(state, overlap_uploads::IMPORTED);
        let (_, html) = page(&app, &preview, &cookie).await;
        assert!(
            html.contains("Imported: 2 new, 0 updated and 0 unchanged accounts."),
            "{html}"
        );
        let accounts = overlap::accounts(&db, org, contoso).await.unwrap();
        assert_eq!(accounts.len(), before + 2);
        let acme = accounts.iter().find(|a| a.name == "Acme, Inc.").unwrap();
        assert_eq!(
            (acme.domain.as_deref(), acme.segment.as_str()),
            (Some("acme.test"), "West")
        );
    })
    .await;
}

#[tokio::test]
async fn an_upload_is_only_the_partnerships_organisations_and_has_its_own_limit() {
    test_db::each(|db| async move {
        let (org, app) = demo_app(&db).await;
        let contoso = partnerships::list(&db, org).await.unwrap()[0].id;
        let nosy = nosy_cookie(&db, &app).await;
        assert_eq!(
            send(&app, upload(contoso, &nosy, "x.csv", FILE))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&app, upload(contoso, "", "x.csv", FILE))
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );

        // Past 10 MB: refused with its message, not by a bare status.
        let cookie = demo_cookie(&app).await;
        let mut big = b"Company Name\n".to_vec();
        big.resize(11 * 1024 * 1024, b'a');
        let answer = send(&app, upload(contoso, &cookie, "big.csv", &big)).await;
        assert_eq!(answer.status(), StatusCode::SEE_OTHER);
        let (_, html) = page(&app, &location(&answer), &cookie).await;
        assert!(html.contains("over 10 MB"), "{html}");
        // Another encoding, likewise.
        let answer = send(
            &app,
            upload(contoso, &cookie, "latin1.csv", b"Company Name\nCaf\xe9\n"),
        )
        .await;
        let (_, html) = page(&app, &location(&answer), &cookie).await;
        assert!(html.contains("not UTF-8"), "{html}");

        // Every other route keeps the 1 MB limit.
        let login = Request::post(<app::auth::Login as leptos::server_fn::ServerFn>::PATH)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, SITE)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, 2 * 1024 * 1024)
            .body(Body::from(vec![b'a'; 2 * 1024 * 1024]))
            .unwrap();
        assert_eq!(
            send(&app, login).await.status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
    })
    .await;
}
