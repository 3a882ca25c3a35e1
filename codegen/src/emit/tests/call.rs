//! How an emitted test calls one operation with the values of one example, and what the
//! request it sends must look like.

use super::{example_file, type_ident};
use crate::emit::ident;
use crate::ir::{Client, Example, Operation, Param, ParamLocation, PathPart, Type};
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

/// How to call one operation with the values of one example.
pub(super) struct Call<'a> {
    pub client: &'a Client,
    pub operation: &'a Operation,
    pub example: &'a Example,
}

impl Call<'_> {
    /// The example's value of `param` as a Rust expression of the parameter's type, and as the
    /// text that goes on the wire.
    pub(super) fn argument(&self, param: &Param) -> (TokenStream, String) {
        let example = self
            .example
            .parameters
            .iter()
            .find(|(name, _)| *name == param.wire_name)
            .map(|(_, value)| value);
        match &param.ty {
            Type::Bool => {
                let value = example
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
                (quote!(#value), value.to_string())
            }
            Type::I32 | Type::I64 => {
                let number = example
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
                    .filter(|n| param.ty == Type::I64 || i32::try_from(*n).is_ok())
                    .unwrap_or(0);
                (
                    Literal::i64_unsuffixed(number).into_token_stream(),
                    number.to_string(),
                )
            }
            _ => {
                let value = self.value(param);
                (quote!(#value), value)
            }
        }
    }

    pub(super) fn value(&self, param: &Param) -> String {
        self.example
            .parameters
            .iter()
            .find(|(name, _)| *name == param.wire_name)
            .and_then(|(_, value)| value.as_str().map(str::to_string))
            .unwrap_or_else(|| "example".to_string())
    }

    /// Loads the example, starts the server with `replies`, and builds the client.
    pub(super) fn setup(&self, replies: TokenStream) -> TokenStream {
        let file = example_file(self.example);
        let client = self.client_setup();
        quote! {
            let example = support::example(include_str!(#file));
            let server = Server::start(#replies).await;
            #client
        }
    }

    /// Like `setup`, for tests whose replies do not come from the example: the client is built
    /// only when no client parameter is under test, and the example is loaded only when the
    /// operation is called (`calls`) with the example's body.
    pub(super) fn setup_for(
        &self,
        param: Option<&Param>,
        replies: TokenStream,
        calls: bool,
    ) -> TokenStream {
        let on_client =
            param.is_some_and(|param| self.client.params.iter().any(|p| p.name == param.name));
        let example = calls.then(|| self.body_example()).flatten();
        let client = (!on_client).then(|| self.client_setup());
        quote! {
            #example
            let server = Server::start(#replies).await;
            #client
        }
    }

    /// `let example = ...;` when the call sends the example's body.
    pub(super) fn body_example(&self) -> Option<TokenStream> {
        let file = example_file(self.example);
        self.sends_body()
            .then(|| quote!(let example = support::example(include_str!(#file));))
    }

    /// Whether the call sends the example's body: a required body, or an optional one the
    /// example sets.
    fn sends_body(&self) -> bool {
        self.operation
            .body
            .as_ref()
            .is_some_and(|b| b.required || self.example.body.is_some())
    }

    /// The client, with the example's values of the client parameters.
    pub(super) fn client_setup(&self) -> TokenStream {
        let client = type_ident(&self.client.name);
        let client_args = self.client.params.iter().map(|p| self.value(p));
        quote! {
            let client = #client::new(#(#client_args,)* support::credential(), Some(server.options()))
                .expect("a client");
        }
    }

    /// The call expression, with `overrides` replacing parameters by name.
    pub(super) fn invocation(&self, overrides: &[(&str, TokenStream)]) -> TokenStream {
        let method = ident(&self.operation.method_name);
        let args = self.operation.params.iter().map(|p| {
            match overrides.iter().find(|(name, _)| *name == p.name) {
                Some((_, value)) => value.clone(),
                None => self.argument(p).0,
            }
        });
        let body = self.operation.body.as_ref().filter(|_| self.sends_body()).map(|b| {
            let name = &b.wire_name;
            let ty = crate::emit::client::model_type(&b.ty);
            quote!(&serde_json::from_value::<#ty>(example["parameters"][#name].clone()).expect("the example body"))
        });
        let body_field = self.operation.body.as_ref().filter(|b| !b.required);
        let (body_argument, body_option) = match (body, body_field) {
            (Some(body), Some(field)) => {
                let field = ident(&field.name);
                (None, Some(quote!(#field: Some(#body),)))
            }
            (body, _) => (body.map(|body| quote!(#body,)), None),
        };
        // An optional parameter under test goes into the options struct, and so does an
        // optional body.
        let options_name = type_ident(&self.operation.options_name);
        let overridden = self.operation.options.iter().find_map(|p| {
            let (_, value) = overrides.iter().find(|(name, _)| *name == p.name)?;
            let field = ident(&p.name);
            Some(quote!(#field: Some(#value.to_string()),))
        });
        let options = match (overridden, body_option) {
            (None, None) => quote!(None),
            (a, b) => quote!(Some(#options_name { #a #b ..Default::default() })),
        };
        quote!(client.#method(#(#args,)* #body_argument #options))
    }

    /// The request matches the example: method, path, api-version, auth, content type, body.
    pub(super) fn request_checks(&self) -> TokenStream {
        let method = self.operation.http_method.as_str();
        let path = self.expected_path(None);
        // The operation's own api-version if it has one, else the module's, whatever the
        // example file says: upstream examples sometimes carry an older one (Batch
        // 2022-06-01's PrivateLinkResourceGet.json).
        let api_version = match &self.operation.api_version {
            Some(version) => quote!(#version),
            None => quote!(API_VERSION),
        };
        let body = match &self.operation.body {
            Some(b) if self.sends_body() => {
                let name = &b.wire_name;
                quote! {
                    assert_eq!(request.header("content-type"), Some("application/json"));
                    support::assert_same_json(Ok(request.json()), &example["parameters"][#name]);
                }
            }
            // An optional body the example leaves out is not sent.
            Some(_) => quote! {
                assert_eq!(request.header("content-type"), None);
                assert!(request.body.is_empty(), "a body was sent");
            },
            None => quote!(),
        };
        let token = format!("Bearer {}", "fake-token");
        // The example's query and header parameters, as sent.
        let parameters = self.operation.params.iter().filter_map(|p| {
            let (_, wire_value) = self.argument(p);
            let name = &p.wire_name;
            match &p.location {
                ParamLocation::Query => {
                    Some(quote!(assert_eq!(request.query(#name), Some(#wire_value));))
                }
                ParamLocation::Header(header) => {
                    Some(quote!(assert_eq!(request.header(#header), Some(#wire_value));))
                }
                ParamLocation::Path => None,
            }
        });
        // The constants the method always sends.
        let constants = self.operation.constants.iter().map(|c| {
            let (name, value) = (&c.wire_name, &c.value);
            match &c.location {
                ParamLocation::Header(header) => {
                    quote!(assert_eq!(request.header(#header), Some(#value));)
                }
                _ => quote!(assert_eq!(request.query(#name), Some(#value));),
            }
        });
        quote! {
            let request = server.single_request();
            assert_eq!(request.method, #method);
            assert_eq!(request.path, #path);
            assert_eq!(request.query("api-version"), Some(#api_version));
            assert_eq!(request.header("authorization"), Some(#token));
            #(#parameters)*
            #(#constants)*
            #body
        }
    }

    /// The path the example prescribes, with `replaced` giving one parameter another value.
    pub(super) fn expected_path(&self, replaced: Option<(&Param, &str)>) -> String {
        let mut path = String::new();
        for part in &self.operation.path {
            match part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Param { name, .. } | PathPart::ClientParam { name, .. } => {
                    let param = self
                        .client
                        .params
                        .iter()
                        .chain(&self.operation.params)
                        .find(|p| p.name == *name);
                    let value = match (param, replaced) {
                        (Some(param), Some((target, value))) if param.name == target.name => {
                            value.to_string()
                        }
                        (Some(param), _) => self.value(param),
                        (None, _) => String::new(),
                    };
                    path.push_str(&percent_encode(&value));
                }
            }
        }
        path
    }

    /// How to make the call with `param` set to the expression `value`.
    pub(super) fn call_with(&self, param: &Param, value: TokenStream) -> TokenStream {
        let is_client_param = self.client.params.iter().any(|p| p.name == param.name);
        if is_client_param {
            let client = type_ident(&self.client.name);
            let others = self.client.params.iter().map(|p| {
                if p.name == param.name {
                    value.clone()
                } else {
                    let v = self.value(p);
                    quote!(#v)
                }
            });
            quote!(#client::new(#(#others,)* support::credential(), Some(server.options())).map(|_| ()))
        } else {
            let invocation = self.invocation(&[(param.name.as_str(), value)]);
            self.finish(invocation)
        }
    }

    /// Runs the call to its result, discarding the value.
    pub(super) fn finish(&self, invocation: TokenStream) -> TokenStream {
        if self.operation.paging.is_some() {
            // The first page is the first request.
            return quote!(async { #invocation?.into_pages().try_next().await.map(|_| ()) }.await);
        }
        match self.operation.long_running {
            None => quote!(#invocation.await.map(|_| ())),
            Some(_) => quote!(async { #invocation?.await.map(|_| ()) }.await),
        }
    }
}

/// RFC 3986: everything but unreserved characters is percent-encoded.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
