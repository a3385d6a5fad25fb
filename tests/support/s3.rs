//! An S3-compatible server on loopback for the evidence-storage tests: moto's server mode
//! (installed by `scripts/setup.sh --test`).

use std::process::{Child, Command, Stdio};

/// A running S3 server; stopped when dropped.
pub struct S3Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
}

impl S3Server {
    /// Starts the server on a free port and waits until it answers.
    pub async fn start() -> S3Server {
        let port = super::smtp::free_port();
        let bin = super::smtp::python().with_file_name("moto_server");
        let mut child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..150 {
            if client.get(&endpoint).send().await.is_ok() {
                return S3Server { child, endpoint };
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("moto_server did not start on {port}");
    }

    /// Creates a bucket.
    pub async fn create_bucket(&self, name: &str) {
        let r = reqwest::Client::new()
            .put(format!("{}/{name}", self.endpoint))
            .send()
            .await
            .expect("create bucket");
        assert!(r.status().is_success(), "bucket {name}: {}", r.status());
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
