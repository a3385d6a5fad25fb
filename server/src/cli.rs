//! The command line, on clap: without a command the binary serves the portal; the commands
//! look after it (`server --help`, and `--help` after any command). `user add` creates a
//! staff account (the first admin, or accounts made by automation); its password comes from
//! `SUARA_PASSWORD` or the first line of standard input, never from the command line, where
//! other users of the machine could read it.

use app::accounts::domain::{Role, check_password, normalize_email};
use clap::{Args, Parser, Subcommand};
use sea_orm::DatabaseConnection;
use std::path::PathBuf;

/// Suara: citizens of Jambi rate public services and report the conduct of civil servants.
///
/// Without a command it serves the portal, with its settings from the environment (every
/// one is in .env.example).
#[derive(Debug, Parser)]
#[command(name = "server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the binary is asked to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal (the same as no command).
    Serve,
    /// Staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Personal data past its retention period.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Copy the database to PATH while the portal keeps running.
    ///
    /// SQLite: a consistent online copy (VACUUM INTO); start a server with DATABASE_URL
    /// pointing at the copy to restore it. PostgreSQL: runs pg_dump in its custom format;
    /// restore with pg_restore (docs/operations.md). Sealed evidence files are not in the
    /// database: back up SUARA_STORAGE_URL's folder or bucket beside it.
    Backup {
        /// Where the copy goes; it must not exist yet.
        path: PathBuf,
    },
    /// Check the settings, the database and its migrations, the clock, the mail relay, the
    /// storage and the secret key, and say in words what is wrong (exit status 1 then).
    ///
    /// Changes nothing: no migration runs, no mail is sent, and one probe file is written to
    /// the storage and removed.
    Doctor,
    /// Synthetic data for benchmarks.
    #[command(subcommand)]
    Gen(GenCommand),
    /// Simulations that measure the statistics' error rates.
    #[command(subcommand)]
    Calibrate(CalibrateCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a staff account. The password comes from SUARA_PASSWORD or the first line of
    /// standard input (at least 12 characters).
    Add(AddUser),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain (exit status 1 when it is broken).
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Erase the personal data whose retention period has passed (SUARA_RETAIN_*); the
    /// server also does this once a day.
    Run,
}

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// Synthetic survey responses.
    Surveys {
        /// How many responses (underscores allowed: 1_000_000).
        #[arg(value_parser = parse_count)]
        responses: u64,
        /// Over how many months, ending this month.
        #[arg(long, default_value_t = 24)]
        months: u32,
        /// Over how many units.
        #[arg(long, default_value_t = 40)]
        units: usize,
    },
    /// A province: units and services topped up, survey responses and complaints at every
    /// status added (scripts/bench-province.sh).
    Province {
        /// How many survey responses to add.
        #[arg(value_parser = parse_count)]
        responses: u64,
        /// How many complaints to add.
        #[arg(value_parser = parse_count)]
        complaints: u64,
        /// Over how many months, ending today.
        #[arg(long, default_value_t = 36)]
        months: u32,
        /// Units the province has at least.
        #[arg(long, default_value_t = 500)]
        units: usize,
        /// Services it has at least.
        #[arg(long, default_value_t = 3000)]
        services: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// The second outcome of the training evaluation (conduct complaints proven per
    /// unit-month): false changes and power, by simulation, through the whole report.
    Conduct {
        /// Simulated provinces per situation.
        #[arg(long, default_value_t = 400)]
        provinces: usize,
    },
    /// False-positive rate and power of the training-impact estimator, by simulation.
    Impact {
        /// Simulated panels per scenario.
        #[arg(long, default_value_t = 400)]
        panels: usize,
    },
    /// Coverage of the indices' 95 % intervals, and the dashboard's false discoveries and
    /// power, by simulation.
    Figures {
        /// Simulated samples (and dashboards) per scenario.
        #[arg(long, default_value_t = 2000)]
        reps: usize,
    },
    /// False alarms and power of the early warning, by simulation.
    Warning {
        /// Simulated units per scenario.
        #[arg(long, default_value_t = 200)]
        units: usize,
    },
    /// False-positive rate and power of the randomized-rollout analysis, by simulation.
    Rollout {
        /// Simulated rollouts per scenario.
        #[arg(long, default_value_t = 400)]
        rollouts: usize,
        /// Re-draws of the assignment in each rollout's randomization distribution.
        #[arg(long, default_value_t = app::training::rollout::analysis::DRAWS)]
        draws: usize,
    },
}

