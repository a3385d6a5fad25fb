//! Secrets: sealing what must not be readable from a copy of the database (reporter
//! identities, outgoing mail), signing the timestamp that complaint forms carry, and hashing
//! what only its holder knows (staff passwords, reporters' reply keys) with Argon2id.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Prefix of sealed values, so a later key or algorithm can be told apart.
const SEALED_PREFIX: &str = "v1.";
/// First bytes of a sealed evidence file.
pub const SEALED_FILE_MAGIC: &[u8] = b"SUARA-SEALED-FILE-1\n";

/// The master secret (`SUARA_SECRET_KEY`, 32 bytes in base64); never printed.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(hidden)")
    }
}

impl SecretKey {
    /// Reads a key from base64 (standard or URL-safe, padded or not).
    pub fn parse(text: &str) -> Result<SecretKey, String> {
        let t = text.trim().trim_end_matches('=');
        let bytes = B64
            .decode(t.replace('+', "-").replace('/', "_"))
            .map_err(|_| "not base64".to_string())?;
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "must be 32 bytes (44 base64 characters)".to_string())?;
        Ok(SecretKey(arr))
    }

    /// A new random key.
    pub fn generate() -> SecretKey {
        SecretKey(rand::random())
    }

    /// The key as URL-safe base64, for writing to a key file.
    pub fn to_base64(&self) -> String {
        B64.encode(self.0)
    }

    /// Whether the key is text someone typed or a published example (every byte printable
    /// ASCII, or fewer than 16 different bytes), not 32 random bytes: a random key is so by
    /// chance about once in 10^13.
    pub fn looks_typed(&self) -> bool {
        let distinct = self
            .0
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        self.0.iter().all(|b| (0x20..0x7f).contains(b)) || distinct < 16
    }

    /// Whether two keys are the same (in constant time).
    pub fn same_as(&self, other: &SecretKey) -> bool {
        use subtle::ConstantTimeEq;
        bool::from(self.0.ct_eq(&other.0))
    }
}

/// Why a sealed value could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed value does not open with this key")]
    WrongKey,
    #[error("sealed value is not the expected data")]
    Decode,
}

/// Why a form token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum FormTokenError {
    /// Missing, forged or from another key.
    Invalid,
    /// Sent sooner than a person can fill the form.
    TooFast,
    /// The form was opened too long ago.
    Expired,
}

/// Keys derived from the master secret, one per purpose.
#[derive(Clone)]
pub struct Keys {
    seal: XChaCha20Poly1305,
    form: [u8; 32],
}

fn derive(master: &SecretKey, label: &[u8]) -> [u8; 32] {
    let mut m = <HmacSha256 as Mac>::new_from_slice(&master.0).expect("HMAC takes any key length");
    m.update(label);
    m.finalize().into_bytes().into()
}

impl Keys {
    /// Derives the sealing and form-signing keys from the master secret.
    pub fn derive(master: &SecretKey) -> Keys {
        let seal_key = derive(master, b"suara/seal/v1");
        Keys {
            seal: XChaCha20Poly1305::new((&seal_key).into()),
            form: derive(master, b"suara/form/v1"),
        }
    }

