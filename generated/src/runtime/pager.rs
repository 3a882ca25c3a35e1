//! ARM paging (`x-ms-pageable`) on azure_core's `Pager`.
//!
//! The method's own request fetches the first page. Each later page is a GET of the previous
//! page's next link (the property the spec's `nextLinkName` names), with the operation's
//! api-version (the client's, unless the spec fixes the operation's own) put in place of
//! whatever the link carries, so every page is read at the version the models were generated
//! for. A next link must be on the client's endpoint, as a poll URL must: the bearer token
//! never leaves it. A list without a next-link property is one page, and so is a page whose
//! next link is absent, `null` or empty. A page whose next link is that page again is an error,
//! not an endless loop.
//!
//! Resuming works through azure_core: a `PagerOptions::continuation` taken from another pager
//! starts this one at that link, under the same checks.

use super::client::ClientCore;
use super::error::{ServiceError, check_same_origin, http_error};
use azure_core::error::{Error, ErrorKind};
use azure_core::http::headers;
use azure_core::http::pager::{
    Page, PagerContinuation, PagerOptions, PagerResult, PagerResultFuture, PagerState,
};
use azure_core::http::{Method, Pager, Request, Response, Url};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;

/// How one pageable operation pages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PagingRules {
    /// The page property holding the next page's URL; `None` when every list is one page.
    pub(crate) next_link_name: Option<&'static str>,
    /// Statuses the spec documents for a page.
    pub(crate) statuses: &'static [u16],
    /// The operation's own api-version, when its spec fixes one; otherwise the client's.
    pub(crate) api_version: Option<&'static str>,
}

/// A `Pager` over the pages of `P`, starting with `first`.
///
/// `E` is the module's service error, for any status the spec does not document. `options`
/// are the caller's: the context, and the continuation to resume from.
pub(crate) fn pager<P, E>(
    core: ClientCore,
    first: Request,
    rules: PagingRules,
    options: PagerOptions<'_>,
) -> Pager<P>
where
    P: Page + DeserializeOwned + Send + 'static,
    E: ServiceError,
{
    Pager::new(
        move |state: PagerState,
              options: PagerOptions<'static>|
              -> PagerResultFuture<Response<P>> {
            let core = core.clone();
            let first = first.clone();
            Box::pin(async move {
                let mut request = match state {
                    PagerState::Initial => first,
                    PagerState::More(continuation) => {
                        next_page(&core, &first, continuation, rules.api_version)?
                    }
                };
                let response = core.send(&options.context, &mut request).await?;
                if !rules.statuses.contains(&u16::from(response.status())) {
                    return Err(http_error::<E>(response));
                }
                let next = match rules.next_link_name {
                    Some(name) => next_link(request.url(), response.body(), name)?,
                    None => None,
                };
                if let Some(link) = next.as_ref().filter(|link| same_page(link, request.url())) {
                    return Err(Error::with_message(
                        ErrorKind::DataConversion,
                        format!(
                            "the next link {link} is the page just read; paging would never end"
                        ),
                    ));
                }
                let response: Response<P> = response.into();
                Ok(match next {
                    Some(link) => PagerResult::More {
                        response,
                        continuation: PagerContinuation::Link(link),
                    },
                    None => PagerResult::Done { response },
                })
            })
        },
        Some(PagerOptions {
            context: options.context.into_owned(),
            continuation: options.continuation,
        }),
    )
}

/// The GET of a next link: on the endpoint, with the operation's api-version (its own, else the
/// client's), and with the first request's headers (a next link carries only the query).
fn next_page(
    core: &ClientCore,
    first: &Request,
    continuation: PagerContinuation,
    api_version: Option<&str>,
) -> azure_core::Result<Request> {
    let mut url = Url::try_from(continuation)?;
    check_same_origin(&url, core.endpoint())?;
    with_api_version(&mut url, api_version.unwrap_or(core.api_version()));
    let mut request = first.clone();
    *request.url_mut() = url;
    // A list that POSTs its query still reads its next pages with GET, without a body.
    if first.method() != Method::Get {
        request.set_method(Method::Get);
        request.set_body(Vec::<u8>::new());
        request.headers_mut().remove(headers::CONTENT_TYPE);
    }
    Ok(request)
}

