//! The languages participants can read Cairn in. English is the default and has no prefix in addresses;
//! the others live under their code (`/pl/…`, `/ar/…`), so a link names its language.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Pl,
    Ar,
}

impl Lang {
    /// Every language, in the order the chooser lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Pl, Lang::Ar];

    /// The BCP 47 code, as in `<html lang>` and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
            Lang::Ar => "ar",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// `rtl` for Arabic, else `ltr`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The language's name in itself, as the chooser shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pl => "Polski",
            Lang::Ar => "العربية",
        }
    }

    /// `text` with its digits as the language writes them: Arabic pages use Arabic-Indic digits
    /// (٠١٢٣٤٥٦٧٨٩), as CLDR does for Arabic; the others keep 0–9. Only for numbers Cairn writes
    /// (counts, dates), never for codes a person must type back.
    pub fn digits(self, text: &str) -> String {
        match self {
            Lang::Ar => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
                    _ => c,
                })
                .collect(),
            _ => text.to_string(),
        }
    }

    /// `path` (an address on this site, starting with `/`) in this language: `/pl/c/1` for `/c/1`.
    pub fn href(self, path: &str) -> String {
        match self {
            Lang::En => path.to_string(),
            _ if path == "/" => format!("/{}/", self.code()),
            _ => format!("/{}{path}", self.code()),
        }
    }

    /// The language an address names, and the address without it: `/pl/c/1` is (Polish, `/c/1`).
    /// English addresses have no prefix; `/en/…` names English explicitly (the chooser uses it). What is
    /// left always starts with exactly one `/`: `/en//host` must not become `//host`, another site.
    pub fn split_path(path: &str) -> (Option<Lang>, Cow<'_, str>) {
        let rest = path.strip_prefix('/').unwrap_or(path);
        let (first, tail) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        match Lang::from_code(first).filter(|_| first.len() == 2) {
            Some(lang) => (
                Some(lang),
                Cow::Owned(format!("/{}", tail.trim_start_matches(['/', '\\']))),
            ),
            None => (None, Cow::Borrowed(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_their_language() {
        let split = |p: &str| {
            let (lang, rest) = Lang::split_path(p);
            (lang, Cow::<str>::Owned(rest.into_owned()))
        };
        assert_eq!(split("/pl/c/1"), (Some(Lang::Pl), "/c/1".into()));
        assert_eq!(split("/ar"), (Some(Lang::Ar), "/".into()));
        assert_eq!(split("/ar/"), (Some(Lang::Ar), "/".into()));
        assert_eq!(split("/en/receipt"), (Some(Lang::En), "/receipt".into()));
        assert_eq!(split("/c/1"), (None, "/c/1".into()));
        assert_eq!(split("/plum"), (None, "/plum".into()));
        assert_eq!(split("/"), (None, "/".into()));
        // Never an address on another site.
        assert_eq!(
            split("/en//evil.example/x"),
            (Some(Lang::En), "/evil.example/x".into())
        );
        assert_eq!(
            split("/pl/\\/evil.example"),
            (Some(Lang::Pl), "/evil.example".into())
        );
        assert_eq!(Lang::Ar.digits("5 ديسمبر 2026"), "٥ ديسمبر ٢٠٢٦");
        assert_eq!(Lang::Pl.digits("5 grudnia 2026"), "5 grudnia 2026");
        assert_eq!(Lang::Pl.href("/"), "/pl/");
        assert_eq!(Lang::Ar.href("/c/1/answer"), "/ar/c/1/answer");
        assert_eq!(Lang::En.href("/c/1"), "/c/1");
        for l in Lang::ALL {
            assert_eq!(split(&l.href("/c/x")).1, "/c/x");
            assert!(!split(&format!("/{}//x", l.code())).1.starts_with("//"));
        }
    }
}
