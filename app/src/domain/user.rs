use serde::{Deserialize, Serialize};

/// Staff roles, each allowed everything the one before it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Staff,
    Coordinator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "staff" => Some(Role::Staff),
            "coordinator" => Some(Role::Coordinator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// A signed-in member of staff, as the pages may know them (never their password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: Email,
    pub role: Role,
}

/// A staff account as the people page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub user: User,
    pub disabled: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// An email address, trimmed and lower-cased so that sign-in is not case-sensitive.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim().to_lowercase();
        let (local, domain) = s.split_once('@')?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        ok.then_some(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password, checked for length only: long passphrases beat composition rules (NIST 800-63B).
pub struct NewPassword(String);

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// Why a new password was refused. The words for it live where it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
}

impl PasswordProblem {
    /// The code a form post carries back to its page.
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_short",
            PasswordProblem::TooLong => "password_long",
        }
    }
}

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, PasswordProblem> {
        let n = input.chars().count();
        if n < MIN_PASSWORD_CHARS {
            Err(PasswordProblem::TooShort)
        } else if n > MAX_PASSWORD_CHARS {
            Err(PasswordProblem::TooLong)
        } else {
            Ok(NewPassword(input.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_below_them() {
        assert!(Role::Admin.allows(Role::Coordinator));
        assert!(Role::Coordinator.allows(Role::Staff));
        assert!(!Role::Staff.allows(Role::Coordinator));
        assert!(!Role::Coordinator.allows(Role::Admin));
        assert_eq!(Role::parse(" Admin "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Sam@Example.ORG ").map(|e| e.as_str().to_string()),
            Some("sam@example.org".into())
        );
        assert!(Email::parse("sam").is_none());
        assert!(Email::parse("@example.org").is_none());
        assert!(Email::parse("sam@localhost").is_none());
        assert!(Email::parse("s am@example.org").is_none());
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse("long enough pass").is_ok());
    }
}
