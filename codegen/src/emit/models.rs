//! IR models and enums → Rust structs and enums with serde.

use crate::ir::{Enum, Field, Model, Type, Union};
use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_ident};
use crate::names;

/// The body of `models.rs` for one service.
pub fn models_file(models: &[Model], enums: &[Enum], unions: &[Union]) -> TokenStream {
    // Import only what the file uses, so the generated crate stays warning-free.
    let serde_traits = (!models.is_empty() || !enums.is_empty() || !unions.is_empty()).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    let serde_impls = (!enums.is_empty() || !unions.is_empty()).then(|| {
        quote!(
            use serde::{Deserializer, Serializer};
        )
    });
    let fmt = (!enums.is_empty()).then(|| {
        quote!(
            use std::fmt;
        )
    });
    let models = models.iter().map(model);
    let enums = enums.iter().map(enumeration);
    let unions = unions.iter().map(super::unions::union);
    quote! {
        #serde_traits
        #serde_impls
        #fmt

        #(#models)*
        #(#unions)*
        #(#enums)*
    }
}

/// The Rust type of a field, without the outer `Option`, as written inside `models.rs`.
pub fn rust_type(ty: &Type) -> TokenStream {
    qualified_type(ty, &quote!())
}

/// The Rust type, with model and enum names behind `path` (e.g. `models::`).
pub fn qualified_type(ty: &Type, path: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::Bool => quote!(bool),
        Type::DateTime | Type::DateTimeRfc7231 | Type::UnixTime => quote!(time::OffsetDateTime),
        Type::Bytes | Type::Base64Url => quote!(Vec<u8>),
        Type::Json => quote!(serde_json::Value),
        Type::Vec(inner) => {
            let inner = qualified_type(inner, path);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = qualified_type(inner, path);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Type::Model { name, boxed: true } => {
            let name = type_ident(name);
            quote!(Box<#path #name>)
        }
        Type::Model { name, boxed: false } | Type::Enum(name) => {
            let name = type_ident(name);
            quote!(#path #name)
        }
    }
}

fn model(model: &Model) -> TokenStream {
    let name = type_ident(&model.name);
    let docs = doc_attrs(&model.doc);
    let derive_default = !model.fields.iter().any(|f| f.constructor_param);
    let derive_default = derive_default.then(|| quote!(Default,));
    let fields = model.fields.iter().map(|f| field(f, model));
    let explicit_nulls_field = explicit_nulls(model).map(|field| {
        let field = ident(field);
        quote! {
            /// The properties the request form sends as an explicit `null` (see the `clear_*`
            /// methods). Not part of the model's JSON.
            #[serde(skip)]
            #field: std::collections::BTreeSet<&'static str>,
        }
    });
    let constructor = constructor(model);
    let clear_methods = explicit_nulls(model).into_iter().flat_map(|nulls| {
        model
            .clearable_fields()
            .map(move |f| clear_method(f, nulls))
    });
    let request_json = model.in_request.then(|| request_json(model));
    let methods = (constructor.is_some() || request_json.is_some()).then(|| {
        quote! {
            impl #name {
                #constructor
                #(#clear_methods)*
                #request_json
            }
        }
    });
    let redacted_debug = model
        .fields
        .iter()
        .any(|f| f.secret)
        .then(|| redacted_debug(model));
    let derive_debug = redacted_debug.is_none().then(|| quote!(Debug,));
    // A union's variant always writes its tag, also where it is used on its own; reading
    // ignores the tag (the union has already read it).
    let tag = model.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        quote!(#[serde(tag = #property, rename = #value)])
    });
    quote! {
        #docs
        #[derive(Clone, #derive_debug #derive_default PartialEq, Serialize, Deserialize)]
        #tag
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #explicit_nulls_field
        }

        #redacted_debug
        #methods
    }
}

