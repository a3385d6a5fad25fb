//! Discovery and the services: the conduct categories, with the attributes a report takes.

use super::format::*;
use super::shapes::*;
use crate::complaints::domain::{Category, Mode};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::tr;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub(super) fn service_of(c: Category) -> ServiceOut {
    let lang = Lang::Id;
    ServiceOut {
        service_code: c.code().into(),
        service_name: tr!(lang, &format!("category.{}", c.code())),
        description: tr!(lang, &format!("category.{}.hint", c.code())),
        metadata: true,
        r#type: "realtime".into(),
        keywords: "asn, perilaku, pengaduan".into(),
        group: "Perilaku ASN".into(),
    }
}

pub(super) fn discovery(state: &AppState, fmt: Format) -> Response {
    let base = &state.settings.public_base_url;
    let d = DiscoveryOut {
        changeset: "2026-11-22T00:00:00+07:00".into(),
        contact: format!("Inspektorat Provinsi Jambi, {base}/lapor"),
        key_service: format!("{base} (API keys are issued by the Inspektorat)"),
        endpoints: vec![EndpointOut {
            specification: "http://wiki.open311.org/GeoReport_v2".into(),
            url: format!("{base}/open311/v2"),
            changeset: "2026-11-22T00:00:00+07:00".into(),
            r#type: "production".into(),
            formats: vec!["application/json".into(), "text/xml".into()],
        }],
    };
    let xml = DiscoveryXml {
        changeset: d.changeset.clone(),
        contact: d.contact.clone(),
        key_service: d.key_service.clone(),
        endpoints: EndpointsXml {
            endpoint: d
                .endpoints
                .iter()
                .map(|e| EndpointXml {
                    specification: e.specification.clone(),
                    url: e.url.clone(),
                    changeset: e.changeset.clone(),
                    r#type: e.r#type.clone(),
                    formats: FormatsXml {
                        format: e.formats.clone(),
                    },
                })
                .collect(),
        },
    };
    respond(fmt, StatusCode::OK, &d, "discovery", &xml)
}

/// `GET /open311/v2/services/{code}.{json|xml}`: the attributes a report takes.
pub async fn service_definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Response {
    let Some((code, fmt)) = split(&file) else {
        return not_found();
    };
    let Some(cat) = Category::from_code(code) else {
        return error(fmt, StatusCode::NOT_FOUND, "unknown service_code");
    };
    let units = match crate::units::repo::all_units(&state.db).await {
        Ok(u) => u,
        Err(e) => {
            let id = crate::web::error::log_incident(&format!("open311 units: {e}"));
            return error(
                fmt,
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("incident {id}"),
            );
        }
    };
    let lang = Lang::Id;
    let attrs = vec![
        AttributeOut {
            variable: true,
            code: "unit".into(),
            datatype: "singlevaluelist".into(),
            required: true,
            datatype_description: "Kode unit (OPD) tempat kejadian".into(),
            order: 1,
            description: "Unit".into(),
            values: units
                .into_iter()
                .map(|u| ValueOut {
                    key: u.code,
                    name: u.name,
                })
                .collect(),
        },
        AttributeOut {
            variable: true,
            code: "incident_date".into(),
            datatype: "datetime".into(),
            required: false,
            datatype_description: "YYYY-MM-DD".into(),
            order: 2,
            description: "Tanggal kejadian".into(),
            values: Vec::new(),
        },
        AttributeOut {
            variable: true,
            code: "reporter_mode".into(),
            datatype: "singlevaluelist".into(),
            required: false,
            datatype_description:
                "terbuka, rahasia atau anonim; tanpa identitas: anonim, dengan identitas: rahasia"
                    .into(),
            order: 3,
            description: "Mode pelapor".into(),
            values: Mode::ALL
                .into_iter()
                .map(|m| ValueOut {
                    key: m.code().into(),
                    name: tr!(lang, &format!("mode.{}", m.code())),
                })
                .collect(),
        },
    ];
    let json = DefinitionOut {
        service_code: cat.code().into(),
        attributes: attrs.clone(),
    };
    let xml = DefinitionXml {
        service_code: cat.code().into(),
        attributes: AttributesXml {
            attribute: attrs
                .into_iter()
                .map(|a| AttributeXml {
                    variable: a.variable,
                    code: a.code,
                    datatype: a.datatype,
                    required: a.required,
                    datatype_description: a.datatype_description,
                    order: a.order,
                    description: a.description,
                    values: ValuesXml { value: a.values },
                })
                .collect(),
        },
    };
    respond(fmt, StatusCode::OK, &json, "service_definition", &xml)
}
