//! The `server` binary: the command line (`cli`), logs, settings from the environment, then
//! the portal or the command asked for.

use app::config::Settings;
use clap::Parser;
use server::Application;
use server::cli::{
    AuditCommand, CalibrateCommand, Cli, Command, GenCommand, RetentionCommand, UserCommand,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Help, the version and a mistyped command are answered before anything else.
    let cli = Cli::parse();
    init_logs();
    if let Some(Command::Calibrate(CalibrateCommand::Impact { panels })) = cli.command {
        server::cli::calibrate_impact(panels);
        return Ok(());
    }
    if let Some(Command::Calibrate(CalibrateCommand::Conduct { provinces })) = cli.command {
        server::cli::calibrate_conduct(provinces);
        return Ok(());
    }
    if let Some(Command::Calibrate(CalibrateCommand::Warning { units })) = cli.command {
        server::cli::calibrate_warning(units);
        return Ok(());
    }
    if let Some(Command::Calibrate(CalibrateCommand::Figures { reps })) = cli.command {
        server::cli::calibrate_figures(reps);
        return Ok(());
    }
    if let Some(Command::Calibrate(CalibrateCommand::Rollout { rollouts, draws })) = cli.command {
        server::cli::calibrate_rollout(rollouts, draws);
        return Ok(());
    }
    if let Some(Command::Doctor) = cli.command {
        let checks = server::doctor::run(Settings::from_env()).await;
        for c in &checks {
            println!("{}", c.line());
        }
        let failed = checks
            .iter()
            .filter(|c| c.verdict == server::doctor::Verdict::Fail)
            .count();
        if failed > 0 {
            println!("{failed} of {} checks failed.", checks.len());
            std::process::exit(1);
        }
        println!("All {} checks passed.", checks.len());
        return Ok(());
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("suara: {e}. See .env.example for every setting.");
            std::process::exit(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!("Suara listening on http://{}", app.local_addr());
            app.run_until_stopped().await
        }
        Command::User(UserCommand::Add(cmd)) => add_user(&settings, &cmd).await,
        Command::Audit(AuditCommand::Verify) => {
            let db = server::connect(&settings).await?;
            let (line, ok) = server::cli::verify_audit(&db)
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
            println!("{line}");
            std::process::exit(if ok { 0 } else { 1 });
        }
        Command::Retention(RetentionCommand::Run) => {
            let state = server::open_state(settings).await?;
            let r = app::complaints::retention::run(&state, app::clock::now())
                .await
                .map_err(|e| anyhow::anyhow!("retention: {e}"))?;
            println!(
                "retention: erased {} identities, {} evidence files of {} cases, {} conversations, {} reports' words, {} sent mails, {} mail files",
                r.identities,
                r.files,
                r.file_sets,
                r.conversations,
                r.reports,
                r.mails,
                r.mail_files
            );
            Ok(())
        }
        Command::Backup { path } => match server::backup::run(&settings, &path).await {
            Ok(line) => {
                println!("{line}");
                Ok(())
            }
            Err(e) => {
                eprintln!("suara: {e:#}");
                std::process::exit(1);
            }
        },
        Command::Gen(GenCommand::Surveys {
            responses,
            months,
            units,
        }) => {
            let g = server::generate::Gen {
                responses,
                months,
                units,
            };
            let db = server::connect(&settings).await?;
            let started = std::time::Instant::now();
            let services = server::generate::run(&db, &g).await?;
            println!(
                "generated {} survey responses over {} months and {services} services in {:.1} s",
                g.responses,
                g.months,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Gen(GenCommand::Province {
            responses,
            complaints,
            months,
            units,
            services,
        }) => {
            let p = server::generate::Province {
                responses,
                complaints,
                months,
                units,
                services,
            };
            let db = server::connect(&settings).await?;
            let keys = server::keys(&settings)?;
            let started = std::time::Instant::now();
            let holds = server::generate::province(&db, &keys, &p).await?;
            println!(
                "added {} survey responses and {} complaints in {:.1} s; the database holds {holds}",
                p.responses,
                p.complaints,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Calibrate(_) | Command::Doctor => unreachable!("answered above"),
    }
}

/// Logs to standard error: readable lines, or one JSON object per line with
/// `SUARA_LOG_FORMAT=json` (for a log collector). `RUST_LOG` picks what is logged.
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match std::env::var("SUARA_LOG_FORMAT").as_deref() {
        Ok("json") => builder.json().flatten_event(true).init(),
        Ok("text") | Err(_) => builder.init(),
        Ok(other) => {
            eprintln!("suara: setting SUARA_LOG_FORMAT is invalid: '{other}' (text or json)");
            std::process::exit(2);
        }
    }
}

/// `user add`: the password from `SUARA_PASSWORD` or the first line of standard input.
async fn add_user(settings: &Settings, cmd: &server::cli::AddUser) -> anyhow::Result<()> {
    let password = match std::env::var("SUARA_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = server::connect(settings).await?;
    match server::cli::add_user(&db, cmd, &password).await {
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
