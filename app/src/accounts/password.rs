//! Staff passwords, hashed with Argon2id by the shared secret hashing (`crypto`), and a
//! dummy verification for unknown accounts so that timing does not tell which emails have
//! accounts.

pub use crate::crypto::verify_dummy;

/// Hashes a password into a PHC string (`$argon2id$v=19$...`).
pub fn hash(password: &str) -> Result<String, String> {
    crate::crypto::hash_secret(password)
}

/// Whether `password` matches the stored PHC string.
pub fn verify(stored: &str, password: &str) -> bool {
    crate::crypto::verify_secret(stored, password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("kopi jambi pagi hari").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "kopi jambi pagi hari"));
        assert!(!verify(&h, "kopi jambi sore hari"));
        assert!(!verify("not a hash", "x"));
    }
}
