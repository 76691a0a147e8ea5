use serde::{Deserialize, Serialize};

use super::limits::*;

/// One field that was rejected, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every rejected field of one submission, so the form can show them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn check(&mut self, field: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(FieldError {
                field: field.to_string(),
                message,
            });
        }
    }

    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join(" "))
    }
}

/// A required text of at most `max` characters (counted as characters, not bytes).
pub fn required_text(label: &str, value: &str, max: usize) -> Result<(), String> {
    let len = value.trim().chars().count();
    if len == 0 {
        Err(format!("{label} is required."))
    } else {
        optional_text(label, value, max)
    }
}

/// An optional one-line text of at most `max` characters.
pub fn optional_text(label: &str, value: &str, max: usize) -> Result<(), String> {
    at_most(label, value, max)?;
    plain_text(label, value, false)
}

/// An optional text of several lines (tabs and line breaks allowed).
pub fn optional_lines(label: &str, value: &str, max: usize) -> Result<(), String> {
    at_most(label, value, max)?;
    plain_text(label, value, true)
}

fn at_most(label: &str, value: &str, max: usize) -> Result<(), String> {
    if value.trim().chars().count() > max {
        Err(format!("{label} must be at most {max} characters."))
    } else {
        Ok(())
    }
}

/// Refuses what no field should hold: control characters (a NUL, an escape; tabs and
/// line breaks only where the field has lines) and the invisible marks that reorder text
/// (Unicode's bidirectional embeddings, overrides, isolates and marks), which make a text
/// read otherwise than it is: "exe.txt" shown for "txt.exe".
pub fn plain_text(label: &str, value: &str, multiline: bool) -> Result<(), String> {
    let bad = value.chars().find(|c| {
        let line_space = multiline && matches!(c, '\t' | '\n' | '\r');
        (c.is_control() && !line_space) || is_bidi_control(*c)
    });
    match bad {
        Some(c) => Err(format!(
            "{label} cannot hold the invisible character U+{:04X}; remove it and save again.",
            c as u32
        )),
        None => Ok(()),
    }
}

/// UAX #9's explicit formatting characters and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A deliberately plain check: one `@`, a non-empty local part, a dotted domain, no spaces.
/// Whether the address exists is for the mail server to say.
pub fn email(value: &str) -> Result<(), String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("Email is required.".into());
    }
    if value.chars().count() > EMAIL_MAX {
        return Err(format!("Email must be at most {EMAIL_MAX} characters."));
    }
    plain_text("Email", value, false)?;
    let valid = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(())
    } else {
        Err("Enter an email address like name@example.com.".into())
    }
}

pub fn new_password(value: &str) -> Result<(), String> {
    let len = value.chars().count();
    if len < PASSWORD_MIN {
        Err(format!(
            "Password must be at least {PASSWORD_MIN} characters."
        ))
    } else if len > PASSWORD_MAX {
        Err(format!(
            "Password must be at most {PASSWORD_MAX} characters."
        ))
    } else {
        Ok(())
    }
}

/// Emails are compared case-insensitively: people type them both ways.
/// The sign-up form: the organisation, the person's name, their email and password.
pub fn signup(
    organisation: &str,
    name: &str,
    email_address: &str,
    password: &str,
) -> Result<(), Invalid> {
    let mut invalid = Invalid::default();
    invalid.check(
        "organisation",
        required_text("Organisation", organisation, ORG_NAME_MAX),
    );
    invalid.check("name", required_text("Your name", name, PERSON_NAME_MAX));
    invalid.check("email", email(email_address));
    invalid.check("password", new_password(password));
    invalid.into_result()
}

