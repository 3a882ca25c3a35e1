//! Client construction: endpoint and token scope per cloud, and the azure_core pipeline.

use azure_core::cloud::CloudConfiguration;
use azure_core::credentials::TokenCredential;
use azure_core::error::{Error, ErrorKind};
use azure_core::http::policies::Policy;
use azure_core::http::policies::auth::BearerTokenAuthorizationPolicy;
use azure_core::http::{
    ClientOptions, Context, Method, Pipeline, PipelineStreamOptions, RawResponse, Request, Url,
};
use std::sync::Arc;

/// Options shared by every client of this crate.
#[derive(Clone, Debug, Default)]
pub struct ArmClientOptions {
    /// Where requests go, an https URL. Default: the Resource Manager endpoint of
    /// `client_options.cloud` (`https://management.azure.com` when no cloud is set). The token
    /// scope always follows the cloud, so set the cloud, not only the endpoint, for Azure China
    /// or US Government. A custom cloud's default endpoint is its [`ResourceManagerAudience`];
    /// set this too where the two differ (Azure Stack Hub, for example).
    pub endpoint: Option<Url>,
    /// The api-version to send. Default: the one the client's module was generated for.
    pub api_version: Option<String>,
    /// azure_core options: retry, transport, user agent, cloud, extra policies.
    pub client_options: ClientOptions,
    /// The largest response body the client reads, in bytes. Default:
    /// [`DEFAULT_MAX_RESPONSE_BODY`](super::DEFAULT_MAX_RESPONSE_BODY) (64 MiB). A larger body
    /// is refused with a [`ResponseTooLarge`](super::ResponseTooLarge) error, before any of it
    /// is read when its `Content-Length` says so.
    pub max_response_body: Option<usize>,
}

/// Key of the Resource Manager audience in a custom cloud's
/// [`Audiences`](azure_core::cloud::Audiences), e.g. `https://management.contoso.local`.
#[derive(Debug)]
pub struct ResourceManagerAudience;

/// What every generated client holds: endpoint, api-version and pipeline.
#[derive(Clone, Debug)]
pub(crate) struct ClientCore {
    endpoint: Url,
    api_version: String,
    pipeline: Pipeline,
}

impl ClientCore {
    pub(crate) fn new(
        credential: Arc<dyn TokenCredential>,
        options: Option<ArmClientOptions>,
        default_api_version: &str,
    ) -> azure_core::Result<Self> {
        let options = options.unwrap_or_default();
        let (cloud_endpoint, audience) = resource_manager(options.client_options.cloud.as_deref())?;
        let endpoint = match options.endpoint {
            Some(endpoint) => endpoint,
            None => Url::parse(&cloud_endpoint)?,
        };
        // azure_core's bearer policy sends tokens over https only; say so now, not at the first call.
        if endpoint.scheme() != "https" || endpoint.host_str().is_none() {
            return Err(Error::with_message(
                ErrorKind::DataConversion,
                format!("endpoint {endpoint} is not an absolute https URL"),
            ));
        }
        let scope = format!("{}/.default", audience.trim_end_matches('/'));
        let auth: Arc<dyn Policy> =
            Arc::new(BearerTokenAuthorizationPolicy::new(credential, [scope]));
        // Per try, so that the retry policy reads the capped wait.
        let cap_wait: Arc<dyn Policy> = Arc::new(super::waits::CapServiceWait);
        // Last before the transport, so that it reads the body on each try.
        let read_body: Arc<dyn Policy> = Arc::new(super::body::ReadBody {
            limit: options
                .max_response_body
                .unwrap_or(super::DEFAULT_MAX_RESPONSE_BODY),
        });
        let pipeline = Pipeline::new(
            option_env!("CARGO_PKG_NAME"),
            option_env!("CARGO_PKG_VERSION"),
            options.client_options,
            Vec::new(),
            vec![cap_wait, auth, read_body],
            None,
        );
        Ok(ClientCore {
            endpoint,
            api_version: options
                .api_version
                .unwrap_or_else(|| default_api_version.to_string()),
            pipeline,
        })
    }

    pub(crate) fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    /// The api-version every request of this client sends.
    pub(crate) fn api_version(&self) -> &str {
        &self.api_version
    }

    /// A request to `path` (already percent-encoded) under the endpoint, with `api-version`.
    pub(crate) fn request(&self, method: Method, path: &str) -> azure_core::Result<Request> {
        self.request_at_version(method, path, &self.api_version)
    }

    /// A request of an operation whose spec fixes its own api-version, which no client option
    /// overrides.
    // Emitted only for specs with such operations.
    #[allow(dead_code)]
    pub(crate) fn request_at_version(
        &self,
        method: Method,
        path: &str,
        api_version: &str,
    ) -> azure_core::Result<Request> {
        let mut url = self.endpoint.clone();
        let base = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base}{path}"));
        url.query_pairs_mut()
            .append_pair("api-version", api_version);
        Ok(Request::new(url, method))
    }

    /// Sends `request`; every status comes back as a response, for the caller to map.
    pub(crate) async fn send(
        &self,
        context: &Context<'_>,
        request: &mut Request,
    ) -> azure_core::Result<RawResponse> {
        let options = PipelineStreamOptions {
            skip_checks: true,
            ..Default::default()
        };
        // `stream`, not `send`: `send` has the transport read the whole body before any policy
        // sees it, which would leave `ReadBody` nothing to limit. `ReadBody` has read it.
        self.pipeline
            .stream(context, request, Some(options))
            .await
            .map_err(super::body::unwrapped)?
            .try_into_raw_response()
            .await
    }
}

/// Resource Manager endpoint and token audience of a cloud.
fn resource_manager(cloud: Option<&CloudConfiguration>) -> azure_core::Result<(String, String)> {
    let known = |url: &str| Ok((url.to_string(), url.to_string()));
    match cloud {
        None | Some(CloudConfiguration::AzurePublic) => known("https://management.azure.com"),
        Some(CloudConfiguration::AzureChina) => known("https://management.chinacloudapi.cn"),
        Some(CloudConfiguration::AzureGovernment) => known("https://management.usgovcloudapi.net"),
        Some(CloudConfiguration::Custom(custom)) => {
            match custom.audiences.get::<ResourceManagerAudience>() {
                Some(audience) => known(audience),
                None => Err(Error::with_message(
                    ErrorKind::Credential,
                    "the custom cloud has no Resource Manager audience; add one keyed by ResourceManagerAudience",
                )),
            }
        }
        Some(other) => Err(Error::with_message(
            ErrorKind::Credential,
            format!("no Resource Manager endpoint is known for cloud {other:?}"),
        )),
    }
}
