using Hookline.Storage;

namespace Hookline.Server.Hosting;

/// <summary>The <c>Hookline</c> configuration section. Every option documents its default.</summary>
public sealed class HooklineOptions
{
    public const string Section = "Hookline";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Storage { get; set; } = StorageKind.Sqlite.SettingName();

    /// <summary><see cref="Storage"/> read once; an unknown name is refused naming the setting.</summary>
    public StorageKind StorageKind => StorageKinds.Parse(Storage);

    /// <summary>Connection string of the chosen store. Default for SQLite: <c>Data Source={DataDirectory}/hookline.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file and the encryption key live. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The bootstrap admin key. When unset, one is generated on first start and printed once.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Base64 of a 32-byte key that encrypts endpoint secrets at rest. Default: a key file in the data directory (generated on first start). Nodes sharing a database must share this key.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Allow deliveries to loopback, private, link-local and similar addresses. Default false.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>CIDR ranges allowed as delivery targets even when private (e.g. <c>10.1.0.0/16</c>). Default none.</summary>
    public List<string> AllowedCidrs { get; set; } = [];

    /// <summary>Refuse plain-http endpoint URLs. Default false.</summary>
    public bool HttpsOnly { get; set; }

    /// <summary>Largest accepted message payload in bytes. Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>This node's name on the leases it takes. Default: <c>local</c> on SQLite (one process owns the file), host name + process id on PostgreSQL.</summary>
    public string? NodeId { get; set; }

    /// <summary>SQLite <c>synchronous</c> setting: <c>FULL</c> (default, survives power loss) or <c>NORMAL</c> (survives process crashes, faster).</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>Run the delivery engine in this process. Default true; set false for API-only nodes.</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>Serve the management API in this process. Default true; set false for worker-only nodes.</summary>
    public bool RunApi { get; set; } = true;

    /// <summary>
    /// Id or uid of the app that operational events (endpoint.*, message.attempt.*) are published into.
    /// Default unset: no operational events.
    /// </summary>
    public string? OperationsApp { get; set; }

    public string ResolvedConnectionString => StorageKind switch
    {
        StorageKind.Sqlite => ConnectionString ?? $"Data Source={Path.Combine(DataDirectory, "hookline.db")}",
        _ => ConnectionString ?? throw new InvalidOperationException("Hookline:ConnectionString is required for the postgres store"),
    };
}
