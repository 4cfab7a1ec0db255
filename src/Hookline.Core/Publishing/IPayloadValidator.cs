using System.Text.Json;
using Hookline.Core.Validation;

namespace Hookline.Core.Publishing;

/// <summary>Checks a payload against what its event type declares (a JSON Schema); errors go into <paramref name="errors"/>.</summary>
public interface IPayloadValidator
{
    ValueTask ValidateAsync(string eventType, JsonElement payload, Validator errors, CancellationToken ct);
}

/// <summary>Accepts every payload.</summary>
public sealed class NoPayloadValidation : IPayloadValidator
{
    public static readonly NoPayloadValidation Instance = new();

    public ValueTask ValidateAsync(string eventType, JsonElement payload, Validator errors, CancellationToken ct) => ValueTask.CompletedTask;
}
