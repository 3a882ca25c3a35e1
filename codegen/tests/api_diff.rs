//! `diff-api` names each API change and marks the ones that break consumers.

use codegen::diff::ApiDiff;
use codegen::spec::{Header, Model, Parameter, Property, Spec};
use std::fs;
use std::path::{Path, PathBuf};
mod common;
mod frozen;

use common::{Scratch, copy_tree};

fn aks() -> Spec {
    let path = frozen::file("container_service/private_endpoint_connections_update.yaml");
    codegen::load::read_spec(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn batch() -> Spec {
    let path = frozen::file("batch/private_endpoint_connection_update.yaml");
    codegen::load::read_spec(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn key_vault() -> Spec {
    let path = frozen::file("key_vault/private_endpoint_connections_put.yaml");
    codegen::load::read_spec(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn model<'a>(spec: &'a Spec, name: &str) -> &'a Model {
    spec.models.iter().find(|m| m.name == name).expect("model")
}

fn model_mut<'a>(spec: &'a mut Spec, name: &str) -> &'a mut Model {
    spec.models
        .iter_mut()
        .find(|m| m.name == name)
        .expect("model")
}

fn property<'a>(spec: &'a mut Spec, model: &str, name: &str) -> &'a mut Property {
    model_mut(spec, model)
        .properties
        .iter_mut()
        .find(|p| p.name == name)
        .expect("property")
}

fn parameter<'a>(spec: &'a mut Spec, name: &str) -> &'a mut Parameter {
    spec.operation
        .parameters
        .iter_mut()
        .find(|p| p.name == name)
        .expect("parameter")
}

/// The summary of `old` -> `new`; both must lower.
fn diff(old: &Spec, new: &Spec) -> ApiDiff {
    codegen::diff::diff(old, new).unwrap_or_else(|e| panic!("{e}"))
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
            "BREAKING  the method now returns azure_core's `Response` (one documented status, headers through `PrivateEndpointConnectionHeaders`), no longer the outcome enum `PrivateEndpointConnectionsClientUpdateOutcome`",
            "BREAKING  removed status 201",
            "BREAKING  property `PrivateEndpoint.id` renamed to `resourceId` (string)?",
            "BREAKING  new required property `PrivateEndpointConnectionProperties.groupId` (string): requests must now send it",
            "BREAKING  removed property `PrivateLinkServiceConnectionState.description`",
            "BREAKING  enum `ConnectionStatus` became closed: a request carrying a value outside the list now fails before it is sent",
            "BREAKING  removed value `Disconnected` from enum `ConnectionStatus`",
        ]
    );
    assert!(report.to_string().starts_with(
        "Microsoft.ContainerService PrivateEndpointConnections_Update: api-version 2026-01-01 -> 2026-06-01"
    ));
}

/// New surface that existing code cannot observe: an extensible enum's value, an optional
/// property, and a header (a new field of an outcome variant, which is `#[non_exhaustive]`).
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
    new.operation.responses[0].headers.push(Header {
        name: "x-ms-correlation-id".into(),
        ty: "string".into(),
        format: None,
        description: "The correlation id.".into(),
    });
    let mut optional = model(&new, "PrivateEndpoint").properties[0].clone();
    optional.name = "region".into();
    model_mut(&mut new, "PrivateEndpoint")
        .properties
        .push(optional);
    // Keep the rename heuristic out of it: nothing was removed.
    assert_eq!(
        lines(&old, &new),
        [
            "additive  status 200 has a new header `x-ms-correlation-id` (a new field)",
            "additive  new property `PrivateEndpoint.region` (string)",
            "additive  new value `Expired` in enum `ConnectionStatus`: read as `Expired`, no longer as `UnknownValue`"
        ]
    );
    assert!(!diff(&old, &new).has_breaking());
}

/// The outcome enum itself is exhaustive: a new status is a new variant, and a `match` that
/// handled every old one no longer compiles.
#[test]
fn a_new_status_breaks_exhaustive_matches() {
    let old = aks();
    let mut new = old.clone();
    let mut accepted = new.operation.responses[0].clone();
    accepted.status = 202;
    accepted.model = None;
    new.operation.responses.push(accepted);
    assert_eq!(
        lines(&old, &new),
        ["BREAKING  new status 202: a new outcome variant, which exhaustive `match`es must handle"]
    );
    assert!(diff(&old, &new).has_breaking());
}

