//! The browser entry point: hydrate the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

/// What a page says when its code stops: most often a chunk of an older build that the
/// server no longer has, after a deploy while the page was open. The page's markup stays,
/// with whatever was typed into it, so the person can copy it before reloading.
const STOPPED: &str = "Coplan was updated while this page was open, or this page stopped \
working. Copy anything you typed that is not saved yet, then reload the page.";

#[wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_stopped();
    }));
    // Routes whose code is in a chunk hydrate once the chunk is loaded (app/src/routes.rs).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    leptos::task::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Marks the page interactive only once hydration has succeeded: tests wait for it.
        let _ = body.set_attribute("data-hydrated", "");
    });
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Puts the STOPPED message at the top of the page, once, as an alert.
fn show_stopped() {
    let Some(document) = document() else { return };
    let (Some(body), Ok(alert)) = (document.body(), document.create_element("p")) else {
        return;
    };
    if document.get_element_by_id("coplan-stopped").is_some() {
        return;
    }
    alert.set_id("coplan-stopped");
    alert.set_class_name("error stopped");
    let _ = alert.set_attribute("role", "alert");
    alert.set_text_content(Some(STOPPED));
    let _ = body.prepend_with_node_1(&alert);
}
