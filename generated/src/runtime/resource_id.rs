//! ARM resource ids: parsed once, so that no caller splits strings.

use azure_core::error::{Error, ErrorKind};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

const SUBSCRIPTIONS: &str = "subscriptions";
const RESOURCE_GROUPS: &str = "resourceGroups";
const PROVIDERS: &str = "providers";

/// An Azure Resource Manager resource id, such as
/// `/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.KeyVault/vaults/{vault}`.
///
/// It parses subscription ids (`/subscriptions/{s}`), resource group ids
/// (`.../resourceGroups/{g}`), resources at resource-group, subscription or tenant level
/// (`.../providers/{Namespace}/{type}/{name}`), their children (`.../{childType}/{childName}`,
/// any depth) and extension resources (a second `providers/{Namespace}/...` after a resource).
/// The keywords `subscriptions`, `resourceGroups` and `providers` are read in any case, as ARM
/// reads them; [`Display`](fmt::Display) writes them in their canonical case and keeps every
/// name, namespace and type as given, so `id.to_string().parse()` gives back `id`.
///
/// Equality compares names as written. ARM compares resource ids case-insensitively; use
/// [`ResourceId::eq_ignore_case`] for that.
///
/// ```
/// use azure_arm_private_endpoints::ResourceId;
///
/// let id: ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg\
///     /providers/Microsoft.KeyVault/vaults/kv/privateEndpointConnections/pe"
///     .parse()?;
/// assert_eq!(id.subscription(), Some("00000000-0000-0000-0000-000000000000"));
/// assert_eq!(id.resource_group(), Some("rg"));
/// assert_eq!(id.provider_namespace(), Some("Microsoft.KeyVault"));
/// assert_eq!(id.resource_type().as_deref(), Some("vaults/privateEndpointConnections"));
/// assert_eq!(id.names(), ["kv", "pe"]);
/// assert_eq!(id.name(), "pe");
/// assert!(id.has_type("microsoft.keyvault/vaults/privateendpointconnections"));
///
/// let vault = id.parent().expect("a connection has a parent");
/// assert_eq!(
///     vault.to_string(),
///     "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg\
///      /providers/Microsoft.KeyVault/vaults/kv"
/// );
///
/// let error = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults"
///     .parse::<ResourceId>()
///     .unwrap_err();
/// assert_eq!(error.position, 7);
/// assert_eq!(error.segment, "vaults");
/// # Ok::<(), azure_arm_private_endpoints::runtime::InvalidResourceId>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResourceId {
    subscription: Option<String>,
    resource_group: Option<String>,
    /// Each `providers/{Namespace}/{type}/{name}...` part in order; the last one is the
    /// resource itself, earlier ones are the scope of an extension resource.
    providers: Vec<ProviderPart>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ProviderPart {
    namespace: String,
    /// Never empty, and as long as `names`.
    types: Vec<String>,
    names: Vec<String>,
}

impl ResourceId {
    /// The subscription, when the id has one (tenant-level resources have none).
    pub fn subscription(&self) -> Option<&str> {
        self.subscription.as_deref()
    }

    /// The resource group, when the id is a resource group or lies in one.
    pub fn resource_group(&self) -> Option<&str> {
        self.resource_group.as_deref()
    }

    /// The resource provider's namespace (`Microsoft.KeyVault`), `None` for a subscription or
    /// a resource group. For an extension resource, the extension's namespace.
    pub fn provider_namespace(&self) -> Option<&str> {
        self.last().map(|p| p.namespace.as_str())
    }

    /// The resource type chain below the namespace, each type as written:
    /// `["vaults", "privateEndpointConnections"]`. Empty for a subscription or a resource
    /// group.
    pub fn resource_types(&self) -> &[String] {
        self.last().map_or(&[], |p| &p.types)
    }

    /// The resource type chain joined with `/` (`vaults/privateEndpointConnections`), `None`
    /// for a subscription or a resource group.
    pub fn resource_type(&self) -> Option<String> {
        self.last().map(|p| p.types.join("/"))
    }

    /// The names along the type chain, parent first: `["kv", "pe"]` for a connection `pe` of
    /// vault `kv`. Empty for a subscription or a resource group.
    pub fn names(&self) -> &[String] {
        self.last().map_or(&[], |p| &p.names)
    }

    /// The name of what the id identifies: the resource's name, else the resource group's,
    /// else the subscription's.
    pub fn name(&self) -> &str {
        if let Some(name) = self.names().last() {
            return name;
        }
        self.resource_group
            .as_deref()
            .or(self.subscription.as_deref())
            .unwrap_or_default()
    }