/// Key Vault's PUT documents one status, so it returns `Response<T>`: a second status turns
/// it into an outcome enum, and a header is a new method of its sealed headers trait.
#[test]
fn a_single_status_operation_names_its_response_changes() {
    let old = key_vault();
    let mut new = old.clone();
    let mut created = new.operation.responses[0].clone();
    created.status = 201;
    new.operation.responses.push(created);
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  the method now returns the outcome enum `PrivateEndpointConnectionsClientPutOutcome` (more than one documented status), no longer azure_core's `Response` with `PrivateEndpointConnectionHeaders`",
            "BREAKING  new status 201 with `PrivateEndpointConnection`",
        ]
    );

    let mut new = old.clone();
    new.operation.responses[0].headers.push(Header {
        name: "x-ms-correlation-id".into(),
        ty: "string".into(),
        format: None,
        description: "The correlation id.".into(),
    });
    assert_eq!(
        lines(&old, &new),
        [
            "additive  status 200 has a new header `x-ms-correlation-id` (a new method of the headers trait)"
        ]
    );
}

/// Every enum reads any value; "closed" governs only what may be sent, so opening one is
/// additive.
#[test]
fn a_closed_enum_that_becomes_extensible_is_additive() {
    let old = batch();
    let closed = old
        .enums
        .iter()
        .find(|e| !e.extensible)
        .expect("Batch 2022-06-01 has closed enums")
        .name
        .clone();
    let mut new = old.clone();
    new.enums
        .iter_mut()
        .find(|e| e.name == closed)
        .expect("enum")
        .extensible = true;
    let report = diff(&old, &new);
    assert!(!report.has_breaking());
    assert_eq!(
        lines(&old, &new),
        [format!(
            "additive  enum `{closed}` became extensible: values outside the list may now be sent"
        )]
    );
}

/// A long-running operation returns a `Poller` of one result model, not an outcome enum: a new
/// status only widens what the poller accepts, unless it changes the result model.
#[test]
fn a_new_status_of_a_long_running_operation_is_additive() {
    let old = batch();
    assert!(old.operation.long_running.is_some());
    let mut new = old.clone();
    let mut created = new.operation.responses[0].clone();
    created.status = 201;
    new.operation.responses.push(created);
    assert_eq!(
        lines(&old, &new),
        ["additive  new status 201 with `PrivateEndpointConnection` (the poller accepts it)"]
    );
    assert!(!diff(&old, &new).has_breaking());

    // Without the 200 body, the poller's result is the unit type.
    let mut new = old.clone();
    new.operation.responses[0].model = None;
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  status 200 body Some(\"PrivateEndpointConnection\") -> None",
            "BREAKING  the long-running result `PrivateEndpointConnection` -> ()",
        ]
    );
}

/// `string` -> `arm-id`/`uuid`/`uri` is still a `String` in Rust and a JSON string on the wire:
/// a note, not a break. Only a change of the Rust type (or a new client-side check) breaks.
#[test]
fn types_are_compared_as_consumers_see_them() {
    let old = aks();
    let mut new = old.clone();
    property(&mut new, "PrivateEndpoint", "id").ty = "arm-id".into();
    property(&mut new, "PrivateEndpointConnection", "id").ty = "uri".into();
    property(&mut new, "SystemData", "createdBy").format = Some("uuid".into());
    property(&mut new, "SystemData", "createdAt").ty = "string".into();
    parameter(&mut new, "subscriptionId").format = None;
    parameter(&mut new, "privateEndpointConnectionName").format = Some("uuid".into());
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  parameter `privateEndpointConnectionName` changed from path string to path string (uuid): values that are not UUIDs are now refused before sending",
            "BREAKING  property `SystemData.createdAt` changed type date-time -> string (Rust `time::OffsetDateTime` -> `String`)",
            "note      parameter `subscriptionId` changed from path string (uuid) to path string (still `String` in Rust)",
            "note      property `PrivateEndpoint.id` changed type string -> arm-id: still `String` in Rust and the same JSON on the wire",
            "note      property `PrivateEndpointConnection.id` changed type arm-id -> uri: still `String` in Rust and the same JSON on the wire",
            "note      property `SystemData.createdBy` changed type string -> string (uuid): still `String` in Rust and the same JSON on the wire",
        ]
    );

    // Headers too: int32 -> int64 changes the field's Rust type; string-only formats do not.
    let old = batch();
    let mut new = old.clone();
    let retry_after = new
        .operation
        .responses
        .iter_mut()
        .flat_map(|r| r.headers.iter_mut())
        .find(|h| h.name == "Retry-After")
        .expect("header");
    retry_after.format = Some("int64".into());
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  status 202 header `Retry-After` changed type integer (int32) -> integer (int64) (Rust `i32` -> `i64`)"
        ]
    );
    let mut newer = new.clone();
    newer
        .operation
        .responses
        .iter_mut()
        .flat_map(|r| r.headers.iter_mut())
        .find(|h| h.name == "Retry-After")
        .expect("header")
        .format = None;
    assert_eq!(
        lines(&new, &newer),
        [
            "note      status 202 header `Retry-After` changed format integer (int64) -> integer (still `i64` in Rust)"
        ]
    );
}

