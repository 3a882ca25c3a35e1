//! Date-times on the wire: the one home of the rule for every date-time format a model field
//! may have (`date-time`, `date-time-rfc1123`, `unixtime`), alone, in arrays and in maps.
//!
//! **Reading is lenient, writing strict.** Services write date-times in more shapes than their
//! format allows, and one such value must not lose a whole response body:
//!
//! - RFC 3339 (`date-time`): a value without an offset (`2021-03-04T05:06:07`, which .NET
//!   services send) is UTC; the fraction may have any number of digits (beyond nanoseconds
//!   they are dropped); `T` and `Z` may be lowercase; the offset may lack its colon (`+0100`).
//!   Written as RFC 3339, in the value's own offset.
//! - RFC 7231 (`date-time-rfc1123`): the preferred `Sun, 06 Nov 1994 08:49:37 GMT`, and the
//!   forms HTTP recipients must also accept (RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`, C's
//!   asctime `Sun Nov  6 08:49:37 1994`); names in any case, the weekday optional and not
//!   checked, a one-digit day, fractional seconds, and `UTC`, `UT`, `Z` or a numeric offset
//!   in place of `GMT`. Written as `Sun, 06 Nov 1994 08:49:37 GMT`, in UTC.
//! - Unix time (`unixtime`): whole or fractional seconds, as a JSON number or a numeric
//!   string. Written as whole seconds.
//!
//! A value that is none of these still fails the body, with serde's message naming the
//! property. `time` has no serde helper for collections, and its own serde form of
//! `OffsetDateTime` (without the `serde-human-readable` feature) is not a string, so the
//! collection helpers are here too.

use serde::de::{self, Deserializer};
use serde::ser::{self, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// Reads an RFC 3339 date-time leniently (see the module docs).
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, String> {
    let failed = || format!("`{text}` is not an RFC 3339 date-time");
    if let Ok(value) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(value);
    }
    // `time` reads any fraction length and `t`/`z` already; what it refuses that services
    // send is a missing offset, or one without its colon. The time of day starts after the
    // date (`yyyy-mm-ddT`), so a `+`, `-` or `Z` past that point starts the offset.
    let time_of_day = text.get(11..).ok_or_else(failed)?;
    let repaired = match time_of_day.find(['+', '-', 'Z', 'z']) {
        None => format!("{text}Z"),
        Some(at) => {
            let offset = &time_of_day[at + 1..];
            let digits = offset.len() == 4 && offset.bytes().all(|b| b.is_ascii_digit());
            if !digits {
                return Err(failed());
            }
            let split = text.len() - 2;
            format!("{}:{}", &text[..split], &text[split..])
        }
    };
    OffsetDateTime::parse(&repaired, &Rfc3339).map_err(|_| failed())
}

/// Writes an RFC 3339 date-time, in the value's own offset.
pub fn to_rfc3339(value: &OffsetDateTime) -> Result<String, String> {
    // Fails only for what RFC 3339 cannot say: a year past 9999, an offset with seconds.
    value
        .format(&Rfc3339)
        .map_err(|e| format!("{value} cannot be written as an RFC 3339 date-time: {e}"))
}

/// Reads an HTTP date (RFC 7231, any of its three forms) leniently (see the module docs).
pub fn parse_rfc7231(text: &str) -> Result<OffsetDateTime, String> {
    http_date(text).ok_or_else(|| format!("`{text}` is not an RFC 7231 date"))
}

/// Writes an HTTP date in RFC 7231's preferred form, in UTC (which `GMT` says).
pub fn to_rfc7231(value: &OffsetDateTime) -> String {
    // azure_core's `to_rfc7231` writes the time of day in the value's own offset, then `GMT`:
    // wrong by the offset for any value not in UTC.
    azure_core::time::to_rfc7231(&value.to_offset(UtcOffset::UTC))
}