    /// Encrypts and authenticates `plain` with a fresh random nonce.
    pub fn seal(&self, plain: &[u8]) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct = self
            .seal
            .encrypt(&nonce, plain)
            .expect("XChaCha20-Poly1305 encrypts any length that fits in memory");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("{SEALED_PREFIX}{}", B64.encode(out))
    }

    /// Opens a value made by [`Keys::seal`].
    pub fn open(&self, sealed: &str) -> Result<Vec<u8>, CryptoError> {
        let body = sealed
            .strip_prefix(SEALED_PREFIX)
            .ok_or(CryptoError::Malformed)?;
        let raw = B64.decode(body).map_err(|_| CryptoError::Malformed)?;
        if raw.len() < 24 {
            return Err(CryptoError::Malformed);
        }
        let (nonce, ct) = raw.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| CryptoError::Malformed)?;
        self.seal
            .decrypt(&XNonce::from(nonce), ct)
            .map_err(|_| CryptoError::WrongKey)
    }

    /// Encrypts and authenticates a file: [`SEALED_FILE_MAGIC`], a fresh nonce, the
    /// ciphertext (binary, so a 10 MB photo stays about 10 MB).
    pub fn seal_file(&self, plain: &[u8]) -> Vec<u8> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ct = self
            .seal
            .encrypt(&nonce, plain)
            .expect("XChaCha20-Poly1305 encrypts any length that fits in memory");
        let mut out = Vec::with_capacity(SEALED_FILE_MAGIC.len() + 24 + ct.len());
        out.extend_from_slice(SEALED_FILE_MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    /// Opens a file made by [`Keys::seal_file`]; a file stored before sealing existed (no
    /// magic) comes back as it is.
    pub fn open_file(&self, stored: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let Some(body) = stored.strip_prefix(SEALED_FILE_MAGIC) else {
            return Ok(stored.to_vec());
        };
        if body.len() < 24 {
            return Err(CryptoError::Malformed);
        }
        let (nonce, ct) = body.split_at(24);
        let nonce: [u8; 24] = nonce.try_into().map_err(|_| CryptoError::Malformed)?;
        self.seal
            .decrypt(&XNonce::from(nonce), ct)
            .map_err(|_| CryptoError::WrongKey)
    }

    /// Seals a value as JSON.
    pub fn seal_json<T: Serialize>(&self, value: &T) -> String {
        self.seal(&serde_json::to_vec(value).expect("plain data serialises"))
    }

    /// Opens a value sealed by [`Keys::seal_json`].
    pub fn open_json<T: DeserializeOwned>(&self, sealed: &str) -> Result<T, CryptoError> {
        serde_json::from_slice(&self.open(sealed)?).map_err(|_| CryptoError::Decode)
    }

    fn form_mac(&self, issued: i64) -> HmacSha256 {
        let mut m =
            <HmacSha256 as Mac>::new_from_slice(&self.form).expect("HMAC takes any key length");
        m.update(issued.to_string().as_bytes());
        m
    }

    /// A token recording when a form was served (unix seconds), signed so it cannot be forged.
    pub fn form_token(&self, issued: i64) -> String {
        let tag = self.form_mac(issued).finalize().into_bytes();
        format!("{issued}.{}", B64.encode(tag))
    }

    /// Checks a form token: genuine, at least `min_secs` old and at most `max_secs` old.
    pub fn check_form_token(
        &self,
        token: &str,
        now: i64,
        min_secs: i64,
        max_secs: i64,
    ) -> Result<(), FormTokenError> {
        let (issued, tag) = token.split_once('.').ok_or(FormTokenError::Invalid)?;
        let issued: i64 = issued.parse().map_err(|_| FormTokenError::Invalid)?;
        let tag = B64.decode(tag).map_err(|_| FormTokenError::Invalid)?;
        self.form_mac(issued)
            .verify_slice(&tag)
            .map_err(|_| FormTokenError::Invalid)?;
        let age = now - issued;
        if age < min_secs {
            Err(FormTokenError::TooFast)
        } else if age > max_secs {
            Err(FormTokenError::Expired)
        } else {
            Ok(())
        }
    }
}

/// Argon2's working memory (19 MiB a hash with the defaults), kept for reuse: at most one
/// per core is ever allocated, and a hash waits for a free one. Allocating it afresh for
/// every hash on whichever blocking thread ran it left the allocator holding gigabytes
/// (2.2 GiB after one minute of the soak's reports), and let a burst of reports or
/// sign-ins ask for 19 MiB each at once. Process-wide like the CPU it rations.
struct Memory {
    free: std::sync::Mutex<(Vec<Vec<argon2::Block>>, usize)>,
    returned: std::sync::Condvar,
}

