using System.Globalization;
using Dapper;
using Hookline.Core.Alerts;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class AlertRuleStore(Db db) : IAlertRuleStore
{
    private const string Columns = "id, app_id, metric, threshold, period_seconds, endpoint_id, state, last_value, evaluated_at, changed_at, created_at, updated_at";

    public Task CreateAsync(AlertRule rule, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO alert_rules ({Columns}) VALUES (@Id, @AppId, @Metric, @Threshold, @PeriodSeconds, @EndpointId, @State, @LastValue, @EvaluatedAt, @ChangedAt, @CreatedAt, @UpdatedAt)",
            Row.From(rule), t), ct);

    public Task<AlertRule?> GetAsync(string appId, string id, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM alert_rules WHERE id = @id AND app_id = @appId", new { id, appId }).ConfigureAwait(false))?.ToRule(), ct);

    public Task<Page<AlertRule>> ListAsync(string appId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<Row>(
                $"SELECT {Columns} FROM alert_rules WHERE app_id = @appId AND (@after IS NULL OR id < @after) ORDER BY id DESC LIMIT @take OFFSET @offset",
                new { appId, after = page.After, take = (long)page.Limit + 1, offset = (long)page.Offset }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToRule()).ToList(), page.Limit, r => r.Id);
        }, ct);

    public Task<IReadOnlyList<AlertRule>> ListAllAsync(CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<AlertRule>>(async c => (await c.QueryAsync<Row>(
            $"SELECT {Columns} FROM alert_rules ORDER BY id").ConfigureAwait(false)).Select(r => r.ToRule()).ToList(), ct);

    public Task UpdateAsync(AlertRule rule, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            """
            UPDATE alert_rules SET metric = @Metric, threshold = @Threshold, period_seconds = @PeriodSeconds, endpoint_id = @EndpointId,
                   state = @State, last_value = @LastValue, evaluated_at = @EvaluatedAt, changed_at = @ChangedAt, updated_at = @UpdatedAt
            WHERE id = @Id AND app_id = @AppId
            """,
            Row.From(rule), t), ct);

    public Task SaveStateAsync(string id, string state, double? value, DateTimeOffset evaluatedAt, DateTimeOffset? changedAt, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE alert_rules SET state = @state, last_value = @value, evaluated_at = @evaluatedAt, changed_at = COALESCE(@changedAt, changed_at) WHERE id = @id",
            new { id, state, value = Row.Text(value), evaluatedAt = evaluatedAt.ToMs(), changedAt = changedAt.ToMs() }, t), ct);

    public Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            "DELETE FROM alert_rules WHERE id = @id AND app_id = @appId", new { id, appId }, t).ConfigureAwait(false) > 0, ct);

    public Task<long> BacklogAsync(string appId, string? endpointId, CancellationToken ct = default) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            endpointId is null
                ? $"SELECT COUNT(*) FROM deliveries WHERE app_id = @appId AND status IN {StatusSql.Unfinished}"
                : $"SELECT COUNT(*) FROM deliveries WHERE endpoint_id = @endpointId AND app_id = @appId AND status IN {StatusSql.Unfinished}",
            new { appId, endpointId }), ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Metric { get; set; } = "";
        public string Threshold { get; set; } = "0";
        public long PeriodSeconds { get; set; }
        public string? EndpointId { get; set; }
        public string State { get; set; } = AlertStates.Ok;
        public string? LastValue { get; set; }
        public long? EvaluatedAt { get; set; }
        public long? ChangedAt { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        // Numbers are kept as invariant text: the schema sticks to types both databases read alike.
        public static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

        public static Row From(AlertRule r) => new()
        {
            Id = r.Id,
            AppId = r.AppId,
            Metric = r.Metric,
            Threshold = Text(r.Threshold)!,
            PeriodSeconds = (long)r.Period.TotalSeconds,
            EndpointId = r.EndpointId,
            State = r.State,
            LastValue = Text(r.LastValue),
            EvaluatedAt = r.EvaluatedAt.ToMs(),
            ChangedAt = r.ChangedAt.ToMs(),
            CreatedAt = r.CreatedAt.ToMs(),
            UpdatedAt = r.UpdatedAt.ToMs(),
        };

        public AlertRule ToRule() => new()
        {
            Id = Id,
            AppId = AppId,
            Metric = Metric,
            Threshold = double.Parse(Threshold, CultureInfo.InvariantCulture),
            Period = TimeSpan.FromSeconds(PeriodSeconds),
            EndpointId = EndpointId,
            State = State,
            LastValue = LastValue is null ? null : double.Parse(LastValue, CultureInfo.InvariantCulture),
            EvaluatedAt = Time.FromMs(EvaluatedAt),
            ChangedAt = Time.FromMs(ChangedAt),
            CreatedAt = Time.FromMs(CreatedAt),
            UpdatedAt = Time.FromMs(UpdatedAt),
        };
    }
}