/// `url` with every `api-version` replaced by one, `api_version`.
pub(crate) fn with_api_version(url: &mut Url, api_version: &str) {
    let others: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("api-version"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(others)
        .append_pair("api-version", api_version);
}

/// Whether `link` addresses the page `page` (api-version and query order aside).
fn same_page(link: &Url, page: &Url) -> bool {
    let query = |url: &Url| {
        let mut pairs: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("api-version"))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        pairs.sort();
        pairs
    };
    link.origin() == page.origin() && link.path() == page.path() && query(link) == query(page)
}

/// The next link of a page, resolved against the page's own URL. Only the one property is read;
/// the page itself is parsed once, when the caller reads it.
fn next_link(page_url: &Url, body: &[u8], name: &str) -> azure_core::Result<Option<Url>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let link = NextLink(name).deserialize(&mut deserializer).map_err(|e| {
        Error::with_error(
            ErrorKind::DataConversion,
            e,
            format!(
                "the page body is not the documented JSON: {}",
                super::error::excerpt(body)
            ),
        )
    })?;
    match link.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(link) => page_url.join(link).map(Some).map_err(|e| {
            Error::with_error(
                ErrorKind::DataConversion,
                e,
                format!("the next link `{link}` the service sent is not a URL"),
            )
        }),
    }
}

/// Reads the string property `.0` of a JSON object and skips everything else.
struct NextLink<'a>(&'a str);

impl<'de> DeserializeSeed<'de> for NextLink<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for NextLink<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a page object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut link = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == self.0 {
                link = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn the_next_link_is_read_resolved_and_may_be_absent() {
        let page = url("https://management.azure.com/subscriptions/s/things?api-version=1");
        let body =
            br#"{"value":[{"nextLink":"inner"}],"nextLink":"/subscriptions/s/things?page=2"}"#;
        assert_eq!(
            next_link(&page, body, "nextLink").expect("parses"),
            Some(url(
                "https://management.azure.com/subscriptions/s/things?page=2"
            ))
        );
        for body in [
            &br#"{"value":[]}"#[..],
            br#"{"value":[],"nextLink":null}"#,
            br#"{"value":[],"nextLink":"  "}"#,
        ] {
            assert_eq!(next_link(&page, body, "nextLink").expect("parses"), None);
        }
        // Another name, as `nextLinkName` allows.
        let odata =
            br#"{"@odata.nextLink":"https://management.azure.com/x?skip=5","nextLink":"no"}"#;
        assert_eq!(
            next_link(&page, odata, "@odata.nextLink").expect("parses"),
            Some(url("https://management.azure.com/x?skip=5"))
        );
    }

    #[test]
    fn a_page_that_is_not_an_object_or_a_link_that_is_not_a_string_is_an_error() {
        let page = url("https://management.azure.com/x");
        for body in [&b"[]"[..], b"not json", br#"{"nextLink": 5}"#, b""] {
            let error = next_link(&page, body, "nextLink").expect_err("refused");
            assert_eq!(*error.kind(), ErrorKind::DataConversion, "{body:?}");
        }
    }

    #[test]
    fn a_link_to_the_same_page_is_recognised_whatever_its_api_version_and_order() {
        let page = url("https://h/x/items?api-version=1&a=1&b=2");
        assert!(same_page(
            &url("https://h/x/items?b=2&a=1&api-version=2"),
            &page
        ));
        assert!(!same_page(&url("https://h/x/items?a=1&b=3"), &page));
        assert!(!same_page(&url("https://h/x/other?a=1&b=2"), &page));
        assert!(!same_page(&url("https://g/x/items?a=1&b=2"), &page));
    }

    #[test]
    fn the_client_api_version_replaces_the_links() {
        let mut link =
            url("https://h/x?$skiptoken=a%20b&api-version=2019-01-01&API-VERSION=x&top=5");
        with_api_version(&mut link, "2024-11-01");
        let pairs: Vec<(String, String)> = link
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("$skiptoken".to_string(), "a b".to_string()),
                ("top".to_string(), "5".to_string()),
                ("api-version".to_string(), "2024-11-01".to_string()),
            ]
        );
    }
}