static MEMORY: Memory = Memory {
    free: std::sync::Mutex::new((Vec::new(), 0)),
    returned: std::sync::Condvar::new(),
};

/// Runs `f` with `blocks` blocks of Argon2 memory, waiting while every core's is in use.
fn with_memory<R>(blocks: usize, f: impl FnOnce(&mut [argon2::Block]) -> R) -> R {
    let limit = std::thread::available_parallelism().map_or(2, |n| n.get());
    let lock = || MEMORY.free.lock().unwrap_or_else(|p| p.into_inner());
    let mut pool = lock();
    let mut memory = loop {
        if let Some(m) = pool.0.pop() {
            break m;
        }
        if pool.1 < limit {
            pool.1 += 1;
            break Vec::new();
        }
        pool = MEMORY
            .returned
            .wait(pool)
            .unwrap_or_else(|p| p.into_inner());
    };
    drop(pool);
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let out = f(&mut memory[..blocks]);
    lock().0.push(memory);
    MEMORY.returned.notify_one();
    out
}

/// Argon2 of `secret` with `salt` into `len` bytes, in pooled memory.
fn argon2_output(
    argon: &argon2::Argon2,
    params: &argon2::Params,
    secret: &[u8],
    salt: argon2::password_hash::Salt,
    len: usize,
) -> Result<argon2::password_hash::Output, argon2::password_hash::Error> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    with_memory(params.block_count(), |memory| {
        argon2::password_hash::Output::init_with(len, |out| {
            argon
                .hash_password_into_with_memory(secret, salt, out, memory)
                .map_err(|_| argon2::password_hash::Error::Crypto)
        })
    })
}

/// Hashes a secret (a password, a reply key) into a PHC string (`$argon2id$v=19$...`),
/// with the crate's defaults: 19 MiB, 2 passes, 1 lane, the OWASP minimum.
pub fn hash_secret(secret: &str) -> Result<String, String> {
    use argon2::password_hash::{ParamsString, PasswordHash, SaltString};
    use argon2::{Algorithm, Params, Version};
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let params = Params::default();
    let argon = argon2::Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let hashed =
        argon2_output(&argon, &params, secret.as_bytes(), salt.as_salt(), len).and_then(|output| {
            Ok(PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params)?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            }
            .to_string())
        });
    hashed.map_err(|e| format!("hashing: {e}"))
}

