using Hookline.Core.Deliveries;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>
/// What an engine completion writes: each attempt's row and its delivery's new state, the delivery
/// update guarded by its lease owner (a completion whose lease was taken over meanwhile changes
/// nothing, and its attempt row stays as a fact). One rule in two forms: where the dialect takes
/// arrays (PostgreSQL) each statement runs once over one array per column, read back as rows with
/// <c>unnest</c>; elsewhere once per outcome. Both forms name the same columns in the same order.
/// </summary>
internal static class CompletionWrites
{
    private const string AttemptInsert =
        $"INSERT INTO attempts ({AttemptRow.Columns}) VALUES (@id, @delivery_id, @number, @started_at, @duration_ms, @url, @status_code, @response_body, @error, @error_class, @attempt_trigger)";

    private const string AttemptInsertFromArrays = $"""
        INSERT INTO attempts ({AttemptRow.Columns})
        SELECT * FROM unnest(@id::text[], @delivery_id::text[], @number::bigint[], @started_at::bigint[], @duration_ms::bigint[], @url::text[],
                             @status_code::bigint[], @response_body::text[], @error::text[], @error_class::text[], @attempt_trigger::text[])
        """;

    /// <summary>One delivery's outcome, guarded by <see cref="DeliveryQueue.OwnedBy"/> so it stays a primary-key update.</summary>
    internal const string CompleteSql = $"""
        UPDATE deliveries SET status = @status, attempt_count = @number, round_start = round_start + @waited, next_attempt_at = @next, due_at = @due,
               lease_owner = NULL, last_status_code = @code, last_error = @error, next_trigger = 'scheduled', updated_at = @now
        WHERE id = @id AND {DeliveryQueue.OwnedBy}
        """;

    /// <summary><see cref="CompleteSql"/> over arrays: a primary-key lookup per row, the owner guard kept off every index likewise.</summary>
    internal const string CompleteFromArraysSql = """
        UPDATE deliveries AS d SET status = u.status, attempt_count = u.attempt, round_start = d.round_start + u.waited, next_attempt_at = u.next_at,
               due_at = u.due, lease_owner = NULL, last_status_code = u.code, last_error = u.error, next_trigger = 'scheduled', updated_at = u.at
        FROM unnest(@id::text[], @owner::text[], @status::text[], @number::bigint[], @next::bigint[], @due::bigint[], @code::bigint[],
                    @error::text[], @now::bigint[], @waited::bigint[]) AS u(id, owner, status, attempt, next_at, due, code, error, at, waited)
        WHERE d.id = u.id AND COALESCE(d.lease_owner, '') = u.owner
        """;

    /// <summary>Adds the completion of <paramref name="outcomes"/> to <paramref name="batch"/>, in the form the dialect runs best.</summary>
    public static StatementBatch Add(StatementBatch batch, ISqlDialect dialect, IReadOnlyList<DeliveryOutcome> outcomes) =>
        dialect.TakesArrays
            ? batch.AddOnce(AttemptInsertFromArrays, Arrays(AttemptColumns, outcomes)).AddOnce(CompleteFromArraysSql, Arrays(DeliveryColumns, outcomes))
            : batch.Add(AttemptInsert, outcomes, AttemptValues).Add(CompleteSql, outcomes, DeliveryValues);

    private static (string Name, object? Value)[] Arrays(Column[] columns, IReadOnlyList<DeliveryOutcome> outcomes) =>
        [.. columns.Select(c => (c.Name, c.Text
            ? (object)outcomes.Select(o => (string?)c.Value(o)).ToArray()
            : outcomes.Select(o => (long?)c.Value(o)).ToArray()))];

    /// <summary>A column's parameter: its name, whether it is text (else a 64-bit integer), and its value for an outcome.</summary>
    private sealed record Column(string Name, bool Text, Func<DeliveryOutcome, object?> Value);

    private static readonly Column[] AttemptColumns =
    [
        new("id", true, o => o.Attempt.Id),
        new("delivery_id", true, o => o.Attempt.DeliveryId),
        new("number", false, o => (long)o.Attempt.AttemptNumber),
        new("started_at", false, o => o.Attempt.StartedAt.ToMs()),
        new("duration_ms", false, o => (long)o.Attempt.DurationMs),
        new("url", true, o => o.Attempt.Url),
        new("status_code", false, o => (long?)o.Attempt.StatusCode),
        new("response_body", true, o => o.Attempt.ResponseBody),
        new("error", true, o => o.Attempt.Error),
        new("error_class", true, o => o.Attempt.ErrorClass),
        new("attempt_trigger", true, o => o.Attempt.Trigger),
    ];

    private static readonly Column[] DeliveryColumns =
    [
        new("id", true, o => o.DeliveryId),
        new("owner", true, o => o.Owner),
        new("status", true, o => o.NewStatus.ToWire()),
        new("number", false, o => (long)o.Attempt.AttemptNumber),
        new("next", false, o => o.NextAttemptAt.ToMs()),
        new("due", false, o => o.NewStatus == DeliveryStatus.Failed ? o.NextAttemptAt.ToMs() : null),
        new("code", false, o => (long?)o.Attempt.StatusCode),
        new("error", true, o => o.Attempt.Error),
        new("now", false, o => o.UpdatedAt.ToMs()),
        new("waited", false, o => o.RateLimitWaited ? 1L : 0L),
    ];

    private static readonly (string, Func<DeliveryOutcome, object?>)[] AttemptValues = [.. AttemptColumns.Select(c => (c.Name, c.Value))];

    private static readonly (string, Func<DeliveryOutcome, object?>)[] DeliveryValues = [.. DeliveryColumns.Select(c => (c.Name, c.Value))];
}
