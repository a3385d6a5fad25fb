//! Tracking codes: random, checkable by hand, unambiguous when read aloud.

use serde::{Deserialize, Serialize};

/// Letters of tracking codes: Crockford's base 32, without I, L, O and U, so that nothing
/// read aloud or typed on a phone keyboard is ambiguous.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random characters in a tracking code (55 bits).
pub const CODE_RANDOM_CHARS: usize = 11;

fn digit_of(c: u8) -> Option<usize> {
    CODE_ALPHABET.iter().position(|&a| a == c)
}

/// Luhn mod 32 sum: catches every single wrong character and every swap of two neighbours
/// except `0` with `Z` (the one blind spot of Luhn mod N).
fn luhn_sum(digits: impl DoubleEndedIterator<Item = usize>, start_double: bool) -> usize {
    let n = CODE_ALPHABET.len();
    let mut double = start_double;
    digits.rev().fold(0, |sum, d| {
        let v = if double { d * 2 } else { d };
        double = !double;
        sum + v / n + v % n
    })
}

/// A complaint's public tracking code: 11 random characters and a check character, shown
/// in groups of four (`7KQ2-MX9D-4TRB`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TrackingCode(String);

/// Why a typed tracking code was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Wrong length or a character that is never used.
    Malformed,
    /// Well formed but the check character does not match: a typo.
    Typo,
}

impl TrackingCode {
    /// A code from 11 random bytes (each byte picks a letter; 256 is a multiple of 32).
    pub fn from_random(bytes: [u8; CODE_RANDOM_CHARS]) -> TrackingCode {
        let n = CODE_ALPHABET.len();
        let digits: Vec<usize> = bytes.iter().map(|b| usize::from(*b) % n).collect();
        let check = (n - luhn_sum(digits.iter().copied(), true) % n) % n;
        let s = digits
            .iter()
            .chain(std::iter::once(&check))
            .map(|&d| char::from(CODE_ALPHABET[d]))
            .collect();
        TrackingCode(s)
    }

    /// Reads a typed code: case, spaces and dashes do not matter, and O, I and L are read
    /// as 0, 1 and 1.
    pub fn parse(text: &str) -> Result<TrackingCode, CodeError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        if s.len() != CODE_RANDOM_CHARS + 1 {
            return Err(CodeError::Malformed);
        }
        let digits: Vec<usize> = s
            .bytes()
            .map(digit_of)
            .collect::<Option<_>>()
            .ok_or(CodeError::Malformed)?;
        if !luhn_sum(digits.into_iter(), false).is_multiple_of(CODE_ALPHABET.len()) {
            return Err(CodeError::Typo);
        }
        Ok(TrackingCode(s))
    }

    /// The code without separators, as stored and used in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code in groups of four, for reading aloud and printing.
    pub fn grouped(&self) -> String {
        let b = self.0.as_bytes();
        b.chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_codes_catch_every_single_typo_and_almost_every_neighbour_swap() {
        let code = TrackingCode::from_random([7, 200, 31, 64, 99, 1, 0, 255, 128, 17, 42]);
        let s = code.as_str().to_string();
        assert_eq!(s.len(), 12);
        assert_eq!(TrackingCode::parse(&s), Ok(code.clone()));
        assert_eq!(
            TrackingCode::parse(&code.grouped().to_lowercase()),
            Ok(code.clone())
        );
        for i in 0..s.len() {
            for &c in CODE_ALPHABET {
                let mut typo = s.clone().into_bytes();
                if typo[i] == c {
                    continue;
                }
                typo[i] = c;
                let typo = String::from_utf8(typo).unwrap();
                assert_eq!(TrackingCode::parse(&typo), Err(CodeError::Typo), "{typo}");
            }
        }
        for i in 0..s.len() - 1 {
            let mut swapped = s.clone().into_bytes();
            swapped.swap(i, i + 1);
            let pair = [swapped[i], swapped[i + 1]];
            if swapped != s.as_bytes() && pair != *b"0Z" && pair != *b"Z0" {
                let swapped = String::from_utf8(swapped).unwrap();
                assert!(TrackingCode::parse(&swapped).is_err(), "{swapped}");
            }
        }
    }

    #[test]
    fn confusable_letters_are_read_as_digits() {
        let code = TrackingCode::from_random([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
        let spoken = code.as_str().replace('0', "o").replace('1', "l");
        assert_eq!(TrackingCode::parse(&spoken), Ok(code));
        assert_eq!(TrackingCode::parse("ABC"), Err(CodeError::Malformed));
        assert_eq!(
            TrackingCode::parse("UUUUUUUUUUUU"),
            Err(CodeError::Malformed)
        );
        assert_eq!(code_grouping_example(), "7KQ2-MX9D-4TRB");
    }

    fn code_grouping_example() -> String {
        TrackingCode("7KQ2MX9D4TRB".into()).grouped()
    }
}
