//! Reply keys: the reporter's secret for writing on their report (answering a question,
//! adding information, saying whether it was resolved). Sixteen digits, easy to copy on
//! paper and to type on a phone's number pad; the last is a Luhn check digit, so a typing
//! slip is told apart from a wrong key without spending an attempt.

use serde::{Deserialize, Serialize};

/// Random digits in a reply key (about 50 bits); a check digit follows.
pub const KEY_RANDOM_DIGITS: usize = 15;

/// A well-formed reply key, as 16 digits.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyKey(String);

impl std::fmt::Debug for ReplyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReplyKey(..)")
    }
}

/// Why a typed reply key was refused before it was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// Nothing typed.
    Missing,
    /// Not 16 digits.
    Malformed,
    /// Sixteen digits whose check digit does not match: a typing slip.
    Typo,
}

impl KeyError {
    /// The message key's code.
    pub fn code(self) -> &'static str {
        match self {
            KeyError::Missing => "reply_key_missing",
            KeyError::Malformed => "reply_key_malformed",
            KeyError::Typo => "reply_key_typo",
        }
    }
}

/// The Luhn check digit of `digits`.
fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

impl ReplyKey {
    /// A key from random bytes (each picks a digit; the bias of 256 mod 10 costs under a
    /// tenth of a bit per digit).
    pub fn from_random(bytes: [u8; KEY_RANDOM_DIGITS]) -> ReplyKey {
        let mut digits: Vec<u8> = bytes.iter().map(|b| b % 10).collect();
        digits.push(check_digit(&digits));
        ReplyKey(digits.iter().map(|d| char::from(b'0' + d)).collect())
    }

    /// Reads a typed key: spaces and dashes do not matter.
    pub fn parse(text: &str) -> Result<ReplyKey, KeyError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if s.is_empty() {
            return Err(KeyError::Missing);
        }
        if s.len() != KEY_RANDOM_DIGITS + 1 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(KeyError::Malformed);
        }
        let digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
        if check_digit(&digits[..KEY_RANDOM_DIGITS]) != digits[KEY_RANDOM_DIGITS] {
            return Err(KeyError::Typo);
        }
        Ok(ReplyKey(s))
    }

    /// The 16 digits, as hashed and compared.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// In groups of four, as shown and printed: `4821 0937 1156 2208`.
    pub fn grouped(&self) -> String {
        self.0
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_however_it_is_spaced() {
        let k = ReplyKey::from_random([7; KEY_RANDOM_DIGITS]);
        assert_eq!(k.as_str().len(), 16);
        assert_eq!(ReplyKey::parse(&k.grouped()), Ok(k.clone()));
        let dashed = k.grouped().replace(' ', "-");
        assert_eq!(ReplyKey::parse(&format!("  {dashed} ")), Ok(k));
    }

    #[test]
    fn every_single_wrong_digit_is_a_typo() {
        let k = ReplyKey::from_random([3, 141, 59, 26, 5, 35, 89, 79, 32, 38, 46, 26, 43, 38, 32]);
        for i in 0..16 {
            for d in b'0'..=b'9' {
                let mut b = k.as_str().as_bytes().to_vec();
                if b[i] == d {
                    continue;
                }
                b[i] = d;
                let typed = String::from_utf8(b).unwrap();
                assert_eq!(ReplyKey::parse(&typed), Err(KeyError::Typo), "{typed}");
            }
        }
    }

    #[test]
    fn short_empty_and_lettered_keys_are_refused() {
        assert_eq!(ReplyKey::parse(" "), Err(KeyError::Missing));
        assert_eq!(ReplyKey::parse("1234 5678"), Err(KeyError::Malformed));
        assert_eq!(
            ReplyKey::parse("1234 5678 9012 345A"),
            Err(KeyError::Malformed)
        );
        assert!(!format!("{:?}", ReplyKey::from_random([1; 15])).contains('1'));
    }
}