pub fn normalise_email(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_limits() {
        assert!(required_text("Title", "", 5).is_err());
        assert!(required_text("Title", "   ", 5).is_err());
        assert!(required_text("Title", "abcd", 5).is_ok());
        assert!(required_text("Title", "abcde", 5).is_ok());
        assert_eq!(
            required_text("Title", "abcdef", 5),
            Err("Title must be at most 5 characters.".into())
        );
        // Characters, not bytes: five accented letters fit in five.
        assert!(required_text("Title", "ééééé", 5).is_ok());
    }

    #[test]
    fn control_and_bidirectional_characters_are_refused() {
        for bad in [
            "a\0b",
            "a\u{1b}b",
            "tab\there",
            "line\nbreak",
            "exe\u{202E}txt.exe",
            "\u{2066}x",
            "\u{200F}",
        ] {
            assert!(optional_text("Note", bad, 100).is_err(), "{bad:?}");
            assert!(required_text("Note", bad, 100).is_err(), "{bad:?}");
        }
        assert!(optional_lines("Note", "two\nlines\tand a tab\r\n", 100).is_ok());
        assert!(optional_lines("Note", "a\0b", 100).is_err());
        assert!(optional_lines("Note", "\u{202E}", 100).is_err());
        assert_eq!(
            optional_text("Note", "x\0", 100),
            Err(
                "Note cannot hold the invisible character U+0000; remove it and save again.".into()
            )
        );
        // What people really type stays: accents, scripts written right to left, emoji.
        assert!(required_text("Note", "Zoë · שלום · 東京 · ✓ 🚀 {{x}}", 100).is_ok());
        assert!(email("a\0b@c.com").is_err());
    }

    #[test]
    fn email_shapes() {
        assert!(email("ae@northwind.test").is_ok());
        assert!(email("").is_err());
        assert!(email("no-at-sign").is_err());
        assert!(email("a@b").is_err());
        assert!(email("a@@b.com").is_err());
        assert!(email("a b@c.com").is_err());
        assert!(email("@c.com").is_err());
        assert!(email("a@.com").is_err());
    }

    #[test]
    fn email_length_limit() {
        let domain = "@example.com";
        let at_limit = format!("{}{domain}", "a".repeat(EMAIL_MAX - domain.len()));
        let over = format!("{}{domain}", "a".repeat(EMAIL_MAX + 1 - domain.len()));
        assert!(email(&at_limit).is_ok());
        assert!(email(&over).is_err());
    }

    #[test]
    fn signup_limits() {
        let ok = |org: &str, name: &str| signup(org, name, "a@b.co", "long enough pw").is_ok();
        assert!(ok(&"o".repeat(ORG_NAME_MAX - 1), "Ann"));
        assert!(ok(&"o".repeat(ORG_NAME_MAX), "Ann"));
        assert!(!ok(&"o".repeat(ORG_NAME_MAX + 1), "Ann"));
        assert!(ok("Org", &"n".repeat(PERSON_NAME_MAX - 1)));
        assert!(ok("Org", &"n".repeat(PERSON_NAME_MAX)));
        let over = signup("Org", &"n".repeat(PERSON_NAME_MAX + 1), "bad", "short").unwrap_err();
        for field in ["name", "email", "password"] {
            assert!(over.message_for(field).is_some(), "{field}");
        }
        assert!(over.message_for("organisation").is_none());
    }

    #[test]
    fn password_limits() {
        assert!(new_password(&"x".repeat(PASSWORD_MIN - 1)).is_err());
        assert!(new_password(&"x".repeat(PASSWORD_MIN)).is_ok());
        assert!(new_password(&"x".repeat(PASSWORD_MAX)).is_ok());
        assert!(new_password(&"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn invalid_collects_every_field() {
        let mut invalid = Invalid::default();
        invalid.check("email", email("nope"));
        invalid.check("password", new_password("short"));
        invalid.check("title", required_text("Title", "ok", 10));
        assert_eq!(invalid.0.len(), 2);
        assert!(invalid.message_for("email").is_some());
        assert!(invalid.message_for("title").is_none());
        assert!(invalid.into_result().is_err());
    }
}