    /// Whether the resource is of `full_type`, `{Namespace}/{type}[/{childType}...]`, compared
    /// case-insensitively as ARM compares types: `Microsoft.KeyVault/vaults/privateEndpointConnections`.
    pub fn has_type(&self, full_type: &str) -> bool {
        let Some(last) = self.last() else {
            return false;
        };
        let mut parts = full_type.split('/');
        parts
            .next()
            .is_some_and(|ns| ns.eq_ignore_ascii_case(&last.namespace))
            && parts.clone().count() == last.types.len()
            && parts
                .zip(&last.types)
                .all(|(want, have)| want.eq_ignore_ascii_case(have))
    }

    /// The id of the resource that contains this one: a child's parent resource, an extension
    /// resource's scope, a top-level resource's resource group (or subscription), a resource
    /// group's subscription. `None` for a subscription and for a top-level tenant resource.
    pub fn parent(&self) -> Option<ResourceId> {
        let mut parent = self.clone();
        match parent.providers.last_mut() {
            Some(last) if last.types.len() > 1 => {
                last.types.pop();
                last.names.pop();
            }
            Some(_) => {
                parent.providers.pop();
                if parent.providers.is_empty() && parent.subscription.is_none() {
                    return None;
                }
            }
            None if parent.resource_group.is_some() => parent.resource_group = None,
            None => return None,
        }
        Some(parent)
    }

    /// The id of a child resource of this one: `{self}/{child_type}/{name}`. The result is
    /// checked like a parsed id, so a `name` containing `/` or an id without a resource
    /// provider is refused.
    pub fn child(&self, child_type: &str, name: &str) -> Result<ResourceId, InvalidResourceId> {
        format!("{self}/{child_type}/{name}").parse()
    }

    /// Whether both ids name the same resource, comparing every part case-insensitively, as
    /// ARM does.
    pub fn eq_ignore_case(&self, other: &ResourceId) -> bool {
        self.to_string()
            .eq_ignore_ascii_case(other.to_string().as_str())
    }

    fn last(&self) -> Option<&ProviderPart> {
        self.providers.last()
    }
}

impl AsRef<ResourceId> for ResourceId {
    fn as_ref(&self) -> &ResourceId {
        self
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(subscription) = &self.subscription {
            write!(f, "/{SUBSCRIPTIONS}/{subscription}")?;
        }
        if let Some(group) = &self.resource_group {
            write!(f, "/{RESOURCE_GROUPS}/{group}")?;
        }
        for part in &self.providers {
            write!(f, "/{PROVIDERS}/{}", part.namespace)?;
            for (ty, name) in part.types.iter().zip(&part.names) {
                write!(f, "/{ty}/{name}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for ResourceId {
    type Err = InvalidResourceId;

    fn from_str(id: &str) -> Result<Self, Self::Err> {
        Parser::new(id).parse()
    }
}

impl TryFrom<&str> for ResourceId {
    type Error = InvalidResourceId;

    fn try_from(id: &str) -> Result<Self, Self::Error> {
        id.parse()
    }
}

impl Serialize for ResourceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ResourceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        id.parse().map_err(de::Error::custom)
    }
}

/// A resource id that is not an ARM resource id. It names the first segment that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidResourceId {
    /// The refused id, as given.
    pub id: String,
    /// The wrong segment's number, counting from 1 after the leading `/`
    /// (`subscriptions` is segment 1). 0 when the id is empty.
    pub position: usize,
    /// The wrong segment's byte offset in `id`.
    pub offset: usize,
    /// The wrong segment's text (empty for an empty segment).
    pub segment: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for InvalidResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.position == 0 {
            return write!(f, "invalid resource id {:?}: {}", self.id, self.problem);
        }
        write!(
            f,
            "invalid resource id {:?}: segment {} {:?} (at byte {}): {}",
            self.id, self.position, self.segment, self.offset, self.problem
        )
    }
}

impl std::error::Error for InvalidResourceId {}

/// A malformed id given to a client call is a `DataConversion` error, like an invalid
/// parameter: nothing was sent.
impl From<InvalidResourceId> for Error {
    fn from(invalid: InvalidResourceId) -> Self {
        let message = invalid.to_string();
        Error::with_error(ErrorKind::DataConversion, invalid, message)
    }
}

/// Reads segments left to right; `next` is the segment about to be read.
struct Parser<'a> {
    id: &'a str,
    segments: Vec<(usize, &'a str)>,
    next: usize,
}