/// A removal and an addition of the same type are paired as a rename only one to one; with
/// two candidates, which one replaced it is a guess, so both are plain additions.
#[test]
fn renames_pair_one_to_one() {
    let old = aks();
    let mut new = old.clone();
    let state = model_mut(&mut new, "PrivateLinkServiceConnectionState");
    let mut foo = state
        .properties
        .iter()
        .find(|p| p.name == "description")
        .expect("description")
        .clone();
    state.properties.retain(|p| p.name != "description");
    foo.name = "foo".into();
    let mut bar = foo.clone();
    bar.name = "bar".into();
    state.properties.extend([foo.clone(), bar]);
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  removed property `PrivateLinkServiceConnectionState.description`",
            "additive  new property `PrivateLinkServiceConnectionState.bar` (string)",
            "additive  new property `PrivateLinkServiceConnectionState.foo` (string)",
        ]
    );

    // Two removed, one added: no pairing either.
    let mut two = old.clone();
    let mut note = foo.clone();
    note.name = "note".into();
    model_mut(&mut two, "PrivateLinkServiceConnectionState")
        .properties
        .push(note);
    let mut new = two.clone();
    let state = model_mut(&mut new, "PrivateLinkServiceConnectionState");
    state
        .properties
        .retain(|p| p.name != "description" && p.name != "note");
    let mut status_text = foo.clone();
    status_text.name = "statusText".into();
    state.properties.push(status_text);
    assert_eq!(
        lines(&two, &new),
        [
            "BREAKING  removed property `PrivateLinkServiceConnectionState.description`",
            "BREAKING  removed property `PrivateLinkServiceConnectionState.note`",
            "additive  new property `PrivateLinkServiceConnectionState.statusText` (string)",
        ]
    );

    // One of each (of the same Rust type, whatever the spelling): a likely rename.
    let mut new = old.clone();
    let state = model_mut(&mut new, "PrivateLinkServiceConnectionState");
    state.properties.retain(|p| p.name != "description");
    let mut detail = foo;
    detail.name = "detail".into();
    detail.ty = "uri".into();
    state.properties.push(detail);
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  property `PrivateLinkServiceConnectionState.description` renamed to `detail` (uri)?"
        ]
    );
}

