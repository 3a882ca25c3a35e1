//! The ARM resource id type: parsing, formatting, accessors and the errors for malformed ids.
//! Runtime only: no production module is used.

use azure_arm_private_endpoints::ResourceId;
use azure_arm_private_endpoints::runtime::InvalidResourceId;

const SUB: &str = "00000000-0000-0000-0000-000000000000";

fn parse(id: &str) -> ResourceId {
    id.parse()
        .unwrap_or_else(|error| panic!("{id} should parse: {error}"))
}

fn refuse(id: &str) -> InvalidResourceId {
    match id.parse::<ResourceId>() {
        Ok(parsed) => panic!("{id} should be refused, parsed as {parsed:?}"),
        Err(error) => error,
    }
}

#[test]
fn a_connection_id_of_each_provider_gives_its_parts() {
    for (namespace, parent_type, parent) in [
        ("Microsoft.KeyVault", "vaults", "kv"),
        ("Microsoft.ContainerService", "managedClusters", "aks"),
        ("Microsoft.Batch", "batchAccounts", "acct"),
    ] {
        let text = format!(
            "/subscriptions/{SUB}/resourceGroups/rg-1/providers/{namespace}/{parent_type}/{parent}/privateEndpointConnections/pe.1"
        );
        let id = parse(&text);
        assert_eq!(id.subscription(), Some(SUB));
        assert_eq!(id.resource_group(), Some("rg-1"));
        assert_eq!(id.provider_namespace(), Some(namespace));
        assert_eq!(
            id.resource_types(),
            [parent_type, "privateEndpointConnections"]
        );
        assert_eq!(
            id.resource_type(),
            Some(format!("{parent_type}/privateEndpointConnections"))
        );
        assert_eq!(id.names(), [parent, "pe.1"]);
        assert_eq!(id.name(), "pe.1");
        assert!(id.has_type(&format!(
            "{namespace}/{parent_type}/privateEndpointConnections"
        )));
        assert!(!id.has_type(&format!("{namespace}/{parent_type}")));
        assert_eq!(id.to_string(), text);

        let resource = id.parent().expect("the connection's resource");
        assert_eq!(resource.names(), [parent]);
        assert!(resource.has_type(&format!("{namespace}/{parent_type}")));
        assert_eq!(
            resource.child("privateEndpointConnections", "pe.1"),
            Ok(id.clone())
        );
    }
}

#[test]
fn keywords_are_read_in_any_case_and_written_canonically() {
    let id = parse("/SUBSCRIPTIONS/s/resourcegroups/My-RG/PROVIDERS/Microsoft.KeyVault/Vaults/KV");
    assert_eq!(id.subscription(), Some("s"));
    assert_eq!(id.resource_group(), Some("My-RG"));
    // Names, namespaces and types keep their case; only the keywords are canonical.
    assert_eq!(
        id.to_string(),
        "/subscriptions/s/resourceGroups/My-RG/providers/Microsoft.KeyVault/Vaults/KV"
    );
    assert_eq!(
        id,
        parse("/subscriptions/s/resourceGroups/My-RG/providers/Microsoft.KeyVault/Vaults/KV")
    );
    assert!(id.has_type("MICROSOFT.KEYVAULT/vaults"));

    let other_case =
        parse("/subscriptions/S/resourceGroups/my-rg/providers/microsoft.keyvault/vaults/kv");
    assert_ne!(id, other_case, "equality keeps names as written");
    assert!(id.eq_ignore_case(&other_case), "as ARM compares ids");
    assert!(!id.eq_ignore_case(&parse(
        "/subscriptions/s/resourceGroups/My-RG/providers/Microsoft.KeyVault/Vaults/KV2"
    )));
}

#[test]
fn subscription_and_resource_group_ids() {
    let subscription = parse("/subscriptions/s");
    assert_eq!(subscription.subscription(), Some("s"));
    assert_eq!(subscription.resource_group(), None);
    assert_eq!(subscription.provider_namespace(), None);
    assert_eq!(subscription.resource_type(), None);
    assert!(subscription.names().is_empty());
    assert_eq!(subscription.name(), "s");
    assert_eq!(subscription.parent(), None);

    let group = parse("/subscriptions/s/resourceGroups/rg");
    assert_eq!(group.resource_group(), Some("rg"));
    assert_eq!(group.name(), "rg");
    assert!(group.resource_types().is_empty());
    assert!(!group.has_type("Microsoft.Resources/resourceGroups"));
    assert_eq!(group.parent(), Some(subscription));
}