/// Reads a Unix time leniently: whole or fractional seconds, a number or a numeric string.
pub fn parse_unix_time(value: &serde_json::Value) -> Result<OffsetDateTime, String> {
    let failed = || format!("`{value}` is not a Unix time (seconds since the epoch)");
    let seconds = match value {
        serde_json::Value::Number(number) => number.clone(),
        serde_json::Value::String(text) => text.trim().parse().map_err(|_| failed())?,
        _ => return Err(failed()),
    };
    if let Some(whole) = seconds.as_i64() {
        return OffsetDateTime::from_unix_timestamp(whole).map_err(|_| failed());
    }
    let seconds = seconds
        .as_f64()
        .filter(|s| s.is_finite())
        .ok_or_else(failed)?;
    // Whole nanoseconds; an `f64` holds a present-day time to about a microsecond anyway.
    let nanos = (seconds * 1e9).round();
    if nanos.abs() > i128::MAX as f64 {
        return Err(failed());
    }
    OffsetDateTime::from_unix_timestamp_nanos(nanos as i128).map_err(|_| failed())
}

/// Writes a Unix time: whole seconds, as `unixtime` is defined.
pub fn to_unix_time(value: &OffsetDateTime) -> i64 {
    value.unix_timestamp()
}

/// One date-time in its RFC 3339 form.
struct Rfc3339Text(OffsetDateTime);

impl Serialize for Rfc3339Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Rfc3339Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_rfc3339(&text)
            .map(Rfc3339Text)
            .map_err(de::Error::custom)
    }
}

/// An RFC 3339 date-time, as a request's JSON writes it.
pub fn serialize<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&to_rfc3339(value).map_err(ser::Error::custom)?)
}

/// `Option<OffsetDateTime>` as an optional RFC 3339 string (a `null` reads as `None`).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.map(Rfc3339Text).serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        Ok(Option::<Rfc3339Text>::deserialize(deserializer)?.map(|item| item.0))
    }
}

/// `Option<Vec<OffsetDateTime>>` as an optional array of RFC 3339 strings.
pub mod vec {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<Vec<OffsetDateTime>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let strings: Option<Vec<Rfc3339Text>> = value
            .as_ref()
            .map(|items| items.iter().copied().map(Rfc3339Text).collect());
        strings.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<OffsetDateTime>>, D::Error> {
        let strings = Option::<Vec<Rfc3339Text>>::deserialize(deserializer)?;
        Ok(strings.map(|items| items.into_iter().map(|item| item.0).collect()))
    }
}

/// `Option<BTreeMap<String, OffsetDateTime>>` as an optional map of RFC 3339 strings.
pub mod map {
    use super::*;

    pub fn serialize<S: Serializer>(
        value: &Option<BTreeMap<String, OffsetDateTime>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let strings: Option<BTreeMap<&String, Rfc3339Text>> = value.as_ref().map(|items| {
            items
                .iter()
                .map(|(key, item)| (key, Rfc3339Text(*item)))
                .collect()
        });
        strings.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, OffsetDateTime>>, D::Error> {
        let strings = Option::<BTreeMap<String, Rfc3339Text>>::deserialize(deserializer)?;
        Ok(strings.map(|items| items.into_iter().map(|(key, item)| (key, item.0)).collect()))
    }
}

/// `date-time-rfc1123`: an HTTP date.
pub mod rfc7231 {
    use super::*;

    /// An HTTP date, as a request's JSON writes it.
    pub fn serialize<S: Serializer>(
        value: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_rfc7231(value))
    }

    /// `Option<OffsetDateTime>` as an optional HTTP date.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            value: &Option<OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            value.as_ref().map(to_rfc7231).serialize(serializer)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| parse_rfc7231(&text).map_err(de::Error::custom))
                .transpose()
        }
    }
}

/// `unixtime`: seconds since the Unix epoch.
pub mod unix_time {
    use super::*;

    /// A Unix time, as a request's JSON writes it.
    pub fn serialize<S: Serializer>(
        value: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(to_unix_time(value))
    }