/// A parsed `user add`.
#[derive(Debug, PartialEq, Eq, Args)]
pub struct AddUser {
    /// The account's email (its sign-in name).
    #[arg(long, value_parser = parse_email)]
    pub email: String,
    /// The name shown to colleagues.
    #[arg(long, value_parser = parse_name)]
    pub name: String,
    /// admin, inspector, unit_officer or manager.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// A unit the account works for (repeat for several); a unit officer needs one.
    #[arg(long = "unit", value_name = "CODE")]
    pub units: Vec<String>,
}

fn parse_email(s: &str) -> Result<String, String> {
    normalize_email(s).ok_or(format!("'{s}' is not an email address"))
}

fn parse_name(s: &str) -> Result<String, String> {
    Some(s.trim().to_string())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| "the name is empty".to_string())
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or(format!(
        "'{s}' is not a role (admin, inspector, unit_officer, manager)"
    ))
}

fn parse_count(s: &str) -> Result<u64, String> {
    s.replace('_', "")
        .parse()
        .map_err(|_| format!("'{s}' is not a count"))
}

/// Reads `user add ...` arguments (without the program name), as the command line does.
pub fn parse(args: &[String]) -> Result<AddUser, String> {
    let cli = Cli::try_parse_from(std::iter::once("server").chain(args.iter().map(String::as_str)))
        .map_err(|e| e.to_string())?;
    match cli.command {
        Some(Command::User(UserCommand::Add(a))) => Ok(a),
        _ => Err("not a user add command".into()),
    }
}

/// One row of a coverage table: the IKM's coverage, the elements' lowest and highest, and
/// the IKM interval's mean width.
fn coverage_row(c: &app::analytics::calibrate::Coverage) -> String {
    let shares: Vec<f64> = (0..9).map(|k| c.element_share(k)).collect();
    let (lo, lo_k) = shares
        .iter()
        .enumerate()
        .fold((1.0, 0), |a, (k, &v)| if v < a.0 { (v, k) } else { a });
    let (hi, hi_k) = shares
        .iter()
        .enumerate()
        .fold((0.0, 0), |a, (k, &v)| if v > a.0 { (v, k) } else { a });
    format!(
        "{:.3} | {lo:.3} (U{}) | {hi:.3} (U{}) | {:.1}",
        c.ikm_share(),
        lo_k + 1,
        hi_k + 1,
        c.mean_width()
    )
}