/// A model's `new` takes its required writable properties; with none, it derives `Default`
/// instead. A writable property that stops being required leaves `new`'s arguments, so calls
/// of `new` written before stop compiling (and with no argument left, `new` is gone). A
/// read-only one was never an argument: nothing changes in Rust.
#[test]
fn a_writable_property_no_longer_required_changes_the_constructor() {
    let old = aks();
    let mut new = old.clone();
    property(
        &mut new,
        "PrivateEndpointConnectionProperties",
        "privateLinkServiceConnectionState",
    )
    .required = false;
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  property `PrivateEndpointConnectionProperties.privateLinkServiceConnectionState` is no longer required: the model no longer has `new` (it derives `Default` instead)"
        ]
    );
    assert!(diff(&old, &new).has_breaking());

    // With another argument left, `new` stays but loses this one.
    let mut two = old.clone();
    property(
        &mut two,
        "PrivateEndpointConnectionProperties",
        "privateEndpoint",
    )
    .required = true;
    let mut new = two.clone();
    property(
        &mut new,
        "PrivateEndpointConnectionProperties",
        "privateLinkServiceConnectionState",
    )
    .required = false;
    assert_eq!(
        lines(&two, &new),
        [
            "BREAKING  property `PrivateEndpointConnectionProperties.privateLinkServiceConnectionState` is no longer required: `new` no longer takes it"
        ]
    );

    // Read-only: never an argument of `new`, and an `Option` either way.
    let mut read_only = old.clone();
    property(
        &mut read_only,
        "PrivateEndpointConnectionProperties",
        "provisioningState",
    )
    .required = true;
    let mut new = read_only.clone();
    property(
        &mut new,
        "PrivateEndpointConnectionProperties",
        "provisioningState",
    )
    .required = false;
    assert_eq!(
        lines(&read_only, &new),
        [
            "note      property `PrivateEndpointConnectionProperties.provisioningState` is no longer required (it was read-only, never an argument of `new`: nothing changes in Rust)"
        ]
    );
    assert!(!diff(&read_only, &new).has_breaking());
}

/// A read-only property that becomes writable is sent from then on; if it is required, it is
/// also a new argument of `new` (or gives the model a `new` and takes its `Default` away).
#[test]
fn a_required_property_that_becomes_writable_changes_the_constructor() {
    let mut old = aks();
    property(
        &mut old,
        "PrivateEndpointConnectionProperties",
        "provisioningState",
    )
    .required = true;
    property(&mut old, "PrivateEndpointConnection", "id").required = true;
    let mut new = old.clone();
    property(
        &mut new,
        "PrivateEndpointConnectionProperties",
        "provisioningState",
    )
    .read_only = false;
    property(&mut new, "PrivateEndpointConnection", "id").read_only = false;
    property(&mut new, "PrivateEndpointConnection", "name").read_only = false;
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  property `PrivateEndpointConnection.id` became writable, and it is required: the model gets `new` taking it, and no longer derives `Default`",
            "BREAKING  property `PrivateEndpointConnectionProperties.provisioningState` became writable, and it is required: `new` takes it as a new argument",
            "additive  property `PrivateEndpointConnection.name` became writable",
        ]
    );
    assert!(diff(&old, &new).has_breaking());

    // Not required: only new surface.
    let old = aks();
    let mut new = old.clone();
    property(&mut new, "PrivateEndpointConnection", "name").read_only = false;
    assert_eq!(
        lines(&old, &new),
        ["additive  property `PrivateEndpointConnection.name` became writable"]
    );
    assert!(!diff(&old, &new).has_breaking());
}

/// A nullable property a request sends has a `clear_*` method: gaining it is new surface,
/// losing it breaks its calls. A read-only nullable property has none.
#[test]
fn a_property_that_can_be_cleared_has_a_method_to_keep() {
    let old = batch();
    let mut new = old.clone();
    property(&mut new, "PrivateLinkServiceConnectionState", "description").nullable = true;
    property(
        &mut new,
        "PrivateLinkServiceConnectionState",
        "actionRequired",
    )
    .nullable = true;
    assert_eq!(
        lines(&old, &new),
        [
            "additive  property `PrivateLinkServiceConnectionState.description` can be cleared: `clear_description()` sends it as `null`"
        ]
    );
    assert!(!diff(&old, &new).has_breaking());
    assert_eq!(
        lines(&new, &old),
        [
            "BREAKING  property `PrivateLinkServiceConnectionState.description` can no longer be cleared: `clear_description()` is gone"
        ]
    );
}

