//! The routes whose code the browser loads only when a page needs it.
//!
//! The pages come in four groups, each a split point (`#[lazy]`): scripts/build cuts each
//! group's code, and the code only it uses, out of the main bundle into a module of its
//! own, and the server puts preload links for the modules of the page it renders in the
//! page's head. So signing in does not download the plan editor, nor a partner's link the
//! portfolio. Groups rather than a split per page: pages of a group share most of their
//! code, and every split adds modules for the code it shares with each other split
//! (measured 2026-12-06: one split per page took the plan page from 594 to 622 KB brotli
//! in 115 files; see the README).
//!
//! The signed-in pages' frame (`crate::SignedIn`, the top bar and the viewer it loads) is a
//! split of its own, so the sign-in and sign-up pages, the only pages left in the main
//! module, download none of the data loading it brings (measured 2026-12-07: main module
//! 181.7 -> 165.2 KB brotli; a signed-in page pays about 13 KB more for the extra modules).
//!
//! Each route's `preload` awaits its group's module: hydration awaits it before it walks
//! the server's markup, where a module still loading would hydrate as an empty placeholder.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A page of a group, chosen once the group's module is loaded.
#[derive(Clone, Copy, Debug)]
pub enum Page {
    Plans,
    Plan,
    Owners,
    Calendar,
    Review,
    SharedPlan,
    Partnerships,
    Partnership,
    Import,
    ImportPreview,
}

#[lazy]
fn portfolio_pages(_page: Page) -> AnyView {
    view! { <crate::plan::PlansPage/> }.into_any()
}

#[lazy]
fn plan_pages(page: Page) -> AnyView {
    match page {
        Page::Owners => view! { <crate::owners::OwnersPage/> }.into_any(),
        Page::Calendar => view! { <crate::cadence::CalendarPage/> }.into_any(),
        Page::Review => view! { <crate::cadence::ReviewPage/> }.into_any(),
        _ => view! { <crate::plan::PlanPage/> }.into_any(),
    }
}

#[lazy]
fn shared_pages(_page: Page) -> AnyView {
    view! { <crate::share::SharedPlanPage/> }.into_any()
}

#[lazy]
fn partner_pages(page: Page) -> AnyView {
    match page {
        Page::Partnership => view! { <crate::partners::PartnershipPage/> }.into_any(),
        Page::Import => view! { <crate::partners::ImportPage/> }.into_any(),
        Page::ImportPreview => view! { <crate::partners::ImportPreviewPage/> }.into_any(),
        _ => view! { <crate::partners::PartnershipsPage/> }.into_any(),
    }
}

/// A route to `$page` of the group whose split function is `$group`.
macro_rules! lazy_page {
    ($route:ident, $page:ident, $group:ident, $preload:ident) => {
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                $group(Page::$page).await
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    };
}

lazy_page!(
    PlansRoute,
    Plans,
    portfolio_pages,
    __preload_portfolio_pages
);
lazy_page!(PlanRoute, Plan, plan_pages, __preload_plan_pages);
lazy_page!(OwnersRoute, Owners, plan_pages, __preload_plan_pages);
lazy_page!(CalendarRoute, Calendar, plan_pages, __preload_plan_pages);
lazy_page!(ReviewRoute, Review, plan_pages, __preload_plan_pages);
lazy_page!(
    SharedPlanRoute,
    SharedPlan,
    shared_pages,
    __preload_shared_pages
);
lazy_page!(
    PartnershipsRoute,
    Partnerships,
    partner_pages,
    __preload_partner_pages
);
lazy_page!(
    PartnershipRoute,
    Partnership,
    partner_pages,
    __preload_partner_pages
);
lazy_page!(ImportRoute, Import, partner_pages, __preload_partner_pages);
lazy_page!(
    ImportPreviewRoute,
    ImportPreview,
    partner_pages,
    __preload_partner_pages
);

#[lazy]
fn signed_in_frame() -> AnyView {
    view! { <crate::SignedIn/> }.into_any()
}

/// The frame of every signed-in page (`crate::SignedIn`), in a module of its own: its
/// data loading stays out of the sign-in page's download.
pub struct SignedInRoute;

impl LazyRoute for SignedInRoute {
    fn data() -> Self {
        Self
    }

    async fn view(_this: Self) -> AnyView {
        signed_in_frame().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_signed_in_frame().await;
    }
}
