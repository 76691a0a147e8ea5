use leptos::prelude::*;

use super::{Login, Logout, Signup};
use crate::components::{ErrorNote, FieldMessage, PageTitle};
use crate::domain::limits::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = move || login.value().get().and_then(Result::err);
    view! {
        <PageTitle text="Sign in"/>
        <main class="auth">
            <h1>"Sign in to Coplan"</h1>
            <ActionForm action=login attr:class="stack">
                <ErrorNote error=Signal::derive(error)/>
                <label for="login-email">"Email"</label>
                <input id="login-email" type="email" name="email" required autocomplete="username"
                    maxlength=EMAIL_MAX/>
                <label for="login-password">"Password"</label>
                <input id="login-password" type="password" name="password" required
                    autocomplete="current-password" maxlength=PASSWORD_MAX/>
                <button type="submit" disabled=move || login.pending().get()>"Sign in"</button>
            </ActionForm>
            <p>"New to Coplan? " <a href="/signup">"Create an account"</a></p>
        </main>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let signup = ServerAction::<Signup>::new();
    let error = Signal::derive(move || signup.value().get().and_then(Result::err));
    view! {
        <PageTitle text="Create an account"/>
        <main class="auth">
            <h1>"Create your Coplan account"</h1>
            <ActionForm action=signup attr:class="stack">
                <ErrorNote error/>
                <label for="signup-org">"Organisation"</label>
                <input id="signup-org" name="organisation" required maxlength=ORG_NAME_MAX
                    autocomplete="organization"/>
                <FieldMessage error field="organisation"/>
                <label for="signup-name">"Your name"</label>
                <input id="signup-name" name="name" required maxlength=PERSON_NAME_MAX autocomplete="name"/>
                <FieldMessage error field="name"/>
                <label for="signup-email">"Email"</label>
                <input id="signup-email" type="email" name="email" required maxlength=EMAIL_MAX
                    autocomplete="username"/>
                <FieldMessage error field="email"/>
                <label for="signup-password">"Password"</label>
                <input id="signup-password" type="password" name="password" required
                    minlength=PASSWORD_MIN maxlength=PASSWORD_MAX autocomplete="new-password"/>
                <FieldMessage error field="password"/>
                <button type="submit" disabled=move || signup.pending().get()>"Create account"</button>
            </ActionForm>
            <p>"Have an account? " <a href="/login">"Sign in"</a></p>
        </main>
    }
}

#[component]
pub fn SignOutButton() -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=logout attr:class="inline">
            <button type="submit" class="link">"Sign out"</button>
        </ActionForm>
    }
}