/// A required parameter is a positional argument of the method, an optional one a field of
/// its options struct: a parameter that moves between the two breaks calls either way.
#[test]
fn a_parameter_changing_required_moves_it_between_arguments_and_options() {
    let old = batch();
    assert!(
        !old.operation
            .parameters
            .iter()
            .any(|p| p.name == "If-Match" && p.required)
    );
    let mut new = old.clone();
    parameter(&mut new, "If-Match").required = true;
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  parameter `If-Match` became required: it is now a method argument, no longer a field of the options struct"
        ]
    );
    assert!(diff(&old, &new).has_breaking());
    assert_eq!(
        lines(&new, &old),
        [
            "BREAKING  parameter `If-Match` became optional: it is no longer a method argument but a field of the options struct"
        ]
    );
    assert!(diff(&new, &old).has_breaking());

    // A new optional parameter is a new field of the options struct, which consumers build
    // with `..Default::default()`: additive.
    let mut new = old.clone();
    let mut filter = parameter(&mut new, "If-Match").clone();
    filter.name = "$filter".into();
    filter.location = codegen::spec::Location::Query;
    new.operation.parameters.push(filter);
    assert_eq!(
        lines(&old, &new),
        [
            "additive  new optional parameter `$filter` (query): a new field of the method's options struct"
        ]
    );
    assert!(!diff(&old, &new).has_breaking());
}

/// Whatever happens to a property's `required` and `read_only`, a change of the constructor
/// lowering gives its model (its arguments, or `new` against `Default`) is reported breaking.
#[test]
fn the_summary_and_lowering_agree_on_constructors() {
    let name = "container_service/private_endpoint_connections_update.yaml";
    let file =
        codegen::load::load_file(&frozen::file(name), name).unwrap_or_else(|e| panic!("{e}"));
    let states = [(false, false), (false, true), (true, false), (true, true)];
    let with = |(required, read_only): (bool, bool), other_required: bool| {
        let mut file = file.clone();
        let spec = &mut file.spec;
        let p = property(
            spec,
            "PrivateEndpointConnectionProperties",
            "privateEndpoint",
        );
        p.required = required;
        p.read_only = read_only;
        property(
            spec,
            "PrivateEndpointConnectionProperties",
            "privateLinkServiceConnectionState",
        )
        .required = other_required;
        file
    };
    let constructor = |file: &codegen::load::SpecFile| -> Vec<String> {
        let krate =
            codegen::lower::lower(std::slice::from_ref(file)).unwrap_or_else(|e| panic!("{e}"));
        let model = krate.services[0]
            .models
            .iter()
            .find(|m| m.name == "PrivateEndpointConnectionProperties")
            .expect("model");
        model
            .fields
            .iter()
            .filter(|f| f.constructor_param)
            .map(|f| f.json_name.clone())
            .collect()
    };
    for other_required in [false, true] {
        for before in states {
            for after in states {
                let (old, new) = (with(before, other_required), with(after, other_required));
                let report = diff(&old.spec, &new.spec);
                if constructor(&old) != constructor(&new) {
                    assert!(
                        report.has_breaking(),
                        "{before:?} -> {after:?} (other required: {other_required}):\n{report}"
                    );
                }
            }
        }
    }
}

/// Scratch copies of the three fixture specs and a crate generated from them, so the records on disk
/// are the ones `generate` wrote.
fn generated_scratch(name: &str) -> (Scratch, PathBuf, PathBuf, Vec<String>) {
    let scratch = Scratch::new(name);
    let specs = scratch.0.join("specs");
    for provider in ["batch", "container_service", "key_vault"] {
        copy_tree(&frozen::dir().join(provider), &specs.join(provider));
    }
    let crate_dir = scratch.0.join("generated");
    let first = codegen::generate_into(&specs, &crate_dir, false)
        .unwrap_or_else(|e| panic!("{e}"))
        .api_changes
        .iter()
        .map(|d| d.to_string())
        .collect();
    (scratch, specs, crate_dir, first)
}

/// A spec with no record yet is a new operation; once recorded, an unchanged spec says nothing.
#[test]
fn a_new_spec_is_additive() {
    let (_scratch, specs, crate_dir, first) = generated_scratch("diff-new");
    assert_eq!(
        first,
        [
            "Microsoft.Batch PrivateEndpointConnection_Update: new (api-version 2022-06-01)\n  additive  new operation PATCH /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Batch/batchAccounts/{accountName}/privateEndpointConnections/{privateEndpointConnectionName}\n",
            "Microsoft.ContainerService PrivateEndpointConnections_Update: new (api-version 2026-01-01)\n  additive  new operation PUT /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}/privateEndpointConnections/{privateEndpointConnectionName}\n",
            "Microsoft.KeyVault PrivateEndpointConnections_Put: new (api-version 2024-11-01)\n  additive  new operation PUT /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.KeyVault/vaults/{vaultName}/privateEndpointConnections/{privateEndpointConnectionName}\n",
        ]
    );
    assert!(summary(&specs, &crate_dir).is_empty());
}

