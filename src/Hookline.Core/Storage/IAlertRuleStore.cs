using Hookline.Core.Alerts;
using Hookline.Core.Paging;

namespace Hookline.Core.Storage;

public interface IAlertRuleStore
{
    Task CreateAsync(AlertRule rule, CancellationToken ct = default);
    Task<AlertRule?> GetAsync(string appId, string id, CancellationToken ct = default);
    Task<Page<AlertRule>> ListAsync(string appId, PageRequest page, CancellationToken ct = default);
    /// <summary>Every rule of every app, for the evaluator.</summary>
    Task<IReadOnlyList<AlertRule>> ListAllAsync(CancellationToken ct = default);
    Task UpdateAsync(AlertRule rule, CancellationToken ct = default);
    /// <summary>Saves the outcome of an evaluation without touching the rule's definition.</summary>
    Task SaveStateAsync(string id, string state, double? value, DateTimeOffset evaluatedAt, DateTimeOffset? changedAt, CancellationToken ct = default);
    Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default);
    /// <summary>Unfinished deliveries (pending, sending, failed) of the app, or of one of its endpoints.</summary>
    Task<long> BacklogAsync(string appId, string? endpointId, CancellationToken ct = default);
}