/// `Debug` that prints `<redacted>` in place of a secret's value (x-ms-secret), so a secret
/// never reaches a log; whether it is set still shows.
fn redacted_debug(model: &Model) -> TokenStream {
    let name = type_ident(&model.name);
    let rust_name = &model.name;
    let fields = model.fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = f.name.trim_start_matches("r#");
        if f.secret {
            quote!(.field(#label, &self.#field.as_ref().map(|_| "<redacted>")))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    let explicit_nulls = explicit_nulls(model).map(|label| {
        let field = ident(label);
        quote!(.field(#label, &self.#field))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#rust_name)
                    #(#fields)*
                    #explicit_nulls
                    .finish()
            }
        }
    }
}

/// The private field listing the properties the model's requests send as an explicit `null`,
/// if they may send some.
fn explicit_nulls(model: &Model) -> Option<&str> {
    model.clearable_fields().next()?;
    model.explicit_nulls_field.as_deref()
}

/// A struct field of `model`.
fn field(field: &Field, model: &Model) -> TokenStream {
    let name = ident(&field.name);
    let ty = rust_type(&field.ty);
    let mut doc = field.doc.clone();
    if field.read_only {
        doc.push_str("\n\nRead-only: set by the service, never sent in a request.");
    } else if model.in_request && !field.sent {
        doc.push_str("\n\nNever sent in a request: everything in it is read-only.");
    } else if field.required {
        doc.push_str("\n\nRequired in requests.");
    }
    if model.clearable_fields().any(|f| f.name == field.name) {
        doc.push_str(&format!(
            "\n\nA request leaves it out while it is `None`; [`Self::{}`] sends an explicit `null` instead, which clears it on the service (JSON merge patch).",
            names::clear_method(&field.name)
        ));
    }
    let docs = doc_attrs(&doc);
    let rename = (field.name != field.json_name).then(|| {
        let json = &field.json_name;
        quote!(rename = #json,)
    });
    let with = wire_form(&field.ty);
    // An `Option` reads a missing property as `None` by itself; leaving out `default` also
    // makes serde refuse a JSON array (`[]`) where the model's object belongs, which it would
    // otherwise read element by element, as an empty model. A field with a wire form of its
    // own needs `default` for a missing property to be `None`.
    let default = with.is_some().then(|| quote!(default,));
    quote! {
        #docs
        #[serde(#rename #default skip_serializing_if = "Option::is_none", #with)]
        pub #name: Option<#ty>,
    }
}

/// The serde helpers of a field whose value has a wire form of its own.
fn wire_form(ty: &Type) -> Option<TokenStream> {
    Some(match ty {
        // Every date-time is read leniently and written strictly: `runtime::date_times` is the
        // one home of that rule. Array and map elements have no `format:`, so a date-time is
        // the only element with a wire form of its own.
        Type::DateTime => quote!(with = "crate::runtime::date_times::option",),
        Type::Vec(inner) if **inner == Type::DateTime => {
            quote!(with = "crate::runtime::date_times::vec",)
        }
        Type::Map(inner) if **inner == Type::DateTime => {
            quote!(with = "crate::runtime::date_times::map",)
        }
        Type::DateTimeRfc7231 => quote!(with = "crate::runtime::date_times::rfc7231::option",),
        Type::UnixTime => quote!(with = "crate::runtime::date_times::unix_time::option",),
        Type::Bytes => quote!(with = "azure_core::base64::option",),
        Type::Base64Url => quote! {
            serialize_with = "azure_core::base64::option::serialize_url_safe",
            deserialize_with = "azure_core::base64::option::deserialize_url_safe",
        },
        _ => return None,
    })
}

/// `new(required...)` for models whose requests need some properties.
fn constructor(model: &Model) -> Option<TokenStream> {
    let required: Vec<&Field> = model
        .fields
        .iter()
        .filter(|f| f.constructor_param)
        .collect();
    if required.is_empty() {
        return None;
    }
    let params = required.iter().map(|f| {
        let name = ident(&f.name);
        let ty = rust_type(&f.ty);
        quote!(#name: #ty)
    });
    let inits = model.fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.constructor_param {
            quote!(#name: Some(#name))
        } else {
            quote!(#name: None)
        }
    });
    let explicit_nulls = explicit_nulls(model).map(|field| {
        let field = ident(field);
        quote!(, #field: Default::default())
    });
    let doc = doc_attrs(&format!(
        "Creates a `{}` with the properties a request requires; the others start unset.",
        model.name
    ));
    Some(quote! {
        #doc
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* #explicit_nulls }
        }
    })
}

/// The request form of a model: writable properties only.
fn request_json(model: &Model) -> TokenStream {
    let explicit_nulls = explicit_nulls(model).map(ident);
    let inserts = model.fields.iter().filter(|f| f.sent).map(|f| {
        let field = ident(&f.name);
        let json = &f.json_name;
        let value = request_value(&f.ty, quote!(value));
        let clearable = model.clearable_fields().any(|c| c.name == f.name);
        let null = explicit_nulls
            .as_ref()
            .filter(|_| clearable)
            .map(|explicit_nulls| {
                quote! {
                    else if self.#explicit_nulls.contains(#json) {
                        json.insert(#json.to_string(), serde_json::Value::Null);
                    }
                }
            });
        quote! {
            if let Some(value) = &self.#field {
                json.insert(#json.to_string(), #value?);
            } #null
        }
    });
    let tag = model.tag.as_ref().map(|tag| {
        let (property, value) = (&tag.property, &tag.value);
        quote!(json.insert(#property.to_string(), serde_json::Value::from(#value));)
    });
    let body = if !model.fields.iter().any(|f| f.sent) && tag.is_none() {
        quote!(Ok(serde_json::Value::Object(serde_json::Map::new())))
    } else {
        quote! {
            let mut json = serde_json::Map::new();
            #tag
            #(#inserts)*
            Ok(serde_json::Value::Object(json))
        }
    };
    let nulls_doc = explicit_nulls.as_ref().map(|_| {
        quote! {
            ///
            /// A property cleared with its `clear_*` method is sent as `null` while it is `None`.
        }
    });
    quote! {
        /// The JSON a request sends: every writable property that is set. Read-only
        /// properties are left out, whatever they hold.
        #nulls_doc
        pub fn to_request_json(&self) -> serde_json::Result<serde_json::Value> {
            #body
        }
    }
}

/// `clear_<field>()`: the request sends the field as an explicit `null`, listed in the model's
/// `explicit_nulls` field.
fn clear_method(field: &Field, explicit_nulls: &str) -> TokenStream {
    let method = ident(&names::clear_method(&field.name));
    let name = ident(&field.name);
    let json = &field.json_name;
    let explicit_nulls = ident(explicit_nulls);
    let doc = doc_attrs(&format!(
        "Unsets `{}` and makes the request send it as an explicit `null` while it is `None`, \
         which clears it on the service (ARM's PATCH is a JSON merge patch). A value set \
         afterwards is sent instead.",
        field.name.trim_start_matches("r#")
    ));
    quote! {
        #doc
        pub fn #method(&mut self) {
            self.#name = None;
            self.#explicit_nulls.insert(#json);
        }
    }
}

/// Expression converting `value: &T` to request JSON, as a `serde_json::Result`.
fn request_value(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::Model { .. } => quote!(#value.to_request_json()),
        Type::DateTime => quote!(crate::runtime::date_times::serialize(
            #value,
            serde_json::value::Serializer
        )),
        Type::DateTimeRfc7231 => quote!(crate::runtime::date_times::rfc7231::serialize(
            #value,
            serde_json::value::Serializer
        )),
        Type::UnixTime => quote!(crate::runtime::date_times::unix_time::serialize(
            #value,
            serde_json::value::Serializer
        )),
        Type::Bytes => quote!(azure_core::base64::serialize(#value, serde_json::value::Serializer)),
        Type::Base64Url => {
            quote!(azure_core::base64::serialize_url_safe(#value, serde_json::value::Serializer))
        }
        Type::Vec(inner) if inner.needs_custom_request_json() => {
            let item = request_value(inner, quote!(item));
            quote! {
                #value
                    .iter()
                    .map(|item| #item)
                    .collect::<serde_json::Result<Vec<_>>>()
                    .map(serde_json::Value::Array)
            }
        }
        Type::Map(inner) if inner.needs_custom_request_json() => {
            let item = request_value(inner, quote!(item));
            quote! {
                #value
                    .iter()
                    .map(|(key, item)| #item.map(|json| (key.clone(), json)))
                    .collect::<serde_json::Result<serde_json::Map<_, _>>>()
                    .map(serde_json::Value::Object)
            }
        }
        _ => quote!(serde_json::to_value(#value)),
    }
}

/// Every enum, closed or extensible, reads any value: case-insensitively (ARM compares enum
/// values without case), as the canonical variant, and a value it does not know into
/// `UnknownValue`, so a response never fails over an enum. A closed enum (`modelAsString:
/// false`) governs what is sent instead: serializing its `UnknownValue` is an error, so a
/// request carrying one fails before it is sent.
fn enumeration(enumeration: &Enum) -> TokenStream {
    let name = type_ident(&enumeration.name);
    let docs = doc_attrs(&enumeration.doc);
    let unknown = type_ident(names::UNKNOWN_VALUE_VARIANT);
    let variants: Vec<_> = enumeration
        .variants
        .iter()
        .map(|v| type_ident(&v.name))
        .collect();
    let values: Vec<&str> = enumeration
        .variants
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    let variant_docs = enumeration.variants.iter().map(|v| doc_attrs(&v.doc));
    let (unknown_doc, serialize_unknown) = unknown_value(enumeration, &values);
    let unknown_doc = doc_attrs(unknown_doc);
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #unknown_doc
            #unknown(String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                #(if value.eq_ignore_ascii_case(#values) {
                    return Self::#variants;
                })*
                Self::#unknown(value.to_string())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants => serializer.serialize_str(#values),)*
                    Self::#unknown(value) => #serialize_unknown,
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// The doc of an enum's `UnknownValue` variant, and how it serializes: as received for an
/// extensible enum, and as an error for a closed one, so that such a request is never sent.
fn unknown_value(enumeration: &Enum, values: &[&str]) -> (&'static str, TokenStream) {
    match enumeration.extensible {
        true => (
            "A value this version of the crate does not know, kept exactly as received.",
            quote!(serializer.serialize_str(value)),
        ),
        false => {
            let known = values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            // A format string: braces in the values are literal text.
            let literal = |text: &str| text.replace('{', "{{").replace('}', "}}");
            let refusal = format!(
                "`{{value}}` is not a value of the closed enum `{}` ({}), so it is not sent",
                literal(&enumeration.name),
                literal(&known)
            );
            (
                "A value this version of the crate does not know, kept exactly as received. \
                 The enum is closed: a request carrying this value fails before it is sent.",
                quote!(Err(serde::ser::Error::custom(format!(#refusal)))),
            )
        }
    }
}
