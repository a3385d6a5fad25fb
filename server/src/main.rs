//! The `server` binary: settings from the environment, logs, then the portal; or a command
//! (`server user add ...`, `server audit verify`, see `cli`).

use app::config::Settings;
use server::Application;
use server::cli;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("suara: {e}. See .env.example for every setting.");
            std::process::exit(2);
        }
    };
    if !args.is_empty() {
        return run_command(&args, &settings).await;
    }
    let app = Application::build(settings).await?;
    tracing::info!("Suara listening on http://{}", app.local_addr());
    app.run_until_stopped().await
}

async fn run_command(args: &[String], settings: &Settings) -> anyhow::Result<()> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", cli::USAGE);
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("calibrate") {
        let panels = match args {
            [_, what] if what == "impact" => 400,
            [_, what, flag, n] if what == "impact" && flag == "--panels" => {
                n.parse().unwrap_or_else(|_| {
                    eprintln!("--panels takes a number");
                    std::process::exit(2);
                })
            }
            _ => {
                eprintln!("{}", cli::USAGE);
                std::process::exit(2);
            }
        };
        cli::calibrate_impact(panels);
        return Ok(());
    }
    if args == ["retention", "run"] {
        let state = server::open_state(settings.clone()).await?;
        let r = app::complaints::retention::run(&state, chrono::Utc::now())
            .await
            .map_err(|e| anyhow::anyhow!("retention: {e}"))?;
        println!(
            "retention: erased {} identities, {} evidence files of {} cases, {} conversations, {} sent mails",
            r.identities, r.files, r.file_sets, r.conversations, r.mails
        );
        return Ok(());
    }
    if args == ["audit", "verify"] {
        let db = server::connect(settings).await?;
        let (line, ok) = cli::verify_audit(&db)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
        println!("{line}");
        std::process::exit(if ok { 0 } else { 1 });
    }
    if let Some(g) = server::generate::parse(args) {
        let db = server::connect(settings).await?;
        let started = std::time::Instant::now();
        let services = server::generate::run(&db, &g).await?;
        println!(
            "generated {} survey responses over {} months and {services} services in {:.1} s",
            g.responses,
            g.months,
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let cmd = cli::parse(args).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let password = match std::env::var("SUARA_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = server::connect(settings).await?;
    match cli::add_user(&db, &cmd, &password).await {
        Ok(id) => {
            println!(
                "created {} account #{id} for {}",
                cmd.role.code(),
                cmd.email
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("suara: {e}");
            std::process::exit(1);
        }
    }
}