    /// `Option<OffsetDateTime>` as optional seconds since the epoch.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            value: &Option<OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            value.as_ref().map(to_unix_time).serialize(serializer)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            Option::<serde_json::Value>::deserialize(deserializer)?
                .map(|value| parse_unix_time(&value).map_err(de::Error::custom))
                .transpose()
        }
    }
}

/// The three forms of an HTTP date, read leniently; `None` when `text` is none of them.
fn http_date(text: &str) -> Option<OffsetDateTime> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|word| !word.is_empty())
        .collect();
    // The weekday says nothing the date does not: skip it, and do not check it.
    let words = match words.first() {
        Some(first) if first.chars().all(|c| c.is_ascii_alphabetic()) && month(first).is_none() => {
            &words[1..]
        }
        _ => &words[..],
    };
    let (date, clock, zone) = match words {
        // asctime: `Nov 6 08:49:37 1994`, always UTC.
        [month_name, day, clock, year] if month(month_name).is_some() => {
            (ymd(year, month_name, day)?, *clock, None)
        }
        // RFC 850: `06-Nov-94 08:49:37 GMT`.
        [dashed, clock, rest @ ..] if dashed.contains('-') => {
            let mut parts = dashed.split('-');
            let (day, month_name, year) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            (ymd(year, month_name, day)?, *clock, zone_word(rest)?)
        }
        // IMF-fixdate (RFC 1123): `06 Nov 1994 08:49:37 GMT`.
        [day, month_name, year, clock, rest @ ..] => {
            (ymd(year, month_name, day)?, *clock, zone_word(rest)?)
        }
        _ => return None,
    };
    let offset = match zone {
        None => UtcOffset::UTC,
        Some(zone) => offset(zone)?,
    };
    Some(OffsetDateTime::new_in_offset(
        date,
        time_of_day(clock)?,
        offset,
    ))
}

/// The zone after the time of day: none, or one word.
fn zone_word<'a>(rest: &[&'a str]) -> Option<Option<&'a str>> {
    match rest {
        [] => Some(None),
        [zone] => Some(Some(zone)),
        _ => None,
    }
}

fn month(name: &str) -> Option<Month> {
    const MONTHS: [Month; 12] = [
        Month::January,
        Month::February,
        Month::March,
        Month::April,
        Month::May,
        Month::June,
        Month::July,
        Month::August,
        Month::September,
        Month::October,
        Month::November,
        Month::December,
    ];
    // `Nov` or `November`, in any case.
    MONTHS.into_iter().find(|month| {
        let full = month.to_string();
        full.eq_ignore_ascii_case(name) || (name.len() == 3 && full[..3].eq_ignore_ascii_case(name))
    })
}

fn ymd(year: &str, month_name: &str, day: &str) -> Option<Date> {
    let digits = |text: &str, lengths: &[usize]| {
        (lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    let mut year_number = digits(year, &[2, 4])?;
    if year.len() == 2 {
        // RFC 7231: a two-digit year more than 50 years ahead is in the past century.
        year_number += if year_number < 70 { 2000 } else { 1900 };
    }
    let day = u8::try_from(digits(day, &[1, 2])?).ok()?;
    Date::from_calendar_date(year_number, month(month_name)?, day).ok()
}

/// `hh:mm:ss`, with an optional fraction.
fn time_of_day(clock: &str) -> Option<Time> {
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) => (clock, fraction),
        None => (clock, ""),
    };
    let mut parts = clock.split(':');
    let mut two_digits = || {
        let part = parts.next()?;
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u8>().ok())
            .flatten()
    };
    let (hour, minute, second) = (two_digits()?, two_digits()?, two_digits()?);
    if parts.next().is_some() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |nanos, digit| nanos * 10 + u32::from(digit - b'0'));
    Time::from_hms_nano(hour, minute, second, nanos).ok()
}

