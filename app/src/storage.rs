//! Evidence storage behind one interface: a local folder by default, S3-compatible object
//! storage when `SUARA_STORAGE_URL` is `s3://bucket/prefix` (credentials and endpoint from
//! the standard `AWS_*` settings), so several server instances can share the files.
//! Every file is sealed under the secret key before it leaves the process (like reporter
//! identities), so a copy of the folder or the bucket shows nothing; local files are
//! written readable by the server's user only.

use crate::config::S3Settings;
use crate::crypto::Keys;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, PutPayload};
use std::sync::Arc;

/// Where evidence files live.
#[derive(Clone)]
pub struct EvidenceStore {
    inner: Arc<dyn ObjectStore>,
    keys: Keys,
    /// The folder of a local store, whose files get mode 0600.
    local_dir: Option<std::path::PathBuf>,
    /// Shown in logs at start (never credentials).
    pub describe: String,
}

/// A storage failure; the cause is for the log only. `full`: the disk or quota has no room
/// (the request is answered 503, to send again later).
#[derive(Debug, thiserror::Error)]
#[error("evidence storage: {cause}")]
pub struct StorageError {
    cause: String,
    full: bool,
}

impl StorageError {
    fn new(cause: String) -> StorageError {
        StorageError { cause, full: false }
    }

    /// Whether the store had no room: nothing of the file was kept, try again later.
    pub fn is_full(&self) -> bool {
        self.full
    }
}

/// Whether an error, or one of its causes, is a disk or quota without room.
fn no_room(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            )
        {
            return true;
        }
        cause = c.source();
    }
    false
}

impl From<object_store::Error> for StorageError {
    fn from(e: object_store::Error) -> Self {
        StorageError {
            full: no_room(&e),
            cause: e.to_string(),
        }
    }
}

impl From<std::io::Error> for StorageError {
    fn from(e: std::io::Error) -> Self {
        StorageError {
            full: no_room(&e),
            cause: e.to_string(),
        }
    }
}

