using System.Collections.Concurrent;
using System.Text.Json;
using Hookline.Core.Publishing;
using Hookline.Core.Storage;
using Hookline.Core.Validation;

namespace Hookline.Core.Schemas;

/// <summary>
/// The publisher's payload hook: a payload whose event type carries a schema must conform, or the
/// publish is refused with one error per problem, named <c>payload</c> + its JSON pointer
/// (<c>payload/lead/score</c>). Event types are read at most once per <see cref="EventTypeTtl"/> per node.
/// </summary>
public sealed class SchemaPayloadValidator(IHooklineStore store, EventSchemaCompiler compiler, TimeProvider clock) : IPayloadValidator
{
    public static readonly TimeSpan EventTypeTtl = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (string? Schema, DateTimeOffset Until)> _schemas = new(StringComparer.Ordinal);

    public async ValueTask ValidateAsync(string eventType, JsonElement payload, Validator errors, CancellationToken ct)
    {
        if (await SchemaAsync(eventType, ct).ConfigureAwait(false) is not { } schema)
        {
            return;
        }
        foreach (var error in compiler.Validate(schema, payload))
        {
            errors.Add("payload" + error.Pointer, $"at {(error.Pointer.Length == 0 ? "/" : error.Pointer)}: {error.Message}");
        }
    }

    /// <summary>Drops what this node remembers of an event type, after its schema changed here.</summary>
    public void Forget(string eventType) => _schemas.TryRemove(eventType, out _);

    private async ValueTask<string?> SchemaAsync(string eventType, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_schemas.TryGetValue(eventType, out var cached) && cached.Until > now)
        {
            return cached.Schema;
        }
        var found = await store.EventTypes.GetAsync(eventType, ct).ConfigureAwait(false);
        var schema = found is { Archived: false } ? found.Schema : null;
        if (_schemas.Count >= EventSchemaCompiler.MaxEntries)
        {
            _schemas.Clear();
        }
        _schemas[eventType] = (schema, now + EventTypeTtl);
        return schema;
    }
}