fn summary(specs: &Path, crate_dir: &Path) -> Vec<String> {
    codegen::generate_into(specs, crate_dir, true)
        .unwrap_or_else(|e| panic!("{e}"))
        .api_changes
        .iter()
        .map(|d| d.to_string())
        .collect()
}

const KEY_VAULT: &str = "key_vault/private_endpoint_connections_put.yaml";

/// Deleting a spec deletes its client method: breaking, though no record is left to compare.
#[test]
fn a_removed_spec_is_breaking() {
    let (_scratch, specs, crate_dir, _) = generated_scratch("diff-removed");
    fs::remove_file(specs.join(KEY_VAULT)).expect("remove");
    let report = codegen::generate_into(&specs, &crate_dir, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.api_changes.len(), 1, "{:?}", report.api_changes);
    assert!(report.api_changes[0].has_breaking());
    assert_eq!(
        report.api_changes[0].to_string(),
        "Microsoft.KeyVault PrivateEndpointConnections_Put: removed (was api-version 2024-11-01)\n  BREAKING  the operation was removed: its client method, and the models and enums only it used, are no longer generated\n"
    );
}

/// A renamed spec file is the same operation: it is compared with its old record.
#[test]
fn a_renamed_spec_is_compared_with_its_old_record() {
    let (_scratch, specs, crate_dir, _) = generated_scratch("diff-renamed");
    let text = fs::read_to_string(specs.join(KEY_VAULT)).expect("spec");
    fs::remove_file(specs.join(KEY_VAULT)).expect("remove");
    fs::write(specs.join("key_vault/put.yaml"), &text).expect("write");
    assert_eq!(
        summary(&specs, &crate_dir),
        [
            "Microsoft.KeyVault PrivateEndpointConnections_Put: api-version 2024-11-01 (unchanged)\n  note      spec file renamed: key_vault/private_endpoint_connections_put -> key_vault/put\n"
        ]
    );

    // With an API change too, the change is what it would be without the rename.
    let bumped = text.replacen(
        "api_version: \"2024-11-01\"",
        "api_version: \"2099-01-01\"",
        1,
    );
    assert_ne!(bumped, text);
    let bumped = bumped.replacen("format: int32", "format: int64", 1);
    fs::write(specs.join("key_vault/put.yaml"), bumped).expect("write");
    assert_eq!(
        summary(&specs, &crate_dir),
        [
            "Microsoft.KeyVault PrivateEndpointConnections_Put: api-version 2024-11-01 -> 2099-01-01\n  \
          BREAKING  status 200 header `Retry-After` changed type integer (int32) -> integer (int64) (Rust `i32` -> `i64`)\n  \
          note      spec file renamed: key_vault/private_endpoint_connections_put -> key_vault/put\n"
        ]
    );
}

