//! `diff-api` names each API change and marks the ones that break consumers.

use codegen::diff::diff;
use codegen::spec::Spec;
use std::path::Path;

fn aks() -> Spec {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs/container_service/private_endpoint_connections_update.yaml");
    codegen::load::read_spec(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(old: &Spec, new: &Spec) -> Vec<String> {
    diff(old, new)
        .to_string()
        .lines()
        .skip(1)
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn identical_specs_have_no_changes() {
    let spec = aks();
    assert_eq!(lines(&spec, &spec), ["no API changes"]);
}

#[test]
fn breaking_and_additive_changes_are_told_apart() {
    let old = aks();
    let mut new = old.clone();
    new.api_version = "2026-06-01".into();
    let state = new
        .models
        .iter_mut()
        .find(|m| m.name == "PrivateLinkServiceConnectionState")
        .expect("model");
    state.properties.retain(|p| p.name != "description");
    let mut renamed = old
        .models
        .iter()
        .find(|m| m.name == "PrivateEndpoint")
        .expect("model")
        .properties[0]
        .clone();
    renamed.name = "resourceId".into();
    new.models
        .iter_mut()
        .find(|m| m.name == "PrivateEndpoint")
        .expect("model")
        .properties = vec![renamed];
    let properties = new
        .models
        .iter_mut()
        .find(|m| m.name == "PrivateEndpointConnectionProperties")
        .expect("model");
    let mut extra = properties.properties[1].clone();
    extra.name = "groupId".into();
    extra.ty = "string".into();
    extra.required = true;
    properties.properties.push(extra);
    let status = new
        .enums
        .iter_mut()
        .find(|e| e.name == "ConnectionStatus")
        .expect("enum");
    status.extensible = false;
    status.values.retain(|v| v.value != "Disconnected");
    new.operation.responses.retain(|r| r.status != 201);

    let report = diff(&old, &new);
    assert!(report.has_breaking());
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  removed status 201",
            "BREAKING  property `PrivateEndpoint.id` renamed to `resourceId` (string)?",
            "BREAKING  new required property `PrivateEndpointConnectionProperties.groupId` (string): requests must now send it",
            "BREAKING  removed property `PrivateLinkServiceConnectionState.description`",
            "BREAKING  enum `ConnectionStatus` became closed: values outside the list now fail to deserialize",
            "BREAKING  removed value `Disconnected` from enum `ConnectionStatus`",
        ]
    );
    assert!(report.to_string().starts_with(
        "Microsoft.ContainerService PrivateEndpointConnections_Update: api-version 2026-01-01 -> 2026-06-01"
    ));
}

#[test]
fn additions_are_additive() {
    let old = aks();
    let mut new = old.clone();
    let status = new
        .enums
        .iter_mut()
        .find(|e| e.name == "ConnectionStatus")
        .expect("enum");
    status.values.push(codegen::spec::EnumValue {
        value: "Expired".into(),
        description: None,
    });
    let mut header_response = new.operation.responses[0].clone();
    header_response.status = 202;
    header_response.model = None;
    new.operation.responses.push(header_response);
    assert_eq!(
        lines(&old, &new),
        [
            "additive  new status 202",
            "additive  new value `Expired` in enum `ConnectionStatus`"
        ]
    );
    assert!(!diff(&old, &new).has_breaking());
}
