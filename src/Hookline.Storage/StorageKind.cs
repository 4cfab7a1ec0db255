namespace Hookline.Storage;

/// <summary>The stores Hookline runs on, named in <c>Hookline:Storage</c> as <c>sqlite</c> or <c>postgres</c>.</summary>
public enum StorageKind
{
    Sqlite,
    Postgres,
}

public static class StorageKinds
{
    /// <summary>The name the setting takes, as the documentation writes it.</summary>
    public static string SettingName(this StorageKind kind) => kind switch
    {
        StorageKind.Sqlite => "sqlite",
        StorageKind.Postgres => "postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Reads the setting's value; anything else is refused naming the setting and the values it takes.</summary>
    public static StorageKind Parse(string? value)
    {
        foreach (var kind in Enum.GetValues<StorageKind>())
        {
            if (string.Equals(value, kind.SettingName(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        throw new InvalidOperationException(
            $"Hookline:Storage '{value}' is not one of: {string.Join(", ", Enum.GetValues<StorageKind>().Select(k => k.SettingName()))}");
    }
}