impl<'a> Parser<'a> {
    fn new(id: &'a str) -> Self {
        let rest = id.strip_prefix('/').unwrap_or(id);
        let start = id.len() - rest.len();
        let mut offset = start;
        let segments = rest
            .split('/')
            .map(|segment| {
                let at = offset;
                offset += segment.len() + 1;
                (at, segment)
            })
            .collect();
        Parser {
            id,
            segments,
            next: 0,
        }
    }

    fn parse(mut self) -> Result<ResourceId, InvalidResourceId> {
        if self.id.is_empty() {
            return Err(self.error_at(0, "is empty"));
        }
        if !self.id.starts_with('/') {
            return Err(self.error_at(
                1,
                "an ARM resource id starts with `/` (`/subscriptions/...` or `/providers/...`)",
            ));
        }
        if let Some(index) = self.segments.iter().position(|(_, s)| s.is_empty()) {
            let problem = if index + 1 == self.segments.len() && index > 0 {
                "is empty: the id ends with `/`"
            } else {
                "is empty: the id has `//` or is only `/`"
            };
            return Err(self.error_at(index + 1, problem));
        }
        let mut id = ResourceId {
            subscription: None,
            resource_group: None,
            providers: Vec::new(),
        };
        if self.take_keyword(SUBSCRIPTIONS) {
            id.subscription = Some(self.name_after(SUBSCRIPTIONS)?);
            if self.take_keyword(RESOURCE_GROUPS) {
                id.resource_group = Some(self.name_after(RESOURCE_GROUPS)?);
            }
        }
        while self.next < self.segments.len() {
            if !self.take_keyword(PROVIDERS) {
                return Err(self.error_at(self.next + 1, self.expected(&id)));
            }
            id.providers.push(self.provider_part()?);
        }
        Ok(id)
    }

    /// `{Namespace}/{type}/{name}...` up to the next `providers` keyword or the end.
    fn provider_part(&mut self) -> Result<ProviderPart, InvalidResourceId> {
        let namespace = self.name_after(PROVIDERS)?;
        let mut part = ProviderPart {
            namespace,
            types: Vec::new(),
            names: Vec::new(),
        };
        while let Some(&(_, ty)) = self.segments.get(self.next) {
            // A type is never called `providers`: ARM reads it as an extension's keyword.
            if ty.eq_ignore_ascii_case(PROVIDERS) && !part.types.is_empty() {
                break;
            }
            self.next += 1;
            let Some(&(_, name)) = self.segments.get(self.next) else {
                return Err(self.error_at(
                    self.next,
                    &format!("the resource type `{ty}` is not followed by a name"),
                ));
            };
            self.next += 1;
            part.types.push(ty.to_string());
            part.names.push(name.to_string());
        }
        if part.types.is_empty() {
            return Err(self.error_at(
                self.next,
                &format!(
                    "the namespace `{}` is not followed by a resource type and name",
                    part.namespace
                ),
            ));
        }
        Ok(part)
    }

    fn take_keyword(&mut self, keyword: &str) -> bool {
        let found = self
            .segments
            .get(self.next)
            .is_some_and(|(_, s)| s.eq_ignore_ascii_case(keyword));
        if found {
            self.next += 1;
        }
        found
    }

    /// The segment after a keyword just taken.
    fn name_after(&mut self, keyword: &str) -> Result<String, InvalidResourceId> {
        let Some(&(_, name)) = self.segments.get(self.next) else {
            return Err(self.error_at(self.next, &format!("`{keyword}` is not followed by a name")));
        };
        self.next += 1;
        Ok(name.to_string())
    }

    /// What may come at `self.next`, given what has been read (a provider part reads up to
    /// the next `providers` or the end, so this is only asked before the first one).
    fn expected(&self, id: &ResourceId) -> &'static str {
        if id.resource_group.is_some() {
            "expected `providers`"
        } else if id.subscription.is_some() {
            "expected `resourceGroups` or `providers`"
        } else {
            "expected `subscriptions` or `providers`"
        }
    }

    /// An error naming segment `position` (1-based).
    fn error_at(&self, position: usize, problem: &str) -> InvalidResourceId {
        let (offset, segment) = position
            .checked_sub(1)
            .and_then(|index| self.segments.get(index))
            .copied()
            .unwrap_or((0, ""));
        InvalidResourceId {
            id: self.id.to_string(),
            position,
            offset,
            segment: segment.to_string(),
            problem: problem.to_string(),
        }
    }
}
