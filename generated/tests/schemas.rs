//! Hand-written tests of the model shapes real upstream files use: discriminated unions,
//! property formats, secrets, mutability, nullable values, maps and arrays of models. They use
//! the test-only fixture service (`specs/fixture/gadgets_put.yaml`).

mod support;

use azure_arm_private_endpoints::fixture::{GadgetsClient, models};
use serde_json::json;
use support::{Reply, Server};

/// A device of a kind this version does not know, as the service might send it.
fn valve() -> serde_json::Value {
    json!({ "kind": "Valve", "serial": "V-1", "flow": 3, "ports": [{ "open": true }] })
}

#[test]
fn a_union_reads_each_known_kind_into_its_variant() {
    let sensor: models::Device = support::round_trip(&json!({
        "kind": "Sensor", "serial": "S-1", "threshold": 0.5
    }));
    let models::Device::Sensor(sensor) = sensor else {
        panic!("expected a sensor, got {sensor:?}");
    };
    assert_eq!(sensor.serial.as_deref(), Some("S-1"));
    assert_eq!(sensor.threshold, Some(0.5));

    let switch: models::Device = support::round_trip(&json!({ "kind": "Switch", "on": true }));
    assert!(
        matches!(switch, models::Device::Switch(ref s) if s.on == Some(true)),
        "{switch:?}"
    );
}

#[test]
fn a_union_keeps_an_unknown_kind_and_writes_it_back_unchanged() {
    let device: models::Device = support::round_trip(&valve());
    assert_eq!(device, models::Device::UnknownKind(valve()));
    // Without a discriminator, or with one that is not a string, the kind is unknown too.
    for odd in [
        json!({ "flow": 1 }),
        json!({ "kind": 7 }),
        json!("not an object"),
    ] {
        let device: models::Device = support::round_trip(&odd);
        assert_eq!(device, models::Device::UnknownKind(odd));
    }
}

#[test]
fn a_union_holds_itself_through_a_variant() {
    let chain = json!({
        "kind": "Switch",
        "next": { "kind": "Switch", "next": { "kind": "Sensor", "threshold": 1.0 } }
    });
    let device: models::Device = support::round_trip(&chain);
    let models::Device::Switch(first) = device else {
        panic!("expected a switch, got {device:?}");
    };
    let Some(models::Device::Switch(second)) = first.next.as_deref() else {
        panic!("expected a second switch, got {:?}", first.next);
    };
    assert!(matches!(
        second.next.as_deref(),
        Some(models::Device::Sensor(_))
    ));
}

