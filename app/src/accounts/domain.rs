//! Staff accounts: roles, what each may reach, and the password rule.

use serde::{Deserialize, Serialize};

/// Fewest characters of a staff password (NIST 800-63B favours length over composition).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most characters of a staff password (bounds the hashing work).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// What a staff account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Users, units, settings.
    Admin,
    /// Triage of every complaint, or of the assigned units'.
    Inspector,
    /// Answers the complaints dispositioned to their unit(s).
    UnitOfficer,
    /// Reads statistics, of all or some units.
    Manager,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Inspector,
        Role::UnitOfficer,
        Role::Manager,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Inspector => "inspector",
            Role::UnitOfficer => "unit_officer",
            Role::Manager => "manager",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The console sections this role may open, in the order its navigation lists them.
    /// The rules themselves live with the data (the queue's scope, the readers of figures,
    /// the admin extractors); a test checks that every listed section opens and every other
    /// one answers 403.
    pub fn sections(self) -> &'static [Section] {
        use Section::*;
        match self {
            Role::Admin => &[
                Admin, Dashboard, Analytics, Training, Reports, FollowUps, Kiosks, Audit, Password,
            ],
            Role::Manager => &[Dashboard, Analytics, Training, Reports, FollowUps, Password],
            Role::Inspector => &[Queue, Dashboard, Analytics, Training, Reports, Password],
            Role::UnitOfficer => &[Queue, Reports, FollowUps, Kiosks, Password],
        }
    }

    /// Whether the role registers training programs: admins, and managers for the units
    /// they read (they are the ones who judge whether training worked).
    pub fn registers_programs(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }

    /// Whether the role records and updates SKM follow-up actions (within the units whose
    /// reports it prints): admins, managers and unit officers.
    pub fn plans_follow_ups(self) -> bool {
        matches!(self, Role::Admin | Role::Manager | Role::UnitOfficer)
    }

    /// Where the role lands after signing in (and at `/staf`): the queue for those who
    /// work cases, the dashboard for those who read figures.
    pub fn landing(self) -> Section {
        match self {
            Role::Inspector | Role::UnitOfficer => Section::Queue,
            Role::Admin | Role::Manager => Section::Dashboard,
        }
    }
}

/// A section of the staff console, as its navigation lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Section {
    Admin,
    Kiosks,
    Dashboard,
    Queue,
    Analytics,
    Training,
    Reports,
    FollowUps,
    Audit,
    Password,
}

impl Section {
    /// Every section.
    pub const ALL: [Section; 10] = [
        Section::Admin,
        Section::Kiosks,
        Section::Dashboard,
        Section::Queue,
        Section::Analytics,
        Section::Training,
        Section::Reports,
        Section::FollowUps,
        Section::Audit,
        Section::Password,
    ];

    /// The section's page.
    pub fn path(self) -> &'static str {
        match self {
            Section::Admin => "/staf/admin",
            Section::Kiosks => "/staf/kios",
            Section::Dashboard => "/staf/dasbor",
            Section::Queue => "/staf/antrean",
            Section::Analytics => "/staf/analitik",
            Section::Training => "/staf/pelatihan",
            Section::Reports => "/staf/laporan",
            Section::FollowUps => "/staf/tindak-lanjut",
            Section::Audit => "/staf/audit",
            Section::Password => "/staf/sandi",
        }
    }

    /// The message key of its name in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            Section::Admin => "section.admin",
            Section::Kiosks => "section.kiosks",
            Section::Dashboard => "section.dashboard",
            Section::Queue => "section.queue",
            Section::Analytics => "section.analytics",
            Section::Training => "section.training",
            Section::Reports => "section.reports",
            Section::FollowUps => "section.follow_ups",
            Section::Audit => "section.audit",
            Section::Password => "section.password",
        }
    }

    /// Whether a path is a console page, shown in the console's frame (signing in and the
    /// password reset are not: nobody is signed in there yet).
    pub fn in_console(path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        (path == "/staf" || path.starts_with("/staf/"))
            && !["/staf/masuk", "/staf/lupa", "/staf/reset"].contains(&path)
    }

    /// The section a console path belongs to: a case belongs to the queue, a program to
    /// training.
    pub fn of_path(path: &str) -> Option<Section> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        if path.starts_with("/staf/kasus/") {
            return Some(Section::Queue);
        }
        Section::ALL.into_iter().find(|s| {
            path == s.path()
                || path
                    .strip_prefix(s.path())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Why a password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("password_too_short")]
    TooShort,
    #[error("password_too_long")]
    TooLong,
    #[error("password_too_simple")]
    TooSimple,
}

