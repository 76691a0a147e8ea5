use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::{Login, Logout, Signup};
use crate::components::{ErrorNote, FieldMessage, PageTitle};
use crate::domain::limits::*;
use crate::post_form::{returned_error, PostForm};

/// What was typed in `field` before a refusal without JavaScript, which the server sends
/// back in the page's address (`server::back_with_typed`).
fn typed(field: &str) -> String {
    use_query_map()
        .with_untracked(|query| query.get(field))
        .unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let error = RwSignal::new(returned_error(Login::PATH));
    let pending = RwSignal::new(false);
    view! {
        <PageTitle text="Sign in"/>
        <main class="auth">
            <h1>"Sign in to Coplan"</h1>
            <PostForm path=Login::PATH error pending class="stack">
                <ErrorNote error/>
                <label for="login-email">"Email"</label>
                <input id="login-email" type="email" name="email" required autocomplete="username"
                    maxlength=EMAIL_MAX value=typed("email")/>
                <label for="login-password">"Password"</label>
                <input id="login-password" type="password" name="password" required
                    autocomplete="current-password" maxlength=PASSWORD_MAX/>
                <button type="submit" disabled=move || pending.get()>"Sign in"</button>
            </PostForm>
            <p>"New to Coplan? " <a href="/signup">"Create an account"</a></p>
        </main>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let error = RwSignal::new(returned_error(Signup::PATH));
    let pending = RwSignal::new(false);
    view! {
        <PageTitle text="Create an account"/>
        <main class="auth">
            <h1>"Create your Coplan account"</h1>
            <PostForm path=Signup::PATH error pending class="stack">
                <ErrorNote error/>
                <label for="signup-org">"Organisation"</label>
                <input id="signup-org" name="organisation" required maxlength=ORG_NAME_MAX
                    autocomplete="organization" value=typed("organisation")/>
                <FieldMessage error field="organisation"/>
                <label for="signup-name">"Your name"</label>
                <input id="signup-name" name="name" required maxlength=PERSON_NAME_MAX autocomplete="name"
                    value=typed("name")/>
                <FieldMessage error field="name"/>
                <label for="signup-email">"Email"</label>
                <input id="signup-email" type="email" name="email" required maxlength=EMAIL_MAX
                    autocomplete="username" value=typed("email")/>
                <FieldMessage error field="email"/>
                <label for="signup-password">"Password"</label>
                <input id="signup-password" type="password" name="password" required
                    minlength=PASSWORD_MIN maxlength=PASSWORD_MAX autocomplete="new-password"/>
                <FieldMessage error field="password"/>
                <button type="submit" disabled=move || pending.get()>"Create account"</button>
            </PostForm>
            <p>"Have an account? " <a href="/login">"Sign in"</a></p>
        </main>
    }
}

/// A plain form: signing out loads the sign-in page afresh, with nothing of the session's
/// pages left in the browser's memory.
#[component]
pub fn SignOutButton() -> impl IntoView {
    view! {
        <form method="post" action=Logout::PATH class="inline">
            <button type="submit" class="link">"Sign out"</button>
        </form>
    }
}
