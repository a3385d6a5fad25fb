//! The GeoReport v2 response shapes, once for JSON and once wrapped for XML (where lists
//! are repeated elements inside a named parent).

use serde::Serialize;

#[derive(Clone, Serialize)]
pub struct ErrorOut {
    pub code: u16,
    pub description: String,
}

#[derive(Serialize)]
pub struct ErrorsXml {
    pub error: Vec<ErrorOut>,
}

#[derive(Clone, Serialize)]
pub struct ServiceOut {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    pub r#type: String,
    pub keywords: String,
    pub group: String,
}

#[derive(Serialize)]
pub struct ServicesXml {
    pub service: Vec<ServiceOut>,
}

#[derive(Clone, Serialize)]
pub struct ValueOut {
    pub key: String,
    pub name: String,
}

#[derive(Clone, Serialize)]
pub struct AttributeOut {
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: Vec<ValueOut>,
}

#[derive(Serialize)]
pub struct DefinitionOut {
    pub service_code: String,
    pub attributes: Vec<AttributeOut>,
}

#[derive(Serialize)]
pub struct ValuesXml {
    pub value: Vec<ValueOut>,
}

#[derive(Serialize)]
pub struct AttributeXml {
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    pub required: bool,
    pub datatype_description: String,
    pub order: u32,
    pub description: String,
    pub values: ValuesXml,
}

#[derive(Serialize)]
pub struct AttributesXml {
    pub attribute: Vec<AttributeXml>,
}

#[derive(Serialize)]
pub struct DefinitionXml {
    pub service_code: String,
    pub attributes: AttributesXml,
}

#[derive(Clone, Serialize)]
pub struct RequestOut {
    pub service_request_id: String,
    pub status: String,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: Option<String>,
    pub agency_responsible: String,
    pub service_notice: Option<String>,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: Option<String>,
    pub address: Option<String>,
    pub media_url: Option<String>,
}

#[derive(Serialize)]
pub struct RequestsXml {
    pub request: Vec<RequestOut>,
}

#[derive(Clone, Serialize)]
pub struct PostedOut {
    pub service_request_id: String,
    pub service_notice: String,
    pub account_id: Option<String>,
}

#[derive(Serialize)]
pub struct PostedXml {
    pub request: Vec<PostedOut>,
}

#[derive(Serialize)]
pub struct EndpointOut {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    pub r#type: String,
    pub formats: Vec<String>,
}

#[derive(Serialize)]
pub struct DiscoveryOut {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: Vec<EndpointOut>,
}

#[derive(Serialize)]
pub struct FormatsXml {
    pub format: Vec<String>,
}

#[derive(Serialize)]
pub struct EndpointXml {
    pub specification: String,
    pub url: String,
    pub changeset: String,
    pub r#type: String,
    pub formats: FormatsXml,
}

#[derive(Serialize)]
pub struct EndpointsXml {
    pub endpoint: Vec<EndpointXml>,
}

#[derive(Serialize)]
pub struct DiscoveryXml {
    pub changeset: String,
    pub contact: String,
    pub key_service: String,
    pub endpoints: EndpointsXml,
}