/// The summary judges a type change by the Rust type; that must be the type lowering picks.
/// For every primitive spelling lowering accepts, a change between two of them is breaking
/// exactly when their Rust types differ.
#[test]
fn the_summary_and_lowering_agree_on_rust_types() {
    let spellings: &[(&str, Option<&str>)] = &[
        ("string", None),
        ("string", Some("date-time")),
        ("string", Some("uuid")),
        ("string", Some("uri")),
        ("string", Some("arm-id")),
        ("string", Some("password")),
        ("string", Some("byte")),
        ("date-time", None),
        ("arm-id", None),
        ("uuid", None),
        ("uri", None),
        ("integer", None),
        ("integer", Some("int32")),
        ("integer", Some("int64")),
        ("number", None),
        ("number", Some("double")),
        ("number", Some("float")),
        ("boolean", None),
        ("object", None),
    ];
    let name = "container_service/private_endpoint_connections_update.yaml";
    let mut file =
        codegen::load::load_file(&frozen::file(name), name).unwrap_or_else(|e| panic!("{e}"));
    let template = property(&mut file.spec, "PrivateEndpoint", "id").clone();
    let with = |index: usize| Property {
        name: format!("p{index}"),
        ty: spellings[index].0.into(),
        format: spellings[index].1.map(str::to_string),
        ..template.clone()
    };
    let base = file.spec.clone();
    model_mut(&mut file.spec, "PrivateEndpoint")
        .properties
        .extend((0..spellings.len()).map(with));
    let krate = codegen::lower::lower(&[file]).unwrap_or_else(|e| panic!("{e}"));
    let fields = &krate.services[0]
        .models
        .iter()
        .find(|m| m.name == "PrivateEndpoint")
        .expect("model")
        .fields;
    let lowered: Vec<&codegen::ir::Type> = (0..spellings.len())
        .map(|i| {
            &fields
                .iter()
                .find(|f| f.json_name == format!("p{i}"))
                .expect("field")
                .ty
        })
        .collect();
    let spec_with = |index: usize| {
        let mut spec = base.clone();
        let mut property = with(index);
        property.name = "p".into();
        model_mut(&mut spec, "PrivateEndpoint")
            .properties
            .push(property);
        spec
    };
    for i in 0..spellings.len() {
        for j in 0..spellings.len() {
            let report = diff(&spec_with(i), &spec_with(j));
            assert_eq!(
                report.has_breaking(),
                lowered[i] != lowered[j],
                "{:?} -> {:?} (lowered {:?} -> {:?}):\n{report}",
                spellings[i],
                spellings[j],
                lowered[i],
                lowered[j]
            );
        }
    }
}

/// A required writable property whose model has nothing to send (here every property of
/// `ErrorAdditionalInfo` is read-only) is never sent, so lowering leaves it out of `new`:
/// adding one changes no call. Read from the spec alone, it looked like a new argument.
#[test]
fn a_required_property_that_is_never_sent_is_additive() {
    let old = aks();
    let mut new = old.clone();
    let mut info = model(&new, "PrivateEndpoint").properties[0].clone();
    info.name = "info".into();
    info.ty = "ErrorAdditionalInfo".into();
    info.required = true;
    info.read_only = false;
    model_mut(&mut new, "PrivateEndpoint").properties.push(info);
    assert_eq!(
        lines(&old, &new),
        ["additive  new property `PrivateEndpoint.info` (ErrorAdditionalInfo)"]
    );
    // And a writable one of a model with something to send is a new argument of `new`.
    let mut new = old.clone();
    let mut state = model(&new, "PrivateEndpoint").properties[0].clone();
    state.name = "state".into();
    state.ty = "PrivateLinkServiceConnectionState".into();
    state.required = true;
    model_mut(&mut new, "PrivateEndpoint")
        .properties
        .push(state);
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  new required property `PrivateEndpoint.state` (PrivateLinkServiceConnectionState): requests must now send it"
        ]
    );
}

/// What a spec that does not lower would generate is unknown: the diff is an error carrying
/// lowering's diagnostics, for whichever side has them.
#[test]
fn a_spec_that_does_not_lower_is_an_error() {
    let old = aks();
    let mut new = old.clone();
    property(&mut new, "PrivateEndpoint", "id").ty = "NoSuchModel".into();
    let error = codegen::diff::diff(&old, &new)
        .expect_err("the new spec does not lower")
        .to_string();
    assert!(
        error.starts_with("new spec:") && error.contains("unknown type `NoSuchModel`"),
        "{error}"
    );
    let error = codegen::diff::diff(&new, &old)
        .expect_err("the old spec does not lower")
        .to_string();
    assert!(
        error.starts_with("old spec:") && error.contains("unknown type `NoSuchModel`"),
        "{error}"
    );
    let error = codegen::diff::diff(&new, &new)
        .expect_err("neither spec lowers")
        .to_string();
    assert!(
        error.starts_with("old spec:") && error.contains("\nnew spec:"),
        "{error}"
    );
}

