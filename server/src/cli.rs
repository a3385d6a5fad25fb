//! Commands besides serving: `server user add --email E --name N --role ROLE [--unit CODE]...`
//! creates a staff account (the first admin, or accounts made by automation). The password
//! comes from `SUARA_PASSWORD` or the first line of standard input, never from the command
//! line, where other users of the machine could read it.

use app::accounts::domain::{Role, check_password, normalize_email};
use sea_orm::DatabaseConnection;

/// A parsed `user add`.
#[derive(Debug, PartialEq, Eq)]
pub struct AddUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub units: Vec<String>,
}

/// What `server --help` and usage errors print.
pub const USAGE: &str = "usage: server                       serve the portal (settings from the environment)\n       \
server user add --email EMAIL --name NAME --role admin|inspector|unit_officer|manager [--unit CODE]...\n       \
(password from SUARA_PASSWORD or the first line of standard input)\n       \
server audit verify                 check the audit log's hash chain (exit 1 when broken)\n       \
server retention run                erase personal data past its retention period (SUARA_RETAIN_*)\n       \
server gen surveys N [--months 24] [--units 40]   synthetic survey responses for benchmarks\n       \
server calibrate impact [--panels 400]   false-positive rate and power of the training-impact estimator";

/// Simulates panels with no effect and with +4 points, trained at random and the lowest
/// three trained, runs the real estimator on each, and prints how often it said what.
pub fn calibrate_impact(panels: usize) {
    use app::analytics::impact::simulate::{Design, Selection, calibrate};
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
    for (effect, selection, what) in [
        (
            0.0,
            Selection::Random,
            "no effect, trained units chosen at random",
        ),
        (
            4.0,
            Selection::Random,
            "+4 points, trained units chosen at random",
        ),
        (
            0.0,
            Selection::Lowest,
            "no effect, the three lowest units trained",
        ),
        (
            4.0,
            Selection::Lowest,
            "+4 points, the three lowest units trained",
        ),
    ] {
        let started = std::time::Instant::now();
        let r = calibrate(&d, effect, selection, panels, 20_261_202);
        let rejected = r.rejected();
        let improved = r.improved as f64 / panels as f64;
        println!(
            "{what}: change found {:.1} % (+/- {:.1}), 'improved' {:.1} %, 'worsened' {:.1} %, \
             interval holds the true effect {:.1} %, mean MDE {:.2} points ({:.1} s)",
            100.0 * rejected,
            100.0 * 1.96 * r.share_se(rejected),
            100.0 * improved,
            100.0 * r.worsened as f64 / panels as f64,
            100.0 * r.covered as f64 / panels as f64,
            r.mde_sum / panels as f64,
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

/// Reads `user add ...` arguments (without the program name).
pub fn parse(args: &[String]) -> Result<AddUser, String> {
    let rest = match args {
        [u, a, rest @ ..] if u == "user" && a == "add" => rest,
        _ => return Err(USAGE.into()),
    };
    let (mut email, mut name, mut role, mut units) = (None, None, None, Vec::new());
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--email" => {
                email = Some(
                    normalize_email(value).ok_or(format!("'{value}' is not an email address"))?,
                )
            }
            "--name" => name = Some(value.trim().to_string()).filter(|n| !n.is_empty()),
            "--role" => {
                role = Some(
                    Role::from_code(value).ok_or(format!("'{value}' is not a role\n{USAGE}"))?,
                )
            }
            "--unit" => units.push(value.clone()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(AddUser {
        email: email.ok_or(format!("--email is required\n{USAGE}"))?,
        name: name.ok_or(format!("--name is required\n{USAGE}"))?,
        role: role.ok_or(format!("--role is required\n{USAGE}"))?,
        units,
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
                .contains("not a role")
        );
        assert!(
            parse(&args("user add --name Ani --role admin"))
                .unwrap_err()
                .contains("--email is required")
        );
        assert!(parse(&args("user delete")).is_err());
    }
}
