using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hookline.Storage;

/// <summary>How documents (endpoint config, metadata, lists) are stored in text columns.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException("stored document is null");
}
