using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Client;

/// <summary>Every v1 route the server describes has a client method, so a new route without one fails here.</summary>
public sealed class RouteCensusTests : IAsyncLifetime
{
    private const string App = "/api/v1/apps/{app}";

    /// <summary>Each operation of the OpenAPI document → the client method that calls it (resource property . method).</summary>
    private static readonly Dictionary<string, string> Covered = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/apps"] = "Apps.CreateAsync",
        ["GET /api/v1/apps"] = "Apps.ListAsync",
        [$"GET {App}"] = "Apps.GetAsync",
        [$"PATCH {App}"] = "Apps.UpdateAsync",
        [$"DELETE {App}"] = "Apps.DeleteAsync",
        ["POST /api/v1/event-types"] = "EventTypes.CreateAsync",
        ["GET /api/v1/event-types"] = "EventTypes.ListAsync",
        ["GET /api/v1/event-types/{name}"] = "EventTypes.GetAsync",
        ["PATCH /api/v1/event-types/{name}"] = "EventTypes.UpdateAsync",
        ["DELETE /api/v1/event-types/{name}"] = "EventTypes.ArchiveAsync",
        [$"POST {App}/endpoints"] = "Endpoints.CreateAsync",
        [$"GET {App}/endpoints"] = "Endpoints.ListAsync",
        [$"GET {App}/endpoints/{{endpoint}}"] = "Endpoints.GetAsync",
        [$"PATCH {App}/endpoints/{{endpoint}}"] = "Endpoints.UpdateAsync",
        [$"DELETE {App}/endpoints/{{endpoint}}"] = "Endpoints.DeleteAsync",
        [$"GET {App}/endpoints/{{endpoint}}/secret"] = "Endpoints.GetSecretAsync",
        [$"POST {App}/endpoints/{{endpoint}}/secret/rotate"] = "Endpoints.RotateSecretAsync",
        [$"GET {App}/endpoints/{{endpoint}}/stats"] = "Endpoints.GetStatsAsync",
        [$"POST {App}/endpoints/{{endpoint}}/test"] = "Endpoints.SendTestAsync",
        [$"POST {App}/endpoints/{{endpoint}}/recover"] = "Endpoints.RecoverAsync",
        [$"POST {App}/messages"] = "Messages.PublishAsync",
        [$"GET {App}/messages"] = "Messages.ListAsync",
        [$"GET {App}/messages/{{message}}"] = "Messages.GetAsync",
        [$"GET {App}/messages/{{message}}/deliveries"] = "Messages.ListDeliveriesAsync",
        [$"GET {App}/deliveries"] = "Deliveries.ListAsync",
        [$"GET {App}/deliveries/{{delivery}}"] = "Deliveries.GetAsync",
        [$"POST {App}/deliveries/{{delivery}}/retry"] = "Deliveries.RetryAsync",
        [$"POST {App}/deliveries/replay"] = "Deliveries.ReplayAsync",
        [$"POST {App}/api-keys"] = "ApiKeys.CreateAsync",
        [$"GET {App}/api-keys"] = "ApiKeys.ListAsync",
        [$"DELETE {App}/api-keys/{{key}}"] = "ApiKeys.DeleteAsync",
        [$"POST {App}/sources"] = "Sources.CreateAsync",
        [$"GET {App}/sources"] = "Sources.ListAsync",
        [$"GET {App}/sources/{{source}}"] = "Sources.GetAsync",
        [$"PATCH {App}/sources/{{source}}"] = "Sources.UpdateAsync",
        [$"DELETE {App}/sources/{{source}}"] = "Sources.DeleteAsync",
        [$"GET {App}/sources/{{source}}/requests"] = "Sources.ListRequestsAsync",
        [$"POST {App}/sources/{{source}}/secret/rotate"] = "Sources.RotateSecretAsync",
        [$"GET {App}/events"] = "InboundEvents.ListAsync",
        [$"GET {App}/events/{{event}}"] = "InboundEvents.GetAsync",
        [$"POST {App}/templates"] = "Templates.CreateAsync",
        [$"GET {App}/templates"] = "Templates.ListAsync",
        [$"POST {App}/templates/test"] = "Templates.TestDraftAsync",
        [$"GET {App}/templates/{{template}}"] = "Templates.GetAsync",
        [$"PATCH {App}/templates/{{template}}"] = "Templates.UpdateAsync",
        [$"DELETE {App}/templates/{{template}}"] = "Templates.DeleteAsync",
        [$"GET {App}/templates/{{template}}/versions"] = "Templates.ListVersionsAsync",
        [$"GET {App}/templates/{{template}}/versions/{{version}}"] = "Templates.GetVersionAsync",
        [$"POST {App}/templates/{{template}}/rollback"] = "Templates.RollbackAsync",
        [$"POST {App}/templates/{{template}}/test"] = "Templates.TestAsync",
        [$"GET {App}/analytics/overview"] = "Analytics.GetOverviewAsync",
        [$"GET {App}/analytics/trends"] = "Analytics.GetTrendsAsync",
        [$"POST {App}/alert-rules"] = "AlertRules.CreateAsync",
        [$"GET {App}/alert-rules"] = "AlertRules.ListAsync",
        [$"GET {App}/alert-rules/{{rule}}"] = "AlertRules.GetAsync",
        [$"PATCH {App}/alert-rules/{{rule}}"] = "AlertRules.UpdateAsync",
        [$"DELETE {App}/alert-rules/{{rule}}"] = "AlertRules.DeleteAsync",
        [$"GET {App}/exports/messages.csv"] = "Exports.OpenMessagesAsync",
        [$"GET {App}/exports/messages.json"] = "Exports.OpenMessagesAsync",
        [$"GET {App}/exports/deliveries.csv"] = "Exports.OpenDeliveriesAsync",
        [$"GET {App}/exports/deliveries.json"] = "Exports.OpenDeliveriesAsync",
        ["GET /api/v1/exports"] = "Exports.ListAsync",
        ["GET /api/v1/audit-log"] = "AuditLog.ListAsync",
        [$"POST {App}/portal-links"] = "PortalLinks.CreateAsync",
    };

    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task EveryV1Route_InTheOpenApiDocument_HasAClientMethod()
    {
        var document = JsonDocument.Parse(await _server.Host.Admin.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            // Route constraints ({version:int}) are not part of the path a caller writes.
            var template = Regex.Replace(path.Name.TrimEnd('/'), @"\{(\w+):[^}]+\}", "{$1}");
            operations.AddRange(path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {template}"));
        }

        operations.Except(Covered.Keys).ShouldBeEmpty("routes of the server without a client method");
        Covered.Keys.Except(operations).ShouldBeEmpty("client entries for routes the server no longer has");
        foreach (var (operation, call) in Covered)
        {
            var (resource, method) = (call.Split('.')[0], call.Split('.')[1]);
            var property = typeof(HooklineClient).GetProperty(resource, BindingFlags.Public | BindingFlags.Instance);
            property.ShouldNotBeNull($"{operation}: HooklineClient.{resource}");
            property.PropertyType.GetMethods(BindingFlags.Public | BindingFlags.Instance).ShouldContain(m => m.Name == method, $"{operation}: {call}");
        }
    }
}
