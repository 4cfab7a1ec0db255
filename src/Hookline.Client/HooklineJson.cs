using System.Text.Json;

namespace Hookline.Client;

/// <summary>The JSON settings of the API (snake_case names, nulls left out), for callers that print or store its objects.</summary>
public static class HooklineJson
{
    public static JsonSerializerOptions Options => ApiConnection.Json;
}