#[test]
fn subscription_tenant_and_extension_resources() {
    let at_subscription = parse("/subscriptions/s/providers/Microsoft.Security/pricings/default");
    assert_eq!(at_subscription.resource_group(), None);
    assert_eq!(
        at_subscription.provider_namespace(),
        Some("Microsoft.Security")
    );
    assert_eq!(at_subscription.parent(), Some(parse("/subscriptions/s")));

    let tenant = parse("/providers/Microsoft.Management/managementGroups/mg");
    assert_eq!(tenant.subscription(), None);
    assert_eq!(tenant.name(), "mg");
    assert_eq!(tenant.parent(), None);

    // An extension resource: its type is the extension's, its parent the resource it extends.
    let scope = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
    let extension = parse(&format!(
        "{scope}/providers/Microsoft.Insights/diagnosticSettings/logs"
    ));
    assert_eq!(extension.provider_namespace(), Some("Microsoft.Insights"));
    assert_eq!(
        extension.resource_type().as_deref(),
        Some("diagnosticSettings")
    );
    assert_eq!(extension.names(), ["logs"]);
    assert_eq!(extension.resource_group(), Some("rg"));
    assert_eq!(extension.parent(), Some(parse(scope)));
    assert_eq!(
        extension.to_string(),
        format!("{scope}/providers/Microsoft.Insights/diagnosticSettings/logs")
    );

    let nested_tenant = parse(
        "/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/policyDefinitions/p",
    );
    assert_eq!(nested_tenant.parent(), Some(tenant));
}

#[test]
fn parents_walk_up_to_the_subscription() {
    let mut id = parse(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p/nodes/n",
    );
    let mut seen = vec![id.to_string()];
    while let Some(parent) = id.parent() {
        seen.push(parent.to_string());
        id = parent;
    }
    assert_eq!(
        seen,
        [
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p/nodes/n",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools/p",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
            "/subscriptions/s/resourceGroups/rg",
            "/subscriptions/s",
        ]
    );
}

/// Each malformed id names its wrong segment: (id, position, segment, words of the problem).
#[test]
fn a_malformed_id_names_the_wrong_segment() {
    let cases: &[(&str, usize, &str, &str)] = &[
        ("", 0, "", "is empty"),
        ("subscriptions/s", 1, "subscriptions", "starts with `/`"),
        ("/", 1, "", "is empty"),
        (
            "/subscriptions",
            1,
            "subscriptions",
            "`subscriptions` is not followed by a name",
        ),
        ("/subscriptions/s/", 3, "", "ends with `/`"),
        ("/subscriptions//resourceGroups/rg", 2, "", "`//`"),
        (
            "/subscription/s",
            1,
            "subscription",
            "expected `subscriptions` or `providers`",
        ),
        (
            "/resourceGroups/rg",
            1,
            "resourceGroups",
            "expected `subscriptions` or `providers`",
        ),
        (
            "/subscriptions/s/resourceGroup/rg",
            3,
            "resourceGroup",
            "expected `resourceGroups` or `providers`",
        ),
        (
            "/subscriptions/s/resourceGroups",
            3,
            "resourceGroups",
            "`resourceGroups` is not followed by a name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/vaults/kv",
            5,
            "vaults",
            "expected `providers`",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers",
            5,
            "providers",
            "`providers` is not followed by a name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault",
            6,
            "Microsoft.KeyVault",
            "not followed by a resource type and name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults",
            7,
            "vaults",
            "the resource type `vaults` is not followed by a name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/privateEndpointConnections",
            9,
            "privateEndpointConnections",
            "not followed by a name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers",
            9,
            "providers",
            "`providers` is not followed by a name",
        ),
        (
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights",
            10,
            "Microsoft.Insights",
            "not followed by a resource type",
        ),
        (
            "https://management.azure.com/subscriptions/s",
            1,
            "https:",
            "starts with `/`",
        ),
    ];
    for &(id, position, segment, problem) in cases {
        let error = refuse(id);
        assert_eq!(error.id, id);
        assert_eq!(
            (error.position, error.segment.as_str()),
            (position, segment),
            "{id}: {error}"
        );
        assert!(error.problem.contains(problem), "{id}: {error}");
        if position > 0 {
            assert_eq!(
                &id[error.offset..error.offset + segment.len()],
                segment,
                "{id}"
            );
            let message = error.to_string();
            assert!(
                message.contains(&format!("segment {position} {segment:?}")),
                "{message}"
            );
        }
    }
}

