//! Hand-written tests of what a caller gets back: azure_core's `Response<T>` with its typed
//! headers for an operation with one success status, and enums that read whatever a real
//! service sends (another case, a value the spec does not list) while a closed enum still
//! refuses to send a value outside its list. They use the test-only fixture service
//! (`specs/fixture/gadgets_put.yaml`, `items_import.yaml`, `items_touch.yaml`).

mod support;

use azure_arm_private_endpoints::fixture::{
    GadgetHeaders, GadgetsClient, ItemsClient, ItemsClientTouchHeaders, ServiceError, models,
};
use azure_core::error::ErrorKind;
use azure_core::http::StatusCode;
use serde_json::json;
use support::{Reply, Server};

fn client(server: &Server) -> GadgetsClient {
    GadgetsClient::new("s", support::credential(), Some(server.options())).expect("a client")
}

fn gadget_answer(power: &str) -> serde_json::Value {
    json!({ "id": "/g", "properties": { "power": power, "state": "Running" } })
}

fn gadget_with_power(power: models::PowerMode) -> models::Gadget {
    let mut properties = models::GadgetProperties::default();
    properties.power = Some(power);
    let mut gadget = models::Gadget::default();
    gadget.properties = Some(properties);
    gadget
}

#[tokio::test(start_paused = true)]
async fn a_single_status_returns_a_response_whose_headers_read_typed() {
    let server = Server::start(vec![
        Reply::new(200)
            .json(&gadget_answer("Eco"))
            .header("ETag", "\"7\"")
            .header("x-ms-request-id", "req-1")
            .header("x-ms-revision", "42"),
    ])
    .await;
    let response = client(&server)
        .put("rg", "g", &gadget_with_power(models::PowerMode::Eco), None)
        .await
        .expect("the call succeeds");

    assert_eq!(response.status(), StatusCode::Ok);
    assert_eq!(response.etag().expect("text"), Some("\"7\"".to_string()));
    assert_eq!(
        response.request_id().expect("text"),
        Some("req-1".to_string())
    );
    assert_eq!(response.x_ms_revision().expect("a number"), Some(42_i64));
    let gadget = response.into_model().expect("the gadget");
    assert_eq!(gadget.id.as_deref(), Some("/g"));
}

#[tokio::test(start_paused = true)]
async fn an_absent_header_is_none_and_an_unparsable_one_an_error() {
    let server = Server::start(vec![
        Reply::new(200).json(&gadget_answer("Eco")),
        Reply::new(200)
            .json(&gadget_answer("Eco"))
            .header("x-ms-revision", "not a number"),
    ])
    .await;
    let client = client(&server);
    let gadget = gadget_with_power(models::PowerMode::Full);

    let bare = client.put("rg", "g", &gadget, None).await.expect("200");
    assert_eq!(bare.etag().expect("text"), None);
    assert_eq!(bare.x_ms_revision().expect("absent is not an error"), None);

    let odd = client.put("rg", "g", &gadget, None).await.expect("200");
    let error = odd.x_ms_revision().expect_err("not an integer");
    assert_eq!(*error.kind(), ErrorKind::DataConversion, "{error}");
    let message = error.to_string();
    assert!(
        message.contains("x-ms-revision") && message.contains("not a number"),
        "the error names the header and its value: {message}"
    );
    // The body is still there to read.
    assert_eq!(
        odd.into_model()
            .expect("the gadget")
            .properties
            .and_then(|p| p.power),
        Some(models::PowerMode::Eco)
    );
}

#[tokio::test(start_paused = true)]
async fn a_body_that_is_not_the_model_fails_only_when_read_and_stays_available() {
    let server = Server::start(vec![Reply::new(200).text("<html>gateway</html>")]).await;
    let response = client(&server)
        .put("rg", "g", &gadget_with_power(models::PowerMode::Full), None)
        .await
        .expect("the service answered its documented status");
    let raw = response.to_raw_response();
    assert!(response.into_model().is_err(), "HTML is not a gadget");
    assert_eq!(raw.body().as_ref(), b"<html>gateway</html>");
}

