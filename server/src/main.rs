//! The `server` binary: settings from the environment, logs, then the portal.

use app::config::Settings;
use server::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("suara: {e}. See .env.example for every setting.");
            std::process::exit(2);
        }
    };
    let app = Application::build(settings).await?;
    tracing::info!("Suara listening on http://{}", app.local_addr());
    app.run_until_stopped().await
}