impl EvidenceStore {
    /// Opens the store of a setting: a folder path (created if missing), `file:///path`, or
    /// `s3://bucket[/prefix]` with the S3 settings.
    pub fn open(url: &str, s3: &S3Settings, keys: Keys) -> Result<EvidenceStore, StorageError> {
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let mut b = AmazonS3Builder::new()
                .with_bucket_name(bucket)
                .with_allow_http(s3.allow_http)
                .with_region(s3.region.clone().unwrap_or_else(|| "us-east-1".into()));
            if let Some(e) = &s3.endpoint {
                b = b.with_endpoint(e).with_virtual_hosted_style_request(false);
            }
            if let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) {
                b = b
                    .with_access_key_id(id)
                    .with_secret_access_key(secret.expose());
            }
            let s3 = b.build()?;
            let inner: Arc<dyn ObjectStore> = if prefix.trim_matches('/').is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(PrefixStore::new(s3, prefix.trim_matches('/')))
            };
            return Ok(EvidenceStore {
                inner,
                keys,
                local_dir: None,
                describe: format!("s3://{bucket}/{prefix}"),
            });
        }
        let dir = url.strip_prefix("file://").unwrap_or(url);
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError::new(format!("creating {dir}: {e}")))?;
        Ok(EvidenceStore {
            inner: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            keys,
            local_dir: Some(std::path::PathBuf::from(dir)),
            describe: format!("folder {dir}"),
        })
    }

    /// Seals `bytes` and stores them under `key` (a relative path like `2026/11/abc.jpg`).
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StorageError> {
        let sealed = Bytes::from(self.keys.seal_file(&bytes));
        self.inner
            .put(&Path::from(key), PutPayload::from(sealed))
            .await?;
        let finished = self.finish_local(key).await;
        if finished.is_err() {
            // No file is left that a report does not name.
            let _ = self.inner.delete(&Path::from(key)).await;
        }
        finished
    }

    /// A local file just stored: readable by the server alone, and synced.
    async fn finish_local(&self, key: &str) -> Result<(), StorageError> {
        if let Some(dir) = &self.local_dir {
            let file = dir.join(key);
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                tokio::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .await
                    .map_err(|e| {
                        StorageError::new(format!("restricting {}: {e}", file.display()))
                    })?;
            }
            // On disk before the report that names it is acknowledged: the file's bytes, then
            // its name in each folder up to the store's (a month's folder may be new).
            let root = dir.clone();
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                std::fs::File::open(&file)?.sync_all()?;
                let mut folder = file.parent();
                while let Some(f) = folder {
                    std::fs::File::open(f)?.sync_all()?;
                    if f == root {
                        break;
                    }
                    folder = f.parent();
                }
                Ok(())
            })
            .await
            .map_err(|e| StorageError::new(format!("syncing: {e}")))??;
        }
        Ok(())
    }

    /// Reads and opens the file under `key`.
    pub async fn get(&self, key: &str) -> Result<Bytes, StorageError> {
        let stored = self.inner.get(&Path::from(key)).await?.bytes().await?;
        self.keys
            .open_file(&stored)
            .map(Bytes::from)
            .map_err(|e| StorageError::new(format!("opening {key}: {e:?}")))
    }

    /// Removes the file under `key` (used when the complaint it belonged to was not stored).
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        Ok(self.inner.delete(&Path::from(key)).await?)
    }

    /// Erases the file under `key` for good (retention): a local file is overwritten with
    /// zeros and synced before it is removed, so its sealed bytes do not stay in the
    /// folder's disk blocks; an object in S3 is deleted. A file already gone is not an error,
    /// so an interrupted erasure can run again.
    pub async fn erase(&self, key: &str) -> Result<(), StorageError> {
        if let Some(dir) = &self.local_dir {
            let file = dir.join(key);
            let overwrite = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                use std::io::Write;
                let len = match std::fs::metadata(&file) {
                    Ok(m) => m.len(),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
                    Err(e) => return Err(e),
                };
                let mut f = std::fs::OpenOptions::new().write(true).open(&file)?;
                let zeros = vec![0_u8; 64 * 1024];
                let mut left = len;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    f.write_all(&zeros[..n])?;
                    left -= n as u64;
                }
                f.sync_all()
            })
            .await
            .map_err(|e| StorageError::new(format!("erasing {key}: {e}")))?;
            overwrite.map_err(|e| StorageError::new(format!("erasing {key}: {e}")))?;
        }
        match self.inner.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::derive(&crate::crypto::SecretKey::generate())
    }

    #[tokio::test]
    async fn a_local_store_seals_round_trips_and_deletes() {
        let dir = tempfile_dir();
        let store = EvidenceStore::open(&dir, &S3Settings::default(), keys()).unwrap();
        store
            .put("2026/11/a.pdf", Bytes::from_static(b"%PDF-1.4"))
            .await
            .unwrap();
        let file = std::path::Path::new(&dir).join("2026/11/a.pdf");
        let at_rest = std::fs::read(&file).unwrap();
        assert!(!at_rest.windows(4).any(|w| w == b"%PDF"), "sealed at rest");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "owner only");
        }
        assert_eq!(&store.get("2026/11/a.pdf").await.unwrap()[..], b"%PDF-1.4");
        store.delete("2026/11/a.pdf").await.unwrap();
        assert!(store.get("2026/11/a.pdf").await.is_err());
        store
            .put("b.pdf", Bytes::from_static(b"%PDF-1.4"))
            .await
            .unwrap();
        store.erase("b.pdf").await.unwrap();
        assert!(!std::path::Path::new(&dir).join("b.pdf").exists());
        store.erase("b.pdf").await.expect("erasing twice is fine");
        std::fs::remove_dir_all(dir).ok();
    }

    fn tempfile_dir() -> String {
        let d = std::env::temp_dir().join(format!("suara-store-{:016x}", rand::random::<u64>()));
        d.display().to_string()
    }
}