impl PasswordError {
    /// The stable code, also the message key `error.<code>`.
    pub fn code(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password_too_short",
            PasswordError::TooLong => "password_too_long",
            PasswordError::TooSimple => "password_too_simple",
        }
    }
}

/// Checks a new password: long enough, bounded, and not one character repeated or a run
/// like `123456789012`.
pub fn check_password(p: &str) -> Result<(), PasswordError> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    let distinct: std::collections::BTreeSet<char> = p.chars().collect();
    if distinct.len() < 4 {
        return Err(PasswordError::TooSimple);
    }
    Ok(())
}

/// An email address as accounts store it: trimmed and lower-cased, with one `@` and a
/// dotted domain.
pub fn normalize_email(s: &str) -> Option<String> {
    let e = s.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c == '<' || c == '>');
    ok.then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_length_and_some_variety() {
        assert_eq!(check_password("pendek"), Err(PasswordError::TooShort));
        assert_eq!(
            check_password("aaaaaaaaaaaaaaa"),
            Err(PasswordError::TooSimple)
        );
        assert_eq!(
            check_password(&"x1".repeat(200)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(check_password("kopi jambi pagi hari"), Ok(()));
    }

    #[test]
    fn emails_are_compared_in_lower_case() {
        assert_eq!(
            normalize_email("  Inspektur@Inspektorat.JambiProv.go.id "),
            Some("inspektur@inspektorat.jambiprov.go.id".into())
        );
        assert_eq!(normalize_email("no-at-sign"), None);
        assert_eq!(normalize_email("a@b"), None);
    }

    #[test]
    fn roles_round_trip_by_code() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn every_role_lands_on_a_section_it_may_open_and_may_change_its_password() {
        for r in Role::ALL {
            assert!(r.sections().contains(&r.landing()), "{r:?}");
            assert!(r.sections().contains(&Section::Password), "{r:?}");
        }
        assert_eq!(Role::Admin.sections()[0], Section::Admin);
        assert_eq!(Role::Manager.landing(), Section::Dashboard);
        assert!(!Role::UnitOfficer.sections().contains(&Section::Analytics));
    }

    #[test]
    fn a_path_belongs_to_its_section_and_its_sub_pages() {
        assert_eq!(
            Section::of_path("/staf/antrean?status=received"),
            Some(Section::Queue)
        );
        assert_eq!(Section::of_path("/staf/kasus/ABCD"), Some(Section::Queue));
        assert_eq!(
            Section::of_path("/staf/pelatihan/3"),
            Some(Section::Training)
        );
        assert_eq!(Section::of_path("/staf/pelatihanx"), None);
        assert_eq!(Section::of_path("/staf/masuk"), None);
        assert!(Section::in_console("/staf/kasus/ABCD?ok=verify"));
        assert!(!Section::in_console("/staf/masuk?next=/staf"));
        assert!(!Section::in_console("/stafx"));
        for s in Section::ALL {
            assert_eq!(Section::of_path(s.path()), Some(s));
        }
    }
}

/// Failed sign-ins allowed before the first lock.
pub const FREE_FAILURES: i32 = 5;

/// How long sign-in stays locked after `failures` failures in a row: nothing for the first
/// five, then 30 s doubling with each further failure, at most an hour.
pub fn lockout_secs(failures: i32) -> Option<u64> {
    if failures < FREE_FAILURES {
        return None;
    }
    let exp = u32::try_from(failures - FREE_FAILURES).unwrap_or(0).min(16);
    Some((30u64 << exp).min(3600))
}

#[cfg(test)]
mod lockout_tests {
    use super::*;

    #[test]
    fn the_back_off_grows_after_five_failures_up_to_an_hour() {
        let secs: Vec<Option<u64>> = (3..=13).map(lockout_secs).collect();
        assert_eq!(
            secs,
            [
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                Some(3600),
                Some(3600)
            ]
        );
    }
}
