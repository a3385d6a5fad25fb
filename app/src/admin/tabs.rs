//! The admin pages: accounts, units and services, holidays, imports, response templates,
//! training suggestions
//! (kiosks have their own page, `/staf/kios`). Each form lands back on its own page.

/// One admin page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminTab {
    Accounts,
    Units,
    Holidays,
    Imports,
    Templates,
    Suggestions,
}

impl AdminTab {
    /// In the order the sub-navigation lists them.
    pub const ALL: [AdminTab; 6] = [
        AdminTab::Accounts,
        AdminTab::Units,
        AdminTab::Holidays,
        AdminTab::Imports,
        AdminTab::Templates,
        AdminTab::Suggestions,
    ];

    /// The page's address.
    pub fn path(self) -> &'static str {
        match self {
            AdminTab::Accounts => "/staf/admin",
            AdminTab::Units => "/staf/admin/unit-layanan",
            AdminTab::Holidays => "/staf/admin/hari-libur",
            AdminTab::Imports => "/staf/admin/impor",
            AdminTab::Templates => "/staf/admin/templat",
            AdminTab::Suggestions => "/staf/admin/saran-pelatihan",
        }
    }

    /// The message key of its name.
    pub fn label(self) -> &'static str {
        match self {
            AdminTab::Accounts => "admin.tab.accounts",
            AdminTab::Units => "admin.tab.units",
            AdminTab::Holidays => "admin.tab.holidays",
            AdminTab::Imports => "admin.tab.imports",
            AdminTab::Templates => "admin.tab.templates",
            AdminTab::Suggestions => "admin.tab.suggestions",
        }
    }

    /// The page of a path's last segment (`unit-layanan`...); none is the accounts.
    pub fn of_segment(segment: Option<&str>) -> Option<AdminTab> {
        match segment {
            None | Some("") => Some(AdminTab::Accounts),
            Some(s) => AdminTab::ALL
                .into_iter()
                .find(|t| t.path().rsplit('/').next() == Some(s) && *t != AdminTab::Accounts),
        }
    }

    /// The page a form belongs to (a refused form is shown again there): `user`,
    /// `unit`, `service`, `holiday`, `holidays`, `units`, `surveys`, `template`.
    pub fn of_form(form: &str) -> AdminTab {
        match form {
            "unit" | "service" => AdminTab::Units,
            "holiday" | "holidays" => AdminTab::Holidays,
            "units" | "surveys" => AdminTab::Imports,
            "template" => AdminTab::Templates,
            "suggestion" => AdminTab::Suggestions,
            _ => AdminTab::Accounts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_found_by_its_own_segment() {
        for t in AdminTab::ALL {
            let seg = t
                .path()
                .strip_prefix("/staf/admin")
                .unwrap()
                .trim_start_matches('/');
            assert_eq!(AdminTab::of_segment(Some(seg)), Some(t));
        }
        assert_eq!(AdminTab::of_segment(Some("apa")), None);
    }
}
