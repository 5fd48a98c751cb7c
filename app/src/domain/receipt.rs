use serde::{Deserialize, Serialize};
use std::fmt;

/// Letters and digits that cannot be mistaken for each other when read aloud or copied by hand:
/// no 0/O, no 1/I/L.
pub const RECEIPT_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A participant's receipt: eight characters from [`RECEIPT_ALPHABET`], shown as `XXXX-XXXX`.
/// It is the only key a participant needs to come back, so it is random, never sequential.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReceiptCode(String);

impl ReceiptCode {
    /// Builds a code from any source of random numbers (the server passes a CSPRNG).
    pub fn generate(mut next_random: impl FnMut() -> u32) -> Self {
        let mut s = String::with_capacity(8);
        for _ in 0..8 {
            // 31 symbols: the modulo bias of a u32 is below one in a hundred million.
            let i = (next_random() % RECEIPT_ALPHABET.len() as u32) as usize;
            s.push(RECEIPT_ALPHABET[i] as char);
        }
        ReceiptCode(s)
    }

    /// Accepts what a person types: any case, with or without the dash or spaces.
    pub fn parse(input: &str) -> Option<Self> {
        let s: String = input
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let ok = s.len() == 8 && s.bytes().all(|b| RECEIPT_ALPHABET.contains(&b));
        ok.then_some(ReceiptCode(s))
    }

    /// The code without its dash, as stored.
    pub fn as_compact(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl TryFrom<String> for ReceiptCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ReceiptCode::parse(&s).ok_or_else(|| "not a receipt code".to_string())
    }
}

impl From<ReceiptCode> for String {
    fn from(r: ReceiptCode) -> String {
        r.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_code_has_eight_unambiguous_characters_and_a_dash() {
        let mut n = 0u32;
        let code = ReceiptCode::generate(|| {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            n
        });
        let shown = code.to_string();
        assert_eq!(shown.len(), 9);
        assert_eq!(&shown[4..5], "-");
        for c in shown.replace('-', "").chars() {
            assert!(!"0O1IL".contains(c), "{c} is ambiguous");
        }
    }

    #[test]
    fn random_numbers_wrap_around_the_alphabet() {
        let mut i = 29u32;
        let code = ReceiptCode::generate(|| {
            i += 1;
            i
        });
        assert_eq!(code.as_compact(), "Z2345678");
    }

    #[test]
    fn typed_codes_are_forgiving_about_case_dashes_and_spaces() {
        let code = ReceiptCode::parse("abcd-efgh").expect("valid");
        assert_eq!(code.to_string(), "ABCD-EFGH");
        assert_eq!(
            ReceiptCode::parse(" ABCD EFGH ").map(|c| c.to_string()),
            Some("ABCD-EFGH".into())
        );
    }

    #[test]
    fn codes_with_ambiguous_or_missing_characters_are_refused() {
        assert!(ReceiptCode::parse("ABCD-EFG0").is_none());
        assert!(ReceiptCode::parse("ABCD-EFGI").is_none());
        assert!(ReceiptCode::parse("ABCD-EFG").is_none());
        assert!(ReceiptCode::parse("ABCD-EFGHJ").is_none());
        assert!(ReceiptCode::parse("").is_none());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn code() -> impl Strategy<Value = ReceiptCode> {
            prop::collection::vec(any::<u32>(), 8).prop_map(|numbers| {
                let mut numbers = numbers.into_iter();
                ReceiptCode::generate(|| numbers.next().unwrap_or(0))
            })
        }

        proptest! {
            #[test]
            fn anything_typed_is_a_code_or_nothing(input in ".{0,20}") {
                if let Some(code) = ReceiptCode::parse(&input) {
                    prop_assert_eq!(code.as_compact().len(), 8);
                    prop_assert!(code.as_compact().bytes().all(|b| RECEIPT_ALPHABET.contains(&b)));
                }
            }

            #[test]
            fn a_code_shown_then_typed_is_the_same_code(code in code()) {
                prop_assert_eq!(ReceiptCode::parse(&code.to_string()), Some(code.clone()));
                prop_assert_eq!(ReceiptCode::parse(code.as_compact()), Some(code.clone()));
                let sloppy = format!(" {} ", code.to_string().to_lowercase().replace('-', " - "));
                prop_assert_eq!(ReceiptCode::parse(&sloppy), Some(code.clone()));
                let json = serde_json::to_string(&code).expect("serialises");
                prop_assert_eq!(serde_json::from_str::<ReceiptCode>(&json).ok(), Some(code));
            }
        }
    }
}