#[test]
fn an_enum_value_in_another_case_reads_as_its_variant() {
    // ARM compares enum values case-insensitively: services answer `succeeded`, `APPROVED`.
    let closed: models::PowerMode = serde_json::from_value(json!("eCO")).expect("reads");
    assert_eq!(closed, models::PowerMode::Eco);
    assert_eq!(closed.as_str(), "Eco");
    let extensible: models::ConnectionStatus =
        serde_json::from_value(json!("APPROVED")).expect("reads");
    assert_eq!(extensible, models::ConnectionStatus::Approved);
    // Sent back, it is the canonical spelling.
    assert_eq!(serde_json::to_value(&closed).expect("JSON"), json!("Eco"));
}

#[tokio::test(start_paused = true)]
async fn a_closed_enum_keeps_a_value_the_spec_does_not_list_and_the_call_succeeds() {
    let server = Server::start(vec![Reply::new(200).json(&gadget_answer("Turbo"))]).await;
    let response = client(&server)
        .put("rg", "g", &gadget_with_power(models::PowerMode::Full), None)
        .await
        .expect("the service succeeded");
    let gadget = response.into_model().expect("the body reads");
    let power = gadget
        .properties
        .and_then(|p| p.power)
        .expect("a power mode");
    assert_eq!(power, models::PowerMode::UnknownValue("Turbo".to_string()));
    assert_eq!(power.as_str(), "Turbo");
}

#[tokio::test(start_paused = true)]
async fn a_closed_enum_refuses_to_send_a_value_outside_its_list_before_any_request() {
    let server = Server::start(vec![Reply::new(200).json(&gadget_answer("Full"))]).await;
    let gadget = gadget_with_power(models::PowerMode::UnknownValue("Turbo".to_string()));
    let error = client(&server)
        .put("rg", "g", &gadget, None)
        .await
        .expect_err("Turbo is not in the closed list");
    assert_eq!(*error.kind(), ErrorKind::DataConversion, "{error}");
    let message = format!("{error:?} {error}");
    assert!(
        message.contains("`Turbo` is not a value of the closed enum `PowerMode`"),
        "{message}"
    );
    assert!(server.received().is_empty(), "a request was sent");
}

#[test]
fn an_extensible_enum_sends_a_value_it_does_not_know() {
    let status = models::ConnectionStatus::from("Disconnected");
    assert_eq!(
        status,
        models::ConnectionStatus::UnknownValue("Disconnected".to_string())
    );
    assert_eq!(
        serde_json::to_value(&status).expect("JSON"),
        json!("Disconnected")
    );
}

#[tokio::test(start_paused = true)]
async fn one_bodiless_status_returns_a_response_without_a_body_and_its_typed_headers() {
    let server = Server::start(vec![
        Reply::new(204)
            .header("x-ms-touch-count", "3")
            .header("x-ms-request-id", "req-9"),
    ])
    .await;
    let client =
        ItemsClient::new("s", support::credential(), Some(server.options())).expect("a client");
    let response: azure_core::http::Response<(), azure_core::http::NoFormat> = client
        .touch("rg", "account1", "item1", None)
        .await
        .expect("the call succeeds");

    assert_eq!(response.status(), StatusCode::NoContent);
    assert_eq!(response.x_ms_touch_count().expect("a number"), Some(3));
    assert_eq!(
        response.request_id().expect("text"),
        Some("req-9".to_string())
    );
    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert!(
        request.path.ends_with("/items/item1/touch"),
        "{}",
        request.path
    );
    assert!(request.body.is_empty(), "a bodiless operation sent a body");
}

#[tokio::test(start_paused = true)]
async fn a_bodiless_operation_answered_with_an_undocumented_status_is_a_service_error() {
    let server = Server::start(vec![Reply::new(200).json(&json!({ "unexpected": true }))]).await;
    let client =
        ItemsClient::new("s", support::credential(), Some(server.options())).expect("a client");
    let error = client
        .touch("rg", "account1", "item1", None)
        .await
        .expect_err("200 is not documented");

    assert!(
        matches!(error.kind(), ErrorKind::HttpResponse { .. }),
        "{error:?}"
    );
    let service_error = error
        .downcast_ref::<ServiceError>()
        .expect("a fixture ServiceError");
    assert_eq!(service_error.status, StatusCode::Ok);
    assert!(service_error.raw_body.contains("unexpected"));
}