#[test]
fn a_known_kind_with_a_malformed_property_is_an_error_not_an_unknown_kind() {
    let error = serde_json::from_value::<models::Device>(json!({
        "kind": "Sensor", "threshold": "high"
    }))
    .expect_err("a sensor's threshold is a number");
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn a_variant_writes_its_tag_also_on_its_own() {
    let sensor = models::Sensor::new(0.5);
    assert_eq!(
        serde_json::to_value(&sensor).expect("serializes"),
        json!({ "kind": "Sensor", "threshold": 0.5 })
    );
    // Read on its own, the tag is not needed.
    let read: models::Sensor = serde_json::from_value(json!({ "threshold": 0.25 })).expect("reads");
    assert_eq!(read.threshold, Some(0.25));
}

#[test]
fn the_request_form_of_a_union_leaves_out_read_only_properties_of_every_kind() {
    let sensor: models::Device =
        serde_json::from_value(json!({ "kind": "Sensor", "serial": "S-1", "threshold": 0.5 }))
            .expect("a sensor");
    assert_eq!(
        sensor.to_request_json().expect("request JSON"),
        json!({ "kind": "Sensor", "threshold": 0.5 })
    );
    // An unknown kind is sent as it came, less the base's read-only `serial`.
    let valve: models::Device = serde_json::from_value(valve()).expect("a valve");
    assert_eq!(
        valve.to_request_json().expect("request JSON"),
        json!({ "kind": "Valve", "flow": 3, "ports": [{ "open": true }] })
    );
}

#[tokio::test(start_paused = true)]
async fn unions_in_maps_and_arrays_cross_the_wire_both_ways() {
    let answer = json!({
        "id": "/subscriptions/s/resourceGroups/rg/providers/Contoso.Fixture/gadgets/g",
        "properties": {
            "device": valve(),
            "spares": [{ "kind": "Switch", "serial": "W-1", "on": false }, valve()],
            "devicesBySlot": { "left": { "kind": "Sensor", "serial": "S-9", "threshold": 1.0 } },
            "state": "Running"
        }
    });
    let server = Server::start(vec![Reply::new(200).json(&answer)]).await;
    let client =
        GadgetsClient::new("s", support::credential(), Some(server.options())).expect("a client");
    let mut properties = models::GadgetProperties::default();
    properties.device = Some(models::Device::Sensor(models::Sensor::new(0.5)));
    properties.spares = Some(vec![
        models::Device::UnknownKind(valve()),
        serde_json::from_value(json!({ "kind": "Switch", "serial": "W-1", "apiKey": "k" }))
            .expect("a switch"),
    ]);
    let mut gadget = models::Gadget::default();
    gadget.properties = Some(properties);

    let response = client
        .put("rg", "g", &gadget, None)
        .await
        .expect("the call succeeds");

    assert_eq!(
        server.single_request().json(),
        json!({ "properties": {
            "device": { "kind": "Sensor", "threshold": 0.5 },
            "spares": [
                { "kind": "Valve", "flow": 3, "ports": [{ "open": true }] },
                { "kind": "Switch", "apiKey": "k" }
            ]
        }})
    );
    let body = response.into_model().expect("the gadget");
    assert_eq!(support::json(&body), answer);
    let properties = body.properties.expect("properties");
    assert_eq!(
        properties.device,
        Some(models::Device::UnknownKind(valve()))
    );
    let slots = properties.devices_by_slot.expect("slots");
    assert!(
        matches!(slots["left"], models::Device::Sensor(_)),
        "{slots:?}"
    );
}

#[test]
fn every_format_reads_into_its_rust_type_and_writes_back_unchanged() {
    let json = json!({
        "date": "2024-01-31",
        "dateTime": "2024-01-31T12:00:00Z",
        "rfc1123": "Wed, 31 Jan 2024 12:00:00 GMT",
        "duration": "P1M",
        "uuid": "00000000-0000-0000-0000-000000000001",
        "uri": "https://example.com/a?b=c",
        "byte": "aGVsbG8=",
        "base64url": "aGk_Pz8",
        "unixtime": 1706702400,
        "int32": -7,
        "int64": 9007199254740993_i64,
        "float": 1.5,
        "double": 2.25,
        "any": { "nested": [1, "two", null] },
        "hostname": "example.com"
    });
    let formats: models::Formats = support::round_trip(&json);
    let noon = time::macros::datetime!(2024-01-31 12:00 UTC);
    assert_eq!(formats.date_time, Some(noon));
    assert_eq!(formats.rfc1123, Some(noon));
    assert_eq!(formats.unixtime, Some(noon));
    assert_eq!(formats.byte.as_deref(), Some(&b"hello"[..]));
    assert_eq!(formats.base64url.as_deref(), Some(&b"hi???"[..]));
    assert_eq!(formats.duration.as_deref(), Some("P1M"));
    assert_eq!(formats.int32, Some(-7));
    assert_eq!(formats.int64, Some(9007199254740993));
    assert_eq!(formats.any, Some(json!({ "nested": [1, "two", null] })));
    // The request form writes each value in its wire format too.
    assert_eq!(formats.to_request_json().expect("request JSON"), json);
}

#[test]
fn a_secret_is_redacted_in_debug_but_sent() {
    let mut properties = models::GadgetProperties::default();
    properties.admin_password = Some("hunter2".to_string());
    properties.zone = Some("2".to_string());
    let mut switch: models::Switch =
        serde_json::from_value(json!({ "kind": "Switch", "apiKey": "key-123" })).expect("a switch");
    switch.on = Some(true);
    properties.device = Some(models::Device::Switch(switch));

    let debug = format!("{properties:?}");
    assert!(
        !debug.contains("hunter2") && !debug.contains("key-123"),
        "{debug}"
    );
    assert!(
        debug.contains(r#"admin_password: Some("<redacted>")"#),
        "{debug}"
    );
    assert!(debug.contains(r#"api_key: Some("<redacted>")"#), "{debug}");
    assert!(debug.contains(r#"zone: Some("2")"#), "{debug}");
    assert_eq!(
        properties.to_request_json().expect("request JSON"),
        json!({
            "device": { "kind": "Switch", "on": true, "apiKey": "key-123" },
            "adminPassword": "hunter2",
            "zone": "2"
        })
    );
    // An unset secret still shows as unset.
    let empty = format!("{:?}", models::GadgetProperties::default());
    assert!(empty.contains("admin_password: None"), "{empty}");
}

#[test]
fn mutability_decides_what_a_request_sends() {
    let read: models::GadgetProperties = serde_json::from_value(json!({
        "zone": "2",
        "state": "Running",
        "adminPassword": "p",
        "retries": 3
    }))
    .expect("properties");
    // `state` is `mutability: [read]`, which is read-only; create-only `zone` and write-only
    // `adminPassword` are sent.
    assert_eq!(
        read.to_request_json().expect("request JSON"),
        json!({ "zone": "2", "adminPassword": "p", "retries": 3 })
    );
}

#[test]
fn an_explicit_null_reads_as_absent() {
    let read: models::GadgetProperties =
        serde_json::from_value(json!({ "note": null, "zone": "1" })).expect("properties");
    assert_eq!(read.note, None);
    assert_eq!(support::json(&read), json!({ "zone": "1" }));
}

#[test]
fn maps_and_arrays_of_models_round_trip() {
    let json = json!({
        "readings": {
            "t1": { "value": 21.5, "at": "2024-01-31T12:00:00Z" },
            "t2": { "value": -3.0 }
        },
        "history": [{ "value": 20.5, "at": "2024-01-30T12:00:00Z" }, {}],
        "labels": { "team": "blue", "": "empty key" },
        "calibrations": ["2024-01-31T12:00:00Z", "2024-02-01T08:30:00.5+01:00"],
        "lastSeen": { "t1": "2024-01-31T12:00:00Z" },
        "spares": [],
        "devicesBySlot": {}
    });
    let properties: models::GadgetProperties = support::round_trip(&json);
    let readings = properties.readings.as_ref().expect("readings");
    assert_eq!(readings["t2"].value, Some(-3.0));
    assert_eq!(
        readings["t1"].at,
        Some(time::macros::datetime!(2024-01-31 12:00 UTC))
    );
    assert_eq!(properties.history.as_ref().map(Vec::len), Some(2));
    let noon = time::macros::datetime!(2024-01-31 12:00 UTC);
    assert_eq!(properties.calibrations.as_ref().map(|c| c[0]), Some(noon));
    assert_eq!(properties.last_seen.as_ref().map(|l| l["t1"]), Some(noon));
    // Empty collections are kept: an empty list is not the same request as no list.
    assert_eq!(properties.to_request_json().expect("request JSON"), json);
}