/// Whether `secret` matches the stored PHC string (compared in constant time).
pub fn verify_secret(stored: &str, secret: &str) -> bool {
    use argon2::password_hash::PasswordHash;
    use argon2::{Algorithm, Params, Version};
    let check = || -> Option<bool> {
        let h = PasswordHash::new(stored).ok()?;
        let (expected, salt) = (h.hash?, h.salt?);
        let algorithm = Algorithm::try_from(h.algorithm).ok()?;
        let version = match h.version {
            Some(v) => Version::try_from(v).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(&h).ok()?;
        let argon = argon2::Argon2::new(algorithm, version, params.clone());
        let output =
            argon2_output(&argon, &params, secret.as_bytes(), salt, expected.len()).ok()?;
        Some(output == expected)
    };
    check().unwrap_or(false)
}

/// Spends the time a real verification takes, where there is nothing to verify against,
/// so that timing does not tell which accounts (or keys) exist.
pub fn verify_dummy(secret: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let h = DUMMY.get_or_init(|| hash_secret("dummy secret for timing").unwrap_or_default());
    let _ = verify_secret(h, secret);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::derive(&SecretKey::parse(&SecretKey::generate().to_base64()).unwrap())
    }

    #[test]
    fn pooled_hashes_agree_with_the_argon2_crates_own_in_both_directions() {
        use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
        let ours = hash_secret("1234 5678 9012 3456").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            argon2::Argon2::default()
                .verify_password(b"1234 5678 9012 3456", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let theirs = argon2::Argon2::default()
            .hash_password(b"kopi jambi", &salt)
            .unwrap()
            .to_string();
        assert!(verify_secret(&theirs, "kopi jambi"));
        assert!(!verify_secret(&theirs, "kopi jambi "));
        assert!(!verify_secret(&ours, "1234 5678 9012 3457"));
        assert!(!verify_secret("$argon2id$v=19$m=19456,t=2,p=1$bm90", "x"));
    }

    #[test]
    fn hashes_at_once_from_many_threads_share_one_memory_per_core() {
        let handles: Vec<_> = (0..8)
            .map(|i| std::thread::spawn(move || hash_secret(&format!("secret {i}")).unwrap()))
            .collect();
        let hashes: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for (i, h) in hashes.iter().enumerate() {
            assert!(verify_secret(h, &format!("secret {i}")));
        }
        let pool = MEMORY.free.lock().unwrap();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!(pool.1 <= cores, "{} memories for {cores} cores", pool.1);
    }

    #[test]
    fn sealed_values_open_with_the_same_key_only() {
        let k = keys();
        let sealed = k.seal(b"Siti Aminah <siti@example.id>");
        assert!(!sealed.contains("Siti"));
        assert_eq!(k.open(&sealed).unwrap(), b"Siti Aminah <siti@example.id>");
        assert!(matches!(keys().open(&sealed), Err(CryptoError::WrongKey)));
        assert_ne!(k.seal(b"x"), k.seal(b"x"), "a fresh nonce every time");
    }

    #[test]
    fn a_tampered_seal_is_refused() {
        let k = keys();
        let mut sealed = k.seal(b"rahasia").into_bytes();
        let last = sealed.len() - 1;
        sealed[last] = if sealed[last] == b'A' { b'B' } else { b'A' };
        assert!(k.open(std::str::from_utf8(&sealed).unwrap()).is_err());
        assert!(matches!(k.open("plain text"), Err(CryptoError::Malformed)));
    }

    #[test]
    fn sealed_files_open_with_the_same_key_and_older_plain_files_still_read() {
        let k = keys();
        let photo = b"\xff\xd8\xff\xe0 a photo of the counter";
        let sealed = k.seal_file(photo);
        assert!(sealed.starts_with(SEALED_FILE_MAGIC));
        assert!(!sealed.windows(7).any(|w| w == b"counter"));
        assert_eq!(k.open_file(&sealed).unwrap(), photo);
        assert!(matches!(
            keys().open_file(&sealed),
            Err(CryptoError::WrongKey)
        ));
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(k.open_file(&tampered).is_err());
        assert_eq!(k.open_file(b"%PDF-1.4 old").unwrap(), b"%PDF-1.4 old");
    }

    #[test]
    fn form_tokens_catch_forgery_haste_and_age() {
        let k = keys();
        let t = k.form_token(1_000);
        assert_eq!(k.check_form_token(&t, 1_010, 3, 3600), Ok(()));
        assert_eq!(
            k.check_form_token(&t, 1_001, 3, 3600),
            Err(FormTokenError::TooFast)
        );
        assert_eq!(
            k.check_form_token(&t, 9_000, 3, 3600),
            Err(FormTokenError::Expired)
        );
        assert_eq!(
            k.check_form_token("900.AAAA", 1_000, 3, 3600),
            Err(FormTokenError::Invalid)
        );
        assert_eq!(
            keys().check_form_token(&t, 1_010, 3, 3600),
            Err(FormTokenError::Invalid)
        );
    }

    #[test]
    fn keys_parse_from_standard_or_url_safe_base64() {
        let k = SecretKey::generate();
        let std_b64 = base64::engine::general_purpose::STANDARD.encode(k.0);
        assert_eq!(SecretKey::parse(&std_b64).unwrap().0, k.0);
        assert!(SecretKey::parse("c2hvcnQ").is_err());
        assert_eq!(format!("{k:?}"), "SecretKey(hidden)");
    }
}
