//! The OpenAPI document of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// Every documented path and schema of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Suara API", version = "1", description = "Public service satisfaction (SKM/IKM) and conduct complaints for Jambi Province."),
    paths(crate::units::api::list, crate::survey::api::create, crate::survey::api::ikm,
        crate::complaints::api::create, crate::complaints::api::show,
        crate::complaints::api::reporter::message, crate::complaints::api::reporter::reopen,
        crate::complaints::api::reporter::feedback, crate::complaints::api::reporter::erase_identity,
        crate::survey::kiosk::api::register, crate::survey::kiosk::api::list, crate::survey::kiosk::api::revoke,
        crate::accounts::api::login, crate::accounts::api::logout, crate::accounts::api::me, crate::accounts::api::password,
        crate::triage::api::queue, crate::triage::api::case, crate::triage::api::transitions,
        crate::triage::api::ask, crate::triage::api::reveal, crate::triage::api::audit_check, crate::triage::api::file,
        crate::triage::api::handler, crate::triage::api::note, crate::triage::api::complete_outcome,
        crate::triage::api::repeat_names,
        crate::analytics::api::import_surveys, crate::analytics::api::trends, crate::training::api::create_training,
        crate::training::api::list_training, crate::training::api::impact,
        crate::training::rollout::api::preview, crate::training::rollout::api::create, crate::training::rollout::api::list,
        crate::training::rollout::api::show, crate::training::rollout::api::impact, crate::analytics::stats::complaint_stats,
        crate::followups::api::create, crate::followups::api::update, crate::followups::api::list),
    tags((name = "units", description = "Units and their services"), (name = "survey", description = "Survey responses and the index"),
        (name = "complaints", description = "Conduct complaints: filing and public status (Open311 GeoReport v2 is at /open311/v2/)"),
        (name = "accounts", description = "Staff sign-in: an HttpOnly session cookie and a CSRF token for state-changing requests"),
        (name = "triage", description = "The inspectors' queue, cases, workflow transitions and audit chain"),
        (name = "analytics", description = "Survey import, satisfaction trends, complaint statistics"),
        (name = "training", description = "Training programs and their estimated impact (two-way fixed effects against clean comparison units; randomization inference or unit-clustered errors), and randomized rollouts (waves drawn by the portal, sealed before the first wave, analysed by the design's own randomization distribution)"),
        (name = "follow-ups", description = "Each unit's SKM follow-up plan: actions on its weakest elements, who answers for them, by when, and their progress; public to read")),
    components(schemas(crate::complaints::domain::outcome::ActionInput)),
    modifiers(&StandardAnswers)
)]
pub struct ApiDoc;

/// Operations anyone may call; every other one answers 401 without a session or token.
const PUBLIC: [(&str, &str); 12] = [
    ("get", "/api/v1/units"),
    ("post", "/api/v1/surveys"),
    ("get", "/api/v1/ikm"),
    ("get", "/api/v1/trends"),
    ("get", "/api/v1/follow-ups"),
    ("post", "/api/v1/complaints"),
    ("get", "/api/v1/complaints/{tracking_code}"),
    ("post", "/api/v1/complaints/{tracking_code}/messages"),
    ("post", "/api/v1/complaints/{tracking_code}/reopen"),
    ("post", "/api/v1/complaints/{tracking_code}/feedback"),
    ("post", "/api/v1/complaints/{tracking_code}/erase-identity"),
    ("post", "/api/v1/auth/login"),
];

/// The answers every operation can give whatever it does, added in one place so that the
/// document and the server cannot drift apart: 400 for a body or query that cannot be read,
/// 415 for a JSON body without its content type, 401 where a session or token is needed;
/// and operation ids made unique by their tag (`survey_create`, `complaints_create`); and
/// the shape of a tracking code wherever one is in the path.
struct StandardAnswers;

fn error_answer(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build()
        .into()
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| error_answer(description));
}

impl Modify for StandardAnswers {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        for (path, item) in api.paths.paths.iter_mut() {
            for (method, op) in [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
            ] {
                let Some(op) = op else { continue };
                // A tracking code is read the same way everywhere: its shape, in one place.
                for p in op.parameters.iter_mut().flatten() {
                    if p.name == "tracking_code" && p.parameter_in == ParameterIn::Path {
                        p.schema = Some(crate::web::api_schema::tracking_code());
                    }
                }
                if let (Some(id), Some(tag)) =
                    (&op.operation_id, op.tags.as_ref().and_then(|t| t.first()))
                    && !id.starts_with(tag.as_str())
                {
                    op.operation_id = Some(format!("{tag}_{id}"));
                }
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                if json_body {
                    add(
                        op,
                        "400",
                        "The body is not readable JSON (`malformed_json`)",
                    );
                    add(op, "415", "The body is not sent as `application/json`");
                    add(
                        op,
                        "422",
                        "A field of the body has the wrong type (`invalid_body`)",
                    );
                }
                let has_query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == ParameterIn::Query);
                if has_query {
                    add(
                        op,
                        "400",
                        "The query string is not readable (`malformed_query`)",
                    );
                }
                if !PUBLIC.contains(&(method, path.as_str())) {
                    add(op, "401", "No session or API token (`unauthorized`)");
                    if (method, path.as_str()) != ("get", "/api/v1/auth/me") {
                        add(
                            op,
                            "403",
                            "This account's role may not do this, or the CSRF token is missing (`forbidden`)",
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_builds_with_every_rule_it_states() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let survey = &doc["components"]["schemas"]["SurveyRequest"];
        assert_eq!(survey["additionalProperties"], false);
        assert_eq!(survey["properties"]["answers"]["required"][8], "U9");
        let code = &doc["paths"]["/api/v1/complaints/{tracking_code}"]["get"]["parameters"][0];
        assert!(code["schema"]["pattern"].is_string(), "{code}");
        // Written out where utoipa needs a literal: the same rule as everywhere else.
        let unit = &doc["paths"]["/api/v1/follow-ups"]["get"]["parameters"][0];
        assert_eq!(unit["required"], true);
        assert_eq!(
            unit["schema"]["pattern"],
            crate::web::api_schema::CODE_PATTERN
        );
    }
}
