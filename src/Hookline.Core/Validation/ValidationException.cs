namespace Hookline.Core.Validation;

/// <summary>Input that breaks a rule: field → what is wrong with it. The API answers it with 422.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors) : Exception(Describe(errors))
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    private static string Describe(IDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