/// Coverage of the 95 % intervals of the IKM and of each element over samples of 30 to 400
/// responses from four populations spread over a month's 20 days, then with days that share
/// a cause and with few days; then dashboards of 40 units, unchanged and with eight units
/// risen, told with and without the Benjamini-Hochberg correction.
pub fn calibrate_figures(reps: usize) {
    use app::analytics::calibrate::{Dashboard, Population, Sampling, coverage, dashboards};
    println!(
        "Coverage of the 95 % intervals ({reps} samples per cell; Monte Carlo se about {:.3}); \
         responses on 20 days at random, days alike",
        (0.95_f64 * 0.05 / reps as f64).sqrt()
    );
    println!("| population | n | IKM | elements, lowest | elements, highest | mean IKM width |");
    println!("|---|---|---|---|---|---|");
    for (i, pop) in Population::all().iter().enumerate() {
        for (j, n) in [30, 60, 120, 250, 400].into_iter().enumerate() {
            let month = Sampling {
                n,
                days: 20,
                day_sd: 0.0,
            };
            let c = coverage(pop, &month, reps, 20_261_210 + (i * 10 + j) as u64);
            println!("| {} | {n} | {} |", pop.name, coverage_row(&c));
        }
    }
    println!();
    println!(
        "Days that share a cause (every respondent of a day shifted alike; mood sd 0.9 per \
         respondent) and few days; typical population, {reps} samples per cell"
    );
    println!(
        "| day shift sd | days | n | IKM | elements, lowest | elements, highest | mean IKM width | IKM, respondents alone |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let typical = Population::all()[0];
    let mut seed = 20_261_213;
    for (day_sd, days, n) in [
        (0.0, 28, 300),
        (0.15, 28, 300),
        (0.3, 28, 300),
        (0.3, 20, 60),
        (0.3, 20, 400),
        (0.5, 20, 120),
        (0.0, 5, 120),
        (0.3, 5, 120),
        (0.0, 3, 60),
    ] {
        seed += 7;
        let sampling = Sampling { n, days, day_sd };
        let c = coverage(&typical, &sampling, reps, seed);
        println!(
            "| {day_sd} | {days} | {n} | {} | {:.3} |",
            coverage_row(&c),
            c.ikm_respondents_share()
        );
    }
    let count = (reps / 4).max(50);
    println!();
    println!(
        "Dashboards of 40 units, each compared with its previous period ({count} dashboards per row)"
    );
    println!(
        "| situation | responses per unit | false arrows per dashboard (BH / p < 0.05 alone) | dashboards with a false arrow (BH / alone) | false discovery rate | risen units found |"
    );
    println!("|---|---|---|---|---|---|");
    for (what, changed, shift, responses) in [
        ("nothing changed", 0, 0.0, (10.0, 300.0)),
        ("nothing changed", 0, 0.0, (30.0, 60.0)),
        ("8 units rose about 4 points", 8, 0.3, (10.0, 300.0)),
        ("8 units rose about 8 points", 8, 0.6, (10.0, 300.0)),
        ("8 units rose about 4 points", 8, 0.3, (100.0, 400.0)),
    ] {
        let d = Dashboard {
            units: 40,
            changed,
            shift,
            responses,
        };
        let c = dashboards(
            &d,
            count,
            20_261_211 + changed as u64 + (shift * 10.0) as u64 + responses.0 as u64,
        );
        let per = |x: usize| x as f64 / count as f64;
        println!(
            "| {what} | {:.0}-{:.0} | {:.3} / {:.3} | {:.3} / {:.3} | {} | {} |",
            responses.0,
            responses.1,
            per(c.false_arrows),
            per(c.false_arrows_uncorrected),
            per(c.with_false),
            per(c.with_false_uncorrected),
            if changed > 0 {
                format!("{:.3}", c.fdp_sum / count as f64)
            } else {
                "–".into()
            },
            if changed > 0 {
                format!("{:.2}", c.true_arrows as f64 / (count * changed) as f64)
            } else {
                "–".into()
            },
        );
    }
}

/// The early warning over two years of simulated units run day by day: false alarms per
/// unit on stable data (steady, months that wobble with serial correlation, days whose
/// visitors share a cause; 1 to 30 responses a day) at several levels, then its power to
/// catch a fall of about 2, 4 and 7 points within 30 days at the level chosen.
pub fn calibrate_warning(units: usize) {
    use app::analytics::warning::ALPHA;
    use app::analytics::warning::simulate::{MONITORED, Unit, calibrate};
    let alphas = [0.01, 0.003, ALPHA, 0.0003];
    println!(
        "Early warning: {units} units per row, {MONITORED} days monitored after a year of history"
    );
    println!(
        "| stable unit | responses a day | false alarms per unit per 2 years at one-sided level 0.01 / 0.003 / {ALPHA} / 0.0003 | units with any (at {ALPHA}) | days testable |"
    );
    println!("|---|---|---|---|---|");
    let steady = Unit {
        per_day: 3.0,
        block_sd: 0.0,
        block_rho: 0.0,
        day_sd: 0.0,
        drop: 0.0,
    };
    let wobbly = Unit {
        block_sd: 0.13,
        block_rho: 0.5,
        ..steady
    };
    let days = Unit {
        day_sd: 0.15,
        ..wobbly
    };
    let mut seed = 20_261_212;
    for (what, base) in [
        ("steady", steady),
        ("months wobble about 2 points (AR 0.5)", wobbly),
        ("and days share a cause", days),
    ] {
        for per_day in [1.0, 3.0, 10.0, 30.0] {
            let u = Unit { per_day, ..base };
            seed += 1_000;
            let r = calibrate(&u, units, &alphas, seed);
            let rates: Vec<String> = r
                .iter()
                .map(|x| format!("{:.2}", x.alarms_per_unit))
                .collect();
            println!(
                "| {what} | {per_day} | {} | {:.2} | {:.2} |",
                rates.join(" / "),
                r[2].with_alarm,
                r[2].tested
            );
        }
    }
    println!();
    println!(
        "Power at level {ALPHA}: share of units alarmed within 30 days of a fall (months wobbling as above)"
    );
    println!("| fall | 1 a day | 3 a day | 10 a day | 30 a day |");
    println!("|---|---|---|---|---|");
    for (what, drop) in [
        ("about 2 points", 0.13),
        ("about 4 points", 0.27),
        ("about 7 points", 0.47),
        ("about 12 points", 0.8),
    ] {
        let cells: Vec<String> = [1.0, 3.0, 10.0, 30.0]
            .into_iter()
            .map(|per_day| {
                seed += 1_000;
                let r = calibrate(
                    &Unit {
                        per_day,
                        drop,
                        ..wobbly
                    },
                    units,
                    &[ALPHA],
                    seed,
                );
                format!("{:.2}", r[0].within_30_days)
            })
            .collect();
        println!("| {what} | {} |", cells.join(" | "));
    }
}

/// Simulates panels with no effect and with +4 points, trained at random and the lowest
/// three trained, runs the real estimator on each, and prints how often it said what; then
/// the situations a province produces (units trained again, offices with UPTDs, thin units,
/// few comparison offices, serially correlated months) through the whole report.
pub fn calibrate_impact(panels: usize) {
    use app::training::impact::inference::Statistic;
    use app::training::impact::simulate::{Design, Selection, calibrate};
    let d = Design::default();
    println!(
        "design: {} units, {} trained, unit sd {}, unit-month sd {}, month sd {}, about {} responses \
         per unit-month (one response's IKM sd {}), {} months before and {} after; {panels} panels each",
        d.units,
        d.treated,
        d.unit_sd,
        d.shock_sd,
        d.month_sd,
        d.responses,
        d.response_sd,
        d.months_before,
        d.months_after
    );
    let few_controls = Design {
        units: 15,
        treated: 12,
        ..d
    };
    let thin = Design {
        treated_responses: Some(5.0),
        ..d
    };
    let uneven = Design {
        responses_range: Some((5.0, 300.0)),
        ..d
    };
    let (st, mean, equal) = (
        Statistic::Studentized,
        Statistic::Mean,
        Statistic::StudentizedEqual,
    );
    for (design, effect, selection, statistic, what) in [
        (
            d,
            0.0,
            Selection::Random,
            st,
            "no effect, trained units chosen at random",
        ),
        (
            d,
            4.0,
            Selection::Random,
            st,
            "+4 points, trained units chosen at random",
        ),
        (
            d,
            0.0,
            Selection::Random,
            mean,
            "no effect, at random, plain difference of means",
        ),
        (
            d,
            4.0,
            Selection::Random,
            mean,
            "+4 points, at random, plain difference of means",
        ),
        (
            thin,
            0.0,
            Selection::Random,
            st,
            "no effect, three thin trained units (5 responses a month)",
        ),
        (
            thin,
            4.0,
            Selection::Random,
            st,
            "+4 points, three thin trained units",
        ),
        (
            thin,
            0.0,
            Selection::Random,
            mean,
            "no effect, three thin trained units, plain difference of means",
        ),
        (
            thin,
            4.0,
            Selection::Random,
            mean,
            "+4 points, three thin trained units, plain difference of means",
        ),
        (
            uneven,
            0.0,
            Selection::Random,
            st,
            "no effect, responses per unit-month from 5 to 300",
        ),
        (
            uneven,
            4.0,
            Selection::Random,
            st,
            "+4 points, responses per unit-month from 5 to 300",
        ),
        (
            uneven,
            0.0,
            Selection::Random,
            mean,
            "no effect, responses from 5 to 300, plain difference of means",
        ),
        (
            uneven,
            4.0,
            Selection::Random,
            mean,
            "+4 points, responses from 5 to 300, plain difference of means",
        ),
        (
            uneven,
            0.0,
            Selection::Random,
            equal,
            "no effect, responses from 5 to 300, studentized with equal weights",
        ),
        (
            uneven,
            4.0,
            Selection::Random,
            equal,
            "+4 points, responses from 5 to 300, studentized with equal weights",
        ),
        (
            thin,
            0.0,
            Selection::Random,
            equal,
            "no effect, three thin trained units, studentized with equal weights",
        ),
        (
            thin,
            4.0,
            Selection::Random,
            equal,
            "+4 points, three thin trained units, studentized with equal weights",
        ),
        (
            d,
            0.0,
            Selection::Lowest,
            st,
            "no effect, the three lowest units trained",
        ),
        (
            d,
            4.0,
            Selection::Lowest,
            st,
            "+4 points, the three lowest units trained",
        ),
        (
            few_controls,
            0.0,
            Selection::Random,
            st,
            "no effect, 12 trained units against 3 comparison units",
        ),
        (
            few_controls,
            4.0,
            Selection::Random,
            st,
            "+4 points, 12 trained units against 3 comparison units",
        ),
    ] {
        let started = std::time::Instant::now();
        let r = calibrate(&design, effect, selection, statistic, panels, 20_261_202);
        let rejected = r.rejected();
        let improved = r.improved as f64 / panels as f64;
        println!(
            "{what}: change found {:.1} % (+/- {:.1}), 'improved' {:.1} %, 'worsened' {:.1} %, \
             interval holds the true effect {:.1} %, mean MDE {:.2} points, no direction \
             (trained units among the lowest) {:.1} % ({:.1} s)",
            100.0 * rejected,
            100.0 * 1.96 * r.share_se(rejected),
            100.0 * improved,
            100.0 * r.worsened as f64 / panels as f64,
            100.0 * r.covered as f64 / panels as f64,
            r.mde_sum / panels as f64,
            100.0 * r.withheld as f64 / panels as f64,
            started.elapsed().as_secs_f64()
        );
    }
    calibrate_situations(panels);
    calibrate_conduct(panels);
}

/// The second outcome (conduct complaints proven per unit-month) through the whole report,
/// in the situations that happen: how often a change is claimed under no effect, and how
/// often a halving is found.
pub fn calibrate_conduct(count: usize) {
    use app::training::impact::scenarios::{Choice, ConductScenario, calibrate_conduct};
    let base = ConductScenario::default();
    let situations = [
        (
            base,
            "3 of 40 units trained at random, 0.3 proven a unit-month (unit log-rate sd 0.8)",
        ),
        (
            ConductScenario {
                choice: Choice::Lowest,
                ..base
            },
            "the 3 units with the most proven complaints before trained (selection on the outcome)",
        ),
        (
            ConductScenario {
                choice: Choice::Lowest,
                rho: 0.6,
                shock_sd: 0.5,
                ..base
            },
            "the same, with serially correlated monthly rates (rho 0.6, sd 0.5)",
        ),
        (
            ConductScenario {
                offices: 15,
                uptds: 2,
                trained: 2,
                office_sd: 0.4,
                ..base
            },
            "2 offices trained with their UPTDs (15 offices of 3 units, office shocks sd 0.4 shared)",
        ),
        (
            ConductScenario { rate: 0.05, ..base },
            "thin: 0.05 proven a unit-month",
        ),
        (
            ConductScenario {
                offices: 14,
                trained: 12,
                ..base
            },
            "12 trained units against 2 comparison units",
        ),
        (
            ConductScenario {
                trained: 10,
                rate: 1.0,
                ..base
            },
            "10 of 40 trained at random, 1 proven a unit-month",
        ),
    ];
    println!(
        "\nthe second outcome (proven conduct complaints), through the whole report; {count} provinces each"
    );
    for (s, what) in situations {
        for effect in [1.0, 0.5] {
            let started = std::time::Instant::now();
            let t = calibrate_conduct(&s, effect, count, 20_261_206);
            let changed = t.changed();
            println!(
                "{what}, {}: change found {:.1} % (+/- {:.1}), 'improved' {:.1} %, \
                 'worsened' {:.1} %, withheld {:.1} %, mean MDE {:.2} a unit-month ({:.1} s)",
                if effect == 1.0 { "no effect" } else { "halved" },
                100.0 * changed,
                100.0 * 1.96 * t.share_se(changed),
                100.0 * t.share(t.improved),
                100.0 * t.share(t.worsened),
                100.0 * t.share(t.withheld),
                t.mean_mde(),
                started.elapsed().as_secs_f64()
            );
        }
    }
}

/// The situations of issue 28's table, each through the whole report.
fn calibrate_situations(count: usize) {
    use app::training::impact::scenarios::{Choice, Scenario, calibrate};
    let base = Scenario::default();
    let uptd = Scenario {
        offices: 20,
        uptds: 2,
        trained: 2,
        office_sd: 2.0,
        shock_sd: 1.0,
        ..base
    };
    let situations = [
        (
            Scenario {
                retrained: Some((3, 3, 4.0)),
                ..base
            },
            "the same 3 units trained again by a second program (+4) 3 months later",
        ),
        (
            Scenario {
                trained: 5,
                retrained: Some((2, 3, 4.0)),
                ..base
            },
            "5 units trained, 2 of them again by a second program (+4) 3 months later",
        ),
        (
            Scenario {
                choice: Choice::Lowest,
                rho: 0.6,
                ..base
            },
            "the three lowest units trained, serially correlated shocks (rho 0.6)",
        ),
        (
            uptd,
            "2 offices trained with their UPTDs (20 offices of 3 units, office shocks sd 2 shared)",
        ),
        (
            Scenario {
                office_services: false,
                ..uptd
            },
            "the same, offices without services of their own (judged on their UPTDs)",
        ),
        (
            Scenario {
                trained_responses: Some(5.0),
                ..base
            },
            "three thin trained units (5 responses a month) among units of 50",
        ),
        (
            Scenario {
                offices: 14,
                trained: 12,
                ..base
            },
            "12 trained units against 2 comparison units",
        ),
        (
            Scenario {
                offices: 16,
                trained: 12,
                ..base
            },
            "12 trained units against 4 comparison units",
        ),
        (
            Scenario {
                missing: 0.15,
                ..base
            },
            "comparison units without responses in 15 % of their months, at random",
        ),
        (base, "3 of 40 units trained at random (the easy case)"),
    ];
    println!("\nthe situations of issue 28, through the whole report; {count} provinces each");
    for (s, what) in situations {
        for effect in [0.0, 4.0] {
            let started = std::time::Instant::now();
            let t = calibrate(&s, effect, count, 20_261_205);
            let changed = t.changed();
            println!(
                "{what}, {}: change found {:.1} % (+/- {:.1}), 'improved' {:.1} %, \
                 'worsened' {:.1} %, withheld {:.1} %, interval holds the true effect {:.1} % \
                 of {} estimated, mean MDE {:.2} ({:.1} s)",
                if effect == 0.0 {
                    "no effect"
                } else {
                    "+4 points"
                },
                100.0 * changed,
                100.0 * 1.96 * t.share_se(changed),
                100.0 * t.share(t.improved),
                100.0 * t.share(t.worsened),
                100.0 * t.share(t.withheld),
                100.0 * t.covered as f64 / t.estimated.max(1) as f64,
                t.estimated,
                t.mean_mde(),
                started.elapsed().as_secs_f64()
            );
        }
    }
}

/// Simulates rollouts with no effect and with +4 points in provinces like Jambi's (and in a
/// small one, and one with more serial correlation), runs the real analysis on each, and
/// prints how often it said what.
pub fn calibrate_rollout(rollouts: usize, draws: usize) {
    use app::training::rollout::simulate::{Province, calibrate};
    let p = Province::default();
    println!(
        "province: {} offices with {} UPTDs each and {} offices alone, {} waves {} months apart; \
         unit sd {}, office shock sd {} (shared with its UPTDs), own shock sd {} (month-to-month \
         correlation {}), month sd {}; one unit in {} with {} responses a month (missing a month \
         with chance {}), the others {}, one response's IKM sd {}; {rollouts} rollouts each, \
         {draws} re-draws per rollout",
        p.offices_with_uptds,
        p.uptds_each,
        p.single,
        p.waves,
        p.gap,
        p.unit_sd,
        p.office_sd,
        p.shock_sd,
        p.rho,
        p.month_sd,
        p.thin_every,
        p.thin,
        p.thin_missing,
        p.busy,
        p.response_sd
    );
    let small = Province {
        offices_with_uptds: 1,
        single: 13,
        waves: 2,
        ..p
    };
    let sticky = Province {
        rho: 0.8,
        office_sd: 3.0,
        ..p
    };
    for (province, effect, what) in [
        (p, 0.0, "no effect"),
        (p, 4.0, "+4 points"),
        (
            sticky,
            0.0,
            "no effect, correlation 0.8 and office shocks sd 3",
        ),
        (
            sticky,
            4.0,
            "+4 points, correlation 0.8 and office shocks sd 3",
        ),
        (small, 0.0, "no effect, 16 units in 14 clusters, 2 waves"),
        (small, 4.0, "+4 points, 16 units in 14 clusters, 2 waves"),
    ] {
        let started = std::time::Instant::now();
        let r = calibrate(&province, effect, rollouts, draws, 20_261_207);
        let rejected = r.rejected();
        println!(
            "{what}: change found {:.1} % (+/- {:.1}), 'improved' {:.1} %, 'worsened' {:.1} %, \
             interval holds the true effect {:.1} %, mean MDE {:.2} points, no verdict (too few \
             assignments) {} ({:.1} s)",
            100.0 * rejected,
            100.0 * 1.96 * r.share_se(rejected),
            100.0 * r.improved as f64 / rollouts as f64,
            100.0 * r.worsened as f64 / rollouts as f64,
            100.0 * r.covered as f64 / rollouts as f64,
            r.mde_sum / rollouts as f64,
            r.withheld,
            started.elapsed().as_secs_f64()
        );
    }
}

/// Checks the audit chain; the report line and whether it holds.
pub async fn verify_audit(db: &DatabaseConnection) -> Result<(String, bool), String> {
    let r = app::audit::verify_chain(db)
        .await
        .map_err(|e| e.to_string())?;
    Ok(match r.first_broken_id {
        None => (format!("audit log intact: {} entries", r.entries), true),
        Some(id) => (
            format!("audit log BROKEN at entry #{id} (of {} checked)", r.entries),
            false,
        ),
    })
}

/// Creates the account; returns its id.
pub async fn add_user(
    db: &DatabaseConnection,
    cmd: &AddUser,
    password: &str,
) -> Result<i32, String> {
    check_password(password).map_err(|e| match e.code() {
        "password_too_short" => "the password needs at least 12 characters".to_string(),
        "password_too_long" => "the password is longer than 256 characters".to_string(),
        _ => "the password is too simple".to_string(),
    })?;
    let mut unit_ids = Vec::new();
    for code in &cmd.units {
        let u = app::units::repo::find_unit(db, code)
            .await
            .map_err(|e| e.to_string())?
            .ok_or(format!("no unit has the code '{code}'"))?;
        unit_ids.push(u.id);
    }
    if app::accounts::repo::find_by_email(db, &cmd.email)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(format!("an account with {} already exists", cmd.email));
    }
    let pw = password.to_string();
    let hash = tokio::task::spawn_blocking(move || app::accounts::password::hash(&pw))
        .await
        .map_err(|e| e.to_string())??;
    app::accounts::repo::create_user(
        db,
        &cmd.email,
        &cmd.name,
        cmd.role.code(),
        Some(hash),
        &unit_ids,
    )
    .await
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn user_add_reads_its_flags() {
        let cmd = parse(&args("user add --email A@Jambiprov.go.id --name Ani --role inspector --unit samsat-kota --unit bapenda")).unwrap();
        assert_eq!(cmd.email, "a@jambiprov.go.id");
        assert_eq!(cmd.role, Role::Inspector);
        assert_eq!(cmd.units, ["samsat-kota", "bapenda"]);
        assert!(
            parse(&args("user add --email a@b.id --name Ani --role root"))
                .unwrap_err()
                .contains("'root' is not a role")
        );
        let missing = parse(&args("user add --name Ani --role admin")).unwrap_err();
        assert!(missing.contains("--email"), "{missing}");
        assert!(
            parse(&args("user add --email nobody --name Ani --role admin"))
                .unwrap_err()
                .contains("'nobody' is not an email address")
        );
        assert!(parse(&args("user delete")).is_err());
    }

    #[test]
    fn every_command_has_help_and_the_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        for cmd in [
            "user add",
            "audit verify",
            "retention run",
            "backup",
            "gen surveys",
            "gen province",
            "calibrate impact",
        ] {
            let mut argv = vec!["server"];
            argv.extend(cmd.split(' '));
            argv.push("--help");
            let e = Cli::try_parse_from(argv).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp, "{cmd}");
            assert!(e.to_string().contains("Usage: server"), "{cmd}: {e}");
        }
        let e = Cli::try_parse_from(["server", "--version"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayVersion);
        match Cli::try_parse_from(["server", "gen", "surveys", "1_000", "--months", "6"]) {
            Ok(Cli {
                command:
                    Some(Command::Gen(GenCommand::Surveys {
                        responses,
                        months,
                        units,
                    })),
            }) => assert_eq!((responses, months, units), (1000, 6, 40)),
            other => panic!("{other:?}"),
        }
        let e = Cli::try_parse_from(["server", "gen", "surveys", "x"]).unwrap_err();
        assert!(e.to_string().contains("'x' is not a count"), "{e}");
        let e = Cli::try_parse_from(["server", "gen", "units", "10"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidSubcommand);
    }
}
