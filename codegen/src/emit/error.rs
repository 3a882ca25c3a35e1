//! The module's `ServiceError`, read from its own error model.

use super::client::model_type;
use super::{doc_attrs, ident, type_ident};
use crate::ir::{ErrorShape, Field, Service, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `error.rs`: the module's `ServiceError`, read from its own error model.
pub fn error_file(service: &Service) -> TokenStream {
    let shape = &service.error;
    let doc = doc_attrs(&format!(
        "An error answer from {}: any status an operation does not document.\n\n\
         Read from the service's `{}` model; its detail is read whether the service sends it \
         inside ARM's `{{\"error\": {{...}}}}` envelope or bare. Get it from an \
         `azure_core::Error` with `error.downcast_ref::<ServiceError>()`.",
        service.provider, shape.model
    ));
    let fields = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        let ty = model_type(&f.detail.ty);
        let docs = doc_attrs(&f.detail.doc);
        quote!(#docs pub #name: Option<#ty>,)
    });
    let none_fields = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        quote!(#name: None,)
    });
    let read_detail = read_detail(shape);
    let (code_accessor, message_accessor) =
        (accessor(&shape.code_field), accessor(&shape.message_field));
    quote! {
        use super::models;
        use crate::runtime;
        use azure_core::http::StatusCode;
        use azure_core::http::headers::Headers;
        use std::fmt;

        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct ServiceError {
            /// The HTTP status of the response.
            pub status: StatusCode,
            #(#fields)*
            /// The `x-ms-request-id` header: quote it when asking Azure support.
            pub request_id: Option<String>,
            /// The body as received; the only detail when it is not the documented JSON.
            pub raw_body: String,
        }

        impl runtime::ServiceError for ServiceError {
            fn from_response(status: StatusCode, headers: &Headers, body: &[u8]) -> Self {
                let mut error = ServiceError {
                    status,
                    #(#none_fields)*
                    request_id: runtime::header_text(headers, "x-ms-request-id"),
                    raw_body: String::from_utf8_lossy(body).into_owned(),
                };
                #read_detail
                error
            }

            fn code(&self) -> Option<&str> {
                #code_accessor
            }

            fn message(&self) -> Option<&str> {
                #message_accessor
            }

            fn request_id(&self) -> Option<&str> {
                self.request_id.as_deref()
            }

            fn raw_body(&self) -> &str {
                &self.raw_body
            }
        }

        impl fmt::Display for ServiceError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {}", self.status, self.status.canonical_reason())?;
                runtime::write_error_detail(f, self)
            }
        }

        impl std::error::Error for ServiceError {}
    }
}

/// Fills `error` from the body, when its detail is the documented model (enveloped or bare),
/// and the code from `x-ms-error-code` when the body has none.
fn read_detail(shape: &ErrorShape) -> TokenStream {
    // The detail model, and the envelope property it may come in: the documented envelope's,
    // or ARM's `error` for a bare detail (unless the detail has an `error` of its own).
    let (detail, envelope) = match &shape.envelope {
        Some(Field {
            json_name,
            ty: Type::Model { name, .. },
            ..
        }) => (name.as_str(), Some(json_name.as_str())),
        _ => {
            let has_error = shape.fields.iter().any(|f| f.detail.json_name == "error");
            (shape.model.as_str(), (!has_error).then_some("error"))
        }
    };
    let detail = type_ident(detail);
    let envelope = match envelope {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let copies = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        let detail_name = ident(&f.detail.name);
        quote!(error.#name = detail.#detail_name;)
    });
    let code_fallback = shape.code_field.as_ref().map(|code| {
        let code = ident(code);
        quote! {
            if error.#code.is_none() {
                error.#code = runtime::header_text(headers, "x-ms-error-code");
            }
        }
    });
    quote! {
        let detail: Option<models::#detail> = runtime::error_detail(body, #envelope);
        if let Some(detail) = detail {
            #(#copies)*
        }
        #code_fallback
    }
}

/// `self.<field>.as_deref()`, or `None` when the detail has no such field.
fn accessor(field: &Option<String>) -> TokenStream {
    match field {
        Some(name) => {
            let name = ident(name);
            quote!(self.#name.as_deref())
        }
        None => quote!(None),
    }
}
