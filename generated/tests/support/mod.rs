//! Hand-written helpers shared by the generated example tests (not emitted by the generator).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Parses an x-ms-examples file.
pub fn example(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("example files are JSON")
}

/// Deserializes `json` into `T` and checks that serializing it gives the same JSON back
/// (key order aside: `serde_json::Value` compares objects as maps).
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &serde_json::Value) -> T {
    let model: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("example body does not deserialize: {e}\n{json:#}"));
    let back = serde_json::to_value(&model).expect("models serialize");
    assert_eq!(&back, json, "the model changed the JSON on the way through");
    model
}

/// The request JSON a model produced equals what the example sends.
pub fn assert_same_json(
    produced: serde_json::Result<serde_json::Value>,
    expected: &serde_json::Value,
) {
    let produced = produced.expect("request JSON");
    assert_eq!(
        &produced, expected,
        "the request body differs from the example"
    );
}
