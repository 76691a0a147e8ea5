//! A form that posts to a server function by itself: a plain `<form method="post">`, so it
//! works without JavaScript, and with JavaScript the page sends the same fields and stays,
//! keeping what was typed when the server refuses it.
//!
//! Why not Leptos' `ActionForm`: it reads the form into the function's arguments with
//! serde_qs and decodes a refusal from the address with base64, code a page downloads
//! before it answers (issue 14). Here the browser encodes the form (`URLSearchParams`)
//! and the server, which decodes plain forms anyway, reads it. Measured with scripts/size
//! on 2026-12-07: the sign-in page 30 KB of brotli lighter, the plans list 37 KB and a
//! shared link 41 KB.

use leptos::prelude::*;

use crate::error::AppError;

/// A refusal the server put in the page's address after a post without JavaScript, for the
/// form posting to `path`. Decoded on the server; the browser gets it with the page, so
/// its first picture is the server's and the decoder stays out of the browser's download.
pub fn returned_error(path: &'static str) -> Option<AppError> {
    let encoded = leptos::server::SharedValue::new_str(move || {
        #[cfg(feature = "ssr")]
        {
            use leptos::server::ServerActionError;
            use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};
            use_context::<ServerActionError>()
                .filter(|error| error.path() == path)
                .map(|error| ServerFnUrlError::<AppError>::decode_err(error.err()).ser())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = path;
            String::new()
        }
    })
    .into_inner();
    (!encoded.is_empty()).then(|| {
        use leptos::server_fn::error::FromServerFnError;
        AppError::de(encoded.into())
    })
}

/// What a server function answered a form with, as it came (postcard; page_data.rs).
pub struct Answer(leptos::server_fn::Bytes);

impl Answer {
    /// The answer as the type the server function returns, if it is one.
    pub fn value<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        postcard::from_bytes(&self.0).ok()
    }
}

/// A form posting its fields to the server function at `path`. `error` holds the server's
/// refusal (and starts with one returned in the address); `pending` is true while a post
/// is on its way, and a second submit then does nothing. A successful post goes where the
/// server's answer says, if it says; `on_sent` runs as the post leaves, `on_saved` once it
/// succeeded, with the server function's answer.
#[component]
pub fn PostForm(
    path: &'static str,
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] on_sent: Option<Callback<()>>,
    #[prop(optional)] on_saved: Option<Callback<Answer>>,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            event.prevent_default();
            let form = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::HtmlFormElement>().ok());
            let Some(form) = form else { return };
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            if let Some(sent) = on_sent {
                sent.run(());
            }
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                match post(path, &form).await {
                    Ok((location, answer)) => {
                        error.set(None);
                        if let Some(saved) = on_saved {
                            saved.run(answer);
                        }
                        if !location.is_empty() {
                            navigate(&location, Default::default());
                        }
                    }
                    Err(refusal) => error.set(Some(refusal)),
                }
                pending.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, error, pending, on_sent, on_saved);
    };
    view! {
        <form method="post" action=path id=id class=class on:submit=on_submit>
            {children()}
        </form>
    }
}

/// Posts `form`'s fields to `path` as a server-function call (with the page's build);
/// where the server says to go next (empty if nowhere) and its answer, or its refusal.
#[cfg(feature = "hydrate")]
async fn post(path: &str, form: &web_sys::HtmlFormElement) -> Result<(String, Answer), AppError> {
    use leptos::server_fn::client::Client;
    use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
    use leptos::server_fn::request::{browser::BrowserRequest, ClientReq};
    use leptos::server_fn::response::ClientRes;

    let unreadable = || {
        AppError::from_server_fn_error(ServerFnErrorErr::Serialization(
            "the form could not be read".into(),
        ))
    };
    let fields = web_sys::FormData::new_with_form(form).map_err(|_| unreadable())?;
    let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields)
        .map_err(|_| unreadable())?
        .to_string();
    let request = <BrowserRequest as ClientReq<AppError>>::try_new_post(
        path,
        "application/x-www-form-urlencoded",
        "application/json",
        String::from(body),
    )?;
    let response =
        <crate::build::BuildClient as Client<AppError, AppError, AppError>>::send(request).await?;
    if (400..=599).contains(&ClientRes::<AppError>::status(&response)) {
        let body = ClientRes::<AppError>::try_into_bytes(response).await?;
        return Err(AppError::de(body));
    }
    // Only a redirect names a place to go (`location` is otherwise the answer's own URL).
    let location = if ClientRes::<AppError>::has_redirect(&response) {
        ClientRes::<AppError>::location(&response)
    } else {
        String::new()
    };
    Ok((
        location,
        Answer(ClientRes::<AppError>::try_into_bytes(response).await?),
    ))
}
