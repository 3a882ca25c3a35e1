//! Serde helpers for arrays and maps of RFC 3339 date-times. A single date-time field uses
//! `time::serde::rfc3339::option`; `time` has no helper for collections, and its own serde
//! form of `OffsetDateTime` (without the `serde-human-readable` feature) is not a string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// One date-time in its RFC 3339 form.
#[derive(Serialize, Deserialize)]
struct Rfc3339(#[serde(with = "time::serde::rfc3339")] OffsetDateTime);

/// `Option<Vec<OffsetDateTime>>` as an optional array of RFC 3339 strings.
pub(crate) mod vec {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Vec<OffsetDateTime>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let strings: Option<Vec<Rfc3339>> = value
            .as_ref()
            .map(|items| items.iter().copied().map(Rfc3339).collect());
        strings.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<OffsetDateTime>>, D::Error> {
        let strings = Option::<Vec<Rfc3339>>::deserialize(deserializer)?;
        Ok(strings.map(|items| items.into_iter().map(|item| item.0).collect()))
    }
}

/// `Option<BTreeMap<String, OffsetDateTime>>` as an optional map of RFC 3339 strings.
pub(crate) mod map {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<BTreeMap<String, OffsetDateTime>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let strings: Option<BTreeMap<&String, Rfc3339>> = value.as_ref().map(|items| {
            items
                .iter()
                .map(|(key, item)| (key, Rfc3339(*item)))
                .collect()
        });
        strings.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, OffsetDateTime>>, D::Error> {
        let strings = Option::<BTreeMap<String, Rfc3339>>::deserialize(deserializer)?;
        Ok(strings.map(|items| items.into_iter().map(|(key, item)| (key, item.0)).collect()))
    }
}