#[test]
fn the_error_message_reads_well() {
    let error = refuse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults");
    assert_eq!(
        error.to_string(),
        "invalid resource id \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults\": \
         segment 7 \"vaults\" (at byte 64): the resource type `vaults` is not followed by a name"
    );
    // As an azure_core error, like an invalid parameter: a data-conversion error that keeps
    // the typed detail.
    let error: azure_core::Error = error.into();
    assert!(matches!(
        error.kind(),
        azure_core::error::ErrorKind::DataConversion
    ));
    let inner = error
        .downcast_ref::<InvalidResourceId>()
        .expect("the typed detail");
    assert_eq!(inner.position, 7);
}

#[test]
fn a_child_name_with_a_slash_is_refused() {
    let vault = parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv");
    let error = vault
        .child("privateEndpointConnections", "a/b")
        .expect_err("two segments");
    assert_eq!(error.segment, "b", "{error}");
    assert_eq!(
        error.problem,
        "the resource type `b` is not followed by a name"
    );
    assert!(parse("/subscriptions/s").child("vaults", "kv").is_err());
}

#[test]
fn serde_reads_and_writes_the_string() {
    let text = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a";
    let id: ResourceId = serde_json::from_str(&format!("{text:?}")).expect("an id");
    assert_eq!(id, parse(text));
    assert_eq!(
        serde_json::to_string(&id).expect("json"),
        format!("{text:?}")
    );
    let error = serde_json::from_str::<ResourceId>("\"/subscriptions\"").expect_err("malformed");
    assert!(
        error
            .to_string()
            .contains("`subscriptions` is not followed by a name"),
        "{error}"
    );
}

/// parse(format(x)) == x and format(parse(s)) == s for every shape the type knows, built from
/// every combination of scope, namespace depth and extension, with names that look like
/// keywords or carry punctuation.
#[test]
fn every_shape_round_trips() {
    let names = [
        "n",
        "providers-x",
        "Subscriptions",
        "a.b_c-(1)",
        "resourceGroups",
        "%20",
    ];
    let scopes = [
        "",
        "/subscriptions/sub",
        "/subscriptions/sub/resourceGroups/rg",
    ];
    let mut checked = 0;
    for scope in scopes {
        for depth in 0..=3 {
            for extension in [false, true] {
                for (i, name) in names.iter().enumerate() {
                    if depth == 0 && (extension || scope.is_empty()) {
                        continue;
                    }
                    let mut text = scope.to_string();
                    if depth > 0 {
                        text.push_str("/providers/Contoso.Ns");
                        for level in 0..depth {
                            text.push_str(&format!(
                                "/type{level}/{}",
                                names[(i + level) % names.len()]
                            ));
                        }
                    }
                    if extension {
                        text.push_str(&format!("/providers/Contoso.Ext/ext/{name}"));
                    }
                    let id = parse(&text);
                    assert_eq!(id.to_string(), text);
                    assert_eq!(parse(&id.to_string()), id);
                    let mut walked = id.clone();
                    while let Some(parent) = walked.parent() {
                        assert_eq!(parse(&parent.to_string()), parent);
                        assert!(text.starts_with(&parent.to_string()), "{parent} of {text}");
                        walked = parent;
                    }
                    checked += 1;
                }
            }
        }
    }
    // Three scopes, three depths, with and without an extension, six names; and the
    // subscription and resource group ids themselves.
    assert_eq!(checked, 3 * 3 * 2 * 6 + 2 * 6);
}