/// `GMT`, `UTC`, `UT`, `Z`, or `+hhmm` / `+hh:mm`.
fn offset(zone: &str) -> Option<UtcOffset> {
    if ["GMT", "UTC", "UT", "Z"]
        .iter()
        .any(|name| zone.eq_ignore_ascii_case(name))
    {
        return Some(UtcOffset::UTC);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i8 = digits[..2].parse().ok()?;
    let minutes: i8 = digits[2..].parse().ok()?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rfc3339_reads_what_services_send_and_writes_it_strictly() {
        let utc = datetime!(2021-03-04 05:06:07 UTC);
        for text in [
            "2021-03-04T05:06:07Z",
            "2021-03-04T05:06:07",
            "2021-03-04t05:06:07z",
            "2021-03-04T05:06:07+00:00",
            "2021-03-04T05:06:07+0000",
            "2021-03-04T06:06:07+0100",
            "2021-03-04T04:06:07-01:00",
        ] {
            assert_eq!(parse_rfc3339(text), Ok(utc), "{text}");
        }
        let seven = parse_rfc3339("2021-03-04T05:06:07.1234567").unwrap();
        assert_eq!(seven, datetime!(2021-03-04 05:06:07.1234567 UTC));
        assert_eq!(to_rfc3339(&seven).unwrap(), "2021-03-04T05:06:07.1234567Z");
        let twelve = parse_rfc3339("2021-03-04T05:06:07.123456789123Z").unwrap();
        assert_eq!(twelve, datetime!(2021-03-04 05:06:07.123456789 UTC));
        let offset = parse_rfc3339("2021-03-04T05:06:07.5+01:00").unwrap();
        assert_eq!(to_rfc3339(&offset).unwrap(), "2021-03-04T05:06:07.5+01:00");
        for bad in [
            "",
            "2021-03-04",
            "2021-03-04T05:06",
            "2021-03-04T05:06:07+1",
            "2021-03-04T05:06:07+01:00:00",
            "2021-13-04T05:06:07Z",
            "2021-03-04T05:06:07ZZ",
            "yesterday",
            "2021-03-04T05:06:07é",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn http_dates_read_in_every_form_and_write_in_utc() {
        let date = datetime!(1994-11-06 08:49:37 UTC);
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 UTC",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 09:49:37 +0100",
            "Sun, 06 Nov 1994 08:49:37",
        ] {
            assert_eq!(parse_rfc7231(text), Ok(date), "{text}");
        }
        assert_eq!(
            parse_rfc7231("Sun, 06 Nov 1994 08:49:37.250 GMT"),
            Ok(datetime!(1994-11-06 08:49:37.25 UTC))
        );
        let in_paris = datetime!(1994-11-06 09:49:37 +01:00);
        assert_eq!(to_rfc7231(&in_paris), "Sun, 06 Nov 1994 08:49:37 GMT");
        for bad in [
            "",
            "Sun, 06 Nov 1994",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST extra",
            "1994-11-06T08:49:37Z",
        ] {
            assert!(parse_rfc7231(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unix_times_read_as_numbers_or_text_and_write_whole_seconds() {
        let noon = datetime!(2024-01-31 12:00 UTC);
        for value in [
            serde_json::json!(1706702400),
            serde_json::json!(1706702400.0),
            serde_json::json!("1706702400"),
        ] {
            assert_eq!(parse_unix_time(&value), Ok(noon), "{value}");
        }
        let half = parse_unix_time(&serde_json::json!(1706702400.5)).unwrap();
        assert_eq!(half, datetime!(2024-01-31 12:00:00.5 UTC));
        assert_eq!(to_unix_time(&half), 1706702400);
        for bad in [
            serde_json::json!("soon"),
            serde_json::json!(true),
            serde_json::json!(1e300),
            serde_json::json!(i64::MAX),
        ] {
            assert!(parse_unix_time(&bad).is_err(), "{bad}");
        }
    }
}
