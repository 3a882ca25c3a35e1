//! Hand-written tests of what real services send and what callers must send: date-times in
//! the shapes services write them, an explicit `null` that clears a property, and error
//! details with or without ARM's envelope. They use the test-only fixture service
//! (`specs/fixture/gadgets_put.yaml`).

mod support;

use azure_arm_private_endpoints::fixture::{self, GadgetsClient, models};
use azure_core::http::StatusCode;
use serde_json::json;
use support::{Reply, Server};
use time::macros::datetime;

fn client(server: &Server) -> GadgetsClient {
    GadgetsClient::new("s", support::credential(), Some(server.options())).expect("a client")
}

fn gadget(properties: models::GadgetProperties) -> models::Gadget {
    let mut gadget = models::Gadget::default();
    gadget.properties = Some(properties);
    gadget
}

#[tokio::test]
async fn date_times_as_services_write_them_read_and_are_sent_back_strictly() {
    // .NET services leave out the offset and write seven fraction digits; some write `t`
    // and `z` in lowercase, HTTP dates in lowercase or as RFC 850, Unix times with a fraction.
    let answer = json!({
        "id": "/g",
        "properties": {
            "formats": {
                "dateTime": "2021-03-04T05:06:07.1234567",
                "rfc1123": "thu, 04 mar 2021 05:06:07 gmt",
                "unixtime": 1614834367.5
            },
            "calibrations": ["2021-03-04T05:06:07", "2021-03-04t05:06:07z"],
            "lastSeen": { "t1": "2021-03-04T06:06:07+0100" },
            "history": [{ "value": 1.0, "at": "2021-03-04T05:06:07.123456789123Z" }]
        }
    });
    let server = Server::start(vec![Reply::new(200).json(&answer)]).await;
    let sent = gadget(models::GadgetProperties::default());
    let response = client(&server)
        .put("rg", "g", &sent, None)
        .await
        .expect("200");
    let properties = response
        .into_model()
        .expect("the whole body reads")
        .properties
        .expect("properties");

    let at = datetime!(2021-03-04 05:06:07 UTC);
    let formats = properties.formats.as_ref().expect("formats");
    assert_eq!(
        formats.date_time,
        Some(datetime!(2021-03-04 05:06:07.1234567 UTC))
    );
    assert_eq!(formats.rfc1123, Some(at));
    assert_eq!(formats.unixtime, Some(datetime!(2021-03-04 05:06:07.5 UTC)));
    assert_eq!(properties.calibrations, Some(vec![at, at]));
    assert_eq!(properties.last_seen.as_ref().map(|l| l["t1"]), Some(at));
    assert_eq!(
        properties.history.as_ref().and_then(|h| h[0].at),
        Some(datetime!(2021-03-04 05:06:07.123456789 UTC))
    );

    // Sent back, each is in its format's strict form.
    let request = properties.to_request_json().expect("request JSON");
    assert_eq!(
        request["formats"],
        json!({
            "dateTime": "2021-03-04T05:06:07.1234567Z",
            "rfc1123": "Thu, 04 Mar 2021 05:06:07 GMT",
            "unixtime": 1614834367
        })
    );
    assert_eq!(
        request["calibrations"],
        json!(["2021-03-04T05:06:07Z", "2021-03-04T05:06:07Z"])
    );
    // An offset is kept: RFC 3339 allows it.
    assert_eq!(
        request["lastSeen"],
        json!({ "t1": "2021-03-04T06:06:07+01:00" })
    );
}

#[test]
fn an_http_date_is_written_in_utc_whatever_the_value_offset() {
    let mut formats = models::Formats::default();
    formats.rfc1123 = Some(datetime!(2021-03-04 06:06:07 +01:00));
    assert_eq!(
        formats.to_request_json().expect("request JSON")["rfc1123"],
        json!("Thu, 04 Mar 2021 05:06:07 GMT")
    );
}

#[test]
fn a_date_time_that_is_no_date_time_still_fails_the_body_naming_it() {
    let error = serde_json::from_value::<models::Formats>(json!({ "dateTime": "yesterday" }))
        .expect_err("not a date-time");
    assert!(error.to_string().contains("yesterday"), "{error}");
}

#[tokio::test]
async fn a_cleared_nullable_property_is_sent_as_null_and_a_null_answer_reads() {
    // The service answers with the property cleared: an explicit `null`.
    let cleared = json!({ "id": "/g", "properties": { "note": null, "retries": 2 } });
    let server = Server::start(vec![
        Reply::new(200).json(&cleared),
        Reply::new(200).json(&json!({ "id": "/g" })),
    ])
    .await;
    let client = client(&server);

    let mut properties = models::GadgetProperties::default();
    properties.note = Some("old".to_string());
    properties.retries = Some(2);
    properties.clear_note();
    assert_eq!(properties.note, None);
    let answer = client
        .put("rg", "g", &gadget(properties.clone()), None)
        .await
        .expect("200")
        .into_model()
        .expect("a null reads")
        .properties
        .expect("properties");
    assert_eq!(answer.note, None);
    assert_eq!(answer.retries, Some(2));

    // A value set after clearing is sent instead.
    properties.note = Some("new".to_string());
    client
        .put("rg", "g", &gadget(properties), None)
        .await
        .expect("200");

    let bodies: Vec<_> = server.received().iter().map(|r| r.json()).collect();
    assert_eq!(
        bodies,
        [
            json!({ "properties": { "note": null, "retries": 2 } }),
            json!({ "properties": { "note": "new", "retries": 2 } }),
        ]
    );
}

#[test]
fn a_null_read_from_the_service_is_none_and_not_sent_back() {
    let read: models::GadgetProperties =
        serde_json::from_value(json!({ "note": null, "retries": 1 })).expect("properties");
    assert_eq!(read.note, None);
    // Only a caller's `clear_note` sends `null`; an unset property stays out of requests.
    assert_eq!(
        read.to_request_json().expect("request JSON"),
        json!({ "retries": 1 })
    );
    let mut cleared = read.clone();
    cleared.clear_note();
    assert_ne!(cleared, read, "a cleared property makes another request");
    // The model's own JSON (what a response round-trips through) has no `null`.
    assert_eq!(support::json(&cleared), json!({ "retries": 1 }));
}

#[tokio::test]
async fn an_error_detail_reads_with_or_without_the_envelope() {
    let enveloped = json!({ "error": { "code": "Busy", "message": "Try later.", "target": "g" } });
    let bare = json!({ "code": "Busy", "message": "Try later.", "target": "g" });
    let server = Server::start(vec![
        Reply::new(409).json(&enveloped),
        Reply::new(409).json(&bare),
    ])
    .await;
    let client = client(&server);
    let sent = gadget(models::GadgetProperties::default());
    for body in [enveloped, bare] {
        let error = client
            .put("rg", "g", &sent, None)
            .await
            .expect_err("409 is not documented");
        let detail = error
            .downcast_ref::<fixture::ServiceError>()
            .expect("the service's error");
        assert_eq!(detail.status, StatusCode::Conflict);
        assert_eq!(detail.code.as_deref(), Some("Busy"), "{body}");
        assert_eq!(detail.message.as_deref(), Some("Try later."), "{body}");
        assert_eq!(detail.target.as_deref(), Some("g"), "{body}");
        assert!(error.to_string().contains("Busy: Try later."), "{error}");
    }
}