/// `diff-api` compares two spec files: their example files are not needed (they do not
/// change the API), and a mistake is reported at its line, like `generate` reports it.
#[test]
fn spec_files_are_compared_without_their_examples() {
    let scratch = Scratch::new("diff-files");
    let name = "container_service/private_endpoint_connections_update.yaml";
    let text = fs::read_to_string(frozen::file(name)).expect("spec");
    let (old, new) = (scratch.0.join("old.yaml"), scratch.0.join("new.yaml"));
    fs::write(&old, &text).expect("write");
    let bumped = text.replacen(
        "api_version: \"2026-01-01\"",
        "api_version: \"2026-06-01\"",
        1,
    );
    assert_ne!(bumped, text);
    fs::write(&new, &bumped).expect("write");
    let report = codegen::diff::diff_files(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report.to_string(),
        "Microsoft.ContainerService PrivateEndpointConnections_Update: api-version 2026-01-01 -> 2026-06-01\n  no API changes\n"
    );

    let broken = bumped.replacen("type: PrivateEndpoint\n", "type: NoSuchModel\n", 1);
    assert_ne!(broken, bumped);
    fs::write(&new, &broken).expect("write");
    let line = broken
        .lines()
        .position(|l| l.trim() == "type: NoSuchModel")
        .expect("line")
        + 1;
    let error = codegen::diff::diff_files(&old, &new)
        .expect_err("the new spec does not lower")
        .to_string();
    assert!(
        error.starts_with(&format!("{}:{line}:", new.display()))
            && error.contains("unknown type `NoSuchModel`"),
        "{error}"
    );

    let missing = scratch.0.join("missing.yaml");
    let error = codegen::diff::diff_files(&old, &missing)
        .expect_err("no such file")
        .to_string();
    assert!(error.contains("cannot read the spec"), "{error}");
}

/// A record written when lowering accepted more says nothing this generator can compare: the
/// summary says so, and generation goes on.
#[test]
fn a_record_that_no_longer_lowers_is_not_compared() {
    let (_scratch, specs, crate_dir, _) = generated_scratch("diff-stale-record");
    let record = crate_dir.join("api/key_vault/private_endpoint_connections_put.json");
    let text = fs::read_to_string(&record).expect("record");
    let stale = text.replacen(
        "\"type\": \"PrivateEndpoint\"",
        "\"type\": \"NoSuchModel\"",
        1,
    );
    assert_ne!(stale, text);
    fs::write(&record, stale).expect("write");
    let summary = summary(&specs, &crate_dir);
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert_eq!(
        summary[0],
        "Microsoft.KeyVault PrivateEndpointConnections_Put: api-version 2024-11-01 (unchanged)\n  note      not compared: the recorded spec does not lower with this generator (unknown type `NoSuchModel`)\n"
    );
}

/// A long-running method is `begin_*` and returns a `Poller`: the summary names both changes,
/// as the method lowering gives each side.
#[test]
fn a_method_that_stops_being_long_running_changes_its_name() {
    let old = batch();
    let mut new = old.clone();
    new.operation.long_running = None;
    assert_eq!(
        lines(&old, &new),
        [
            "BREAKING  the operation is no longer long-running",
            "BREAKING  the client method `begin_update` is now `update`",
        ]
    );
}

#[test]
fn tighter_parameter_rules_are_breaking_and_looser_ones_are_notes() {
    let old = aks();
    let mut looser = old.clone();
    let group = parameter(&mut looser, "resourceGroupName");
    group.pattern = None;
    group.max_length = Some(120);
    assert_eq!(
        lines(&old, &looser),
        [
            r"note      parameter `resourceGroupName` no longer has to match `^[-\w\._\(\)]+$`",
            "note      parameter `resourceGroupName` maximum length rose from 90 to 120",
        ]
    );
    assert!(!diff(&old, &looser).has_breaking());

    let mut tighter = old.clone();
    let name = parameter(&mut tighter, "privateEndpointConnectionName");
    name.pattern = Some("^[a-z]+$".into());
    name.min_length = Some(3);
    let lines = lines(&old, &tighter);
    assert_eq!(
        lines,
        [
            "BREAKING  parameter `privateEndpointConnectionName` must now match `^[a-z]+$`: values valid before may be refused before sending",
            "BREAKING  parameter `privateEndpointConnectionName` minimum length rose from none to 3: shorter values are now refused",
        ]
    );
}
