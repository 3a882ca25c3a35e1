//! IR unions → a Rust enum per discriminated union, with serde impls that read the tag first.

use crate::ir::{UNKNOWN_KIND, Union};
use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, type_ident};

/// The enum, its serde impls, and its request form if a request reaches it.
pub fn union(union: &Union) -> TokenStream {
    let name = type_ident(&union.name);
    let docs = doc_attrs(&format!(
        "{}\n\nThe `{}` property says which kind a value is; a kind this version does not \
         know is kept, unchanged, in `{UNKNOWN_KIND}`.",
        union.doc, union.discriminator
    ));
    let unknown = type_ident(UNKNOWN_KIND);
    let variants = union.variants.iter().map(|v| {
        let variant = type_ident(&v.name);
        let model = type_ident(&v.model);
        let doc = doc_attrs(&format!("`{}: \"{}\"`.", union.discriminator, v.value));
        quote!(#doc #variant(#model),)
    });
    let request_json = union.in_request.then(|| request_json(union));
    let serde_impls = serde_impls(union);
    quote! {
        #docs
        #[allow(
            clippy::large_enum_variant,
            reason = "variants hold their models inline, as a struct holds its fields"
        )]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A kind this version of the crate does not know: the JSON exactly as received.
            #unknown(serde_json::Value),
        }

        #request_json
        #serde_impls
    }
}

fn serde_impls(union: &Union) -> TokenStream {
    let name = type_ident(&union.name);
    let unknown = type_ident(UNKNOWN_KIND);
    let discriminator = &union.discriminator;
    let variants: Vec<_> = union.variants.iter().map(|v| type_ident(&v.name)).collect();
    let values = union.variants.iter().map(|v| v.value.as_str());
    // A base without derived models (yet) reads every value as an unknown kind.
    let deserialize = if variants.is_empty() {
        quote!(serde_json::Value::deserialize(deserializer).map(Self::#unknown))
    } else {
        quote! {
            let value = serde_json::Value::deserialize(deserializer)?;
            let kind = value.get(#discriminator).and_then(serde_json::Value::as_str);
            match kind {
                #(Some(#values) => serde_json::from_value(value)
                    .map(Self::#variants)
                    .map_err(serde::de::Error::custom),)*
                _ => Ok(Self::#unknown(value)),
            }
        }
    };
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variants(value) => value.serialize(serializer),)*
                    Self::#unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize
            }
        }
    }
}

/// The request form: a known kind's writable properties; an unknown kind as it came, less
/// the base's read-only properties.
fn request_json(union: &Union) -> TokenStream {
    let name = type_ident(&union.name);
    let unknown = type_ident(UNKNOWN_KIND);
    let variants = union.variants.iter().map(|v| type_ident(&v.name));
    let read_only = &union.read_only;
    let strip = (!read_only.is_empty()).then(|| {
        quote! {
            if let Some(object) = json.as_object_mut() {
                #(object.remove(#read_only);)*
            }
        }
    });
    let mutability = if strip.is_some() {
        quote!(mut)
    } else {
        quote!()
    };
    quote! {
        impl #name {
            /// The JSON a request sends: a known kind's writable properties that are set, and
            /// an unknown kind's JSON as it came, less the read-only properties every kind has.
            pub fn to_request_json(&self) -> serde_json::Result<serde_json::Value> {
                match self {
                    #(Self::#variants(value) => value.to_request_json(),)*
                    Self::#unknown(value) => {
                        let #mutability json = value.clone();
                        #strip
                        Ok(json)
                    }
                }
            }
        }
    }
}
