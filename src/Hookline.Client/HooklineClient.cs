using System.Net.Http.Headers;
using Hookline.Client.Resources;

namespace Hookline.Client;

/// <summary>
/// Typed client of the Hookline v1 API. Lists are <see cref="IAsyncEnumerable{T}"/> that page on
/// demand; refusals are <see cref="HooklineApiException"/>s with the server's field errors;
/// 429 and 5xx answers are retried, POSTs under one idempotency key per call.
/// </summary>
public sealed class HooklineClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public HooklineClient(Uri baseAddress, string? apiKey)
        : this(new HooklineClientOptions { BaseAddress = baseAddress, ApiKey = apiKey })
    {
    }

    public HooklineClient(HooklineClientOptions options)
        : this(new HttpClient { Timeout = options.Timeout }, options, ownsHttp: true)
    {
    }

    /// <summary>Uses a caller's <see cref="HttpClient"/> (from <c>IHttpClientFactory</c>, say); its base address and auth header are set from <paramref name="options"/>.</summary>
    public HooklineClient(HttpClient http, HooklineClientOptions options)
        : this(http, options, ownsHttp: false)
    {
    }

    private HooklineClient(HttpClient http, HooklineClientOptions options, bool ownsHttp)
    {
        _http = http;
        _ownsHttp = ownsHttp;
        // Relative paths resolve under the base address, so a server behind a path prefix works too.
        var text = options.BaseAddress.ToString();
        http.BaseAddress = new Uri(text.EndsWith('/') ? text : text + "/");
        if (options.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
        http.DefaultRequestHeaders.UserAgent.ParseAdd($"Hookline.Client/{typeof(HooklineClient).Assembly.GetName().Version?.ToString(3) ?? "0"}");
        var api = new ApiConnection(http, options);
        Apps = new AppsClient(api);
        EventTypes = new EventTypesClient(api);
        Endpoints = new EndpointsClient(api);
        Messages = new MessagesClient(api);
        Deliveries = new DeliveriesClient(api);
        ApiKeys = new ApiKeysClient(api);
        Sources = new SourcesClient(api);
        InboundEvents = new InboundEventsClient(api);
        Templates = new TemplatesClient(api);
        Analytics = new AnalyticsClient(api);
        AlertRules = new AlertRulesClient(api);
        Exports = new ExportsClient(api);
        AuditLog = new AuditLogClient(api);
        PortalLinks = new PortalLinksClient(api);
    }

    public AppsClient Apps { get; }
    public EventTypesClient EventTypes { get; }
    public EndpointsClient Endpoints { get; }
    public MessagesClient Messages { get; }
    public DeliveriesClient Deliveries { get; }
    public ApiKeysClient ApiKeys { get; }
    public SourcesClient Sources { get; }
    /// <summary>Normalized events received by the app's sources.</summary>
    public InboundEventsClient InboundEvents { get; }
    public TemplatesClient Templates { get; }
    public AnalyticsClient Analytics { get; }
    public AlertRulesClient AlertRules { get; }
    public ExportsClient Exports { get; }
    public AuditLogClient AuditLog { get; }
    public PortalLinksClient PortalLinks { get; }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
