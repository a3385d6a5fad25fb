//! The official SKM questionnaire wording (PermenPANRB 14/2017) and its English rendering.
//!
//! The Indonesian text is the regulation's; it is data, kept beside the element codes so that
//! a question can never drift away from the element it scores.

use super::domain::Element;
use crate::i18n::Lang;

/// Wording of one element in one language.
pub struct Wording {
    /// The element's name (unsur).
    pub name: &'static str,
    /// One word for it, where nine must fit across a phone (the dashboard's heatmap).
    pub short: &'static str,
    /// The question, completing "Bagaimana pendapat Saudara tentang ...".
    pub question: &'static str,
    /// Labels of scores 1, 2, 3 and 4.
    pub answers: [&'static str; 4],
}

const ID: [Wording; 9] = [
    Wording {
        name: "Persyaratan",
        short: "Persyaratan",
        question: "kesesuaian persyaratan pelayanan dengan jenis pelayanannya",
        answers: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    },
    Wording {
        name: "Sistem, Mekanisme, dan Prosedur",
        short: "Prosedur",
        question: "kemudahan prosedur pelayanan di unit ini",
        answers: ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
    },
    Wording {
        name: "Waktu Penyelesaian",
        short: "Waktu",
        question: "kecepatan waktu dalam memberikan pelayanan",
        answers: ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
    },
    Wording {
        name: "Biaya/Tarif",
        short: "Biaya",
        question: "kewajaran biaya/tarif dalam pelayanan",
        answers: ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
    },
    Wording {
        name: "Produk Spesifikasi Jenis Pelayanan",
        short: "Produk",
        question: "kesesuaian produk pelayanan antara standar pelayanan dengan hasil yang diberikan",
        answers: ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
    },
    Wording {
        name: "Kompetensi Pelaksana",
        short: "Kompetensi",
        question: "kompetensi/kemampuan petugas dalam pelayanan",
        answers: [
            "Tidak kompeten",
            "Kurang kompeten",
            "Kompeten",
            "Sangat kompeten",
        ],
    },
    Wording {
        name: "Perilaku Pelaksana",
        short: "Perilaku",
        question: "perilaku petugas terkait kesopanan dan keramahan",
        answers: [
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ],
    },
    Wording {
        name: "Sarana dan Prasarana",
        short: "Sarana",
        question: "kualitas sarana dan prasarana",
        answers: ["Buruk", "Cukup", "Baik", "Sangat baik"],
    },
    Wording {
        name: "Penanganan Pengaduan, Saran dan Masukan",
        short: "Pengaduan",
        question: "penanganan pengaduan pengguna layanan",
        answers: [
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ],
    },
];

const EN: [Wording; 9] = [
    Wording {
        name: "Requirements",
        short: "Requirements",
        question: "how well the service requirements fit the type of service",
        answers: [
            "Not appropriate",
            "Less appropriate",
            "Appropriate",
            "Very appropriate",
        ],
    },
    Wording {
        name: "Systems, mechanisms and procedures",
        short: "Procedure",
        question: "how easy the service procedure at this unit is",
        answers: ["Not easy", "Not very easy", "Easy", "Very easy"],
    },
    Wording {
        name: "Completion time",
        short: "Time",
        question: "how quickly the service was delivered",
        answers: ["Not fast", "Not very fast", "Fast", "Very fast"],
    },
    Wording {
        name: "Cost/fee",
        short: "Cost",
        question: "how fair the cost/fee of the service is",
        answers: ["Very expensive", "Quite expensive", "Cheap", "Free"],
    },
    Wording {
        name: "Service product specification",
        short: "Product",
        question: "how well the result matches the service standard",
        answers: [
            "Not appropriate",
            "Less appropriate",
            "Appropriate",
            "Very appropriate",
        ],
    },
    Wording {
        name: "Staff competence",
        short: "Competence",
        question: "the competence/ability of the staff serving you",
        answers: [
            "Not competent",
            "Less competent",
            "Competent",
            "Very competent",
        ],
    },
    Wording {
        name: "Staff conduct",
        short: "Conduct",
        question: "the politeness and friendliness of the staff",
        answers: [
            "Not polite and friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ],
    },
    Wording {
        name: "Facilities and infrastructure",
        short: "Facilities",
        question: "the quality of the facilities and infrastructure",
        answers: ["Poor", "Fair", "Good", "Very good"],
    },
    Wording {
        name: "Handling of complaints, suggestions and input",
        short: "Complaints",
        question: "how complaints from service users are handled",
        answers: [
            "None",
            "Exists but does not work",
            "Works, not fully",
            "Well managed",
        ],
    },
];

/// Every element's code and short name in `lang`, `U1` first: the heads of tables and the
/// choices of forms.
pub fn names(lang: Lang) -> Vec<(String, String)> {
    Element::ALL
        .iter()
        .map(|e| (e.code().to_string(), wording(*e, lang).name.to_string()))
        .collect()
}

/// The wording of an element in a language.
pub fn wording(e: Element, lang: Lang) -> &'static Wording {
    match lang {
        Lang::Id => &ID[e.index()],
        Lang::En => &EN[e.index()],
    }
}
