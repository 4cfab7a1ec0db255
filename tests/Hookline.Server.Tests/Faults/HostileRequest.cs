namespace Hookline.Server.Tests.Faults;

/// <summary>Who sends a hostile request: the admin key, tenant A's app-scoped key, or no valid key.</summary>
public enum HostileCaller
{
    Admin,
    TenantA,
    Nobody,
}

/// <summary>One malformed or hostile API request and what its answer is allowed to be.</summary>
public sealed record HostileRequest(string Category, string Label, string Method, string Path)
{
    public byte[]? Body { get; init; }
    public string? ContentType { get; init; } = "application/json";
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public HostileCaller Caller { get; init; } = HostileCaller.Admin;

    /// <summary>Exact bytes of the whole request, sent over a socket (then the fields above are only a description).</summary>
    public byte[]? Raw { get; init; }

    /// <summary>Close our sending side after the raw bytes, so a body shorter than announced ends instead of stalling.</summary>
    public bool HalfClose { get; init; }

    /// <summary>The census row this request adds when it is answered 2xx (e.g. <c>messages:A</c>); null when it adds none.</summary>
    public string? Creates { get; init; }

    /// <summary>Must be refused (4xx): forbidden targets, another tenant's resources, admin-only routes with a scoped key.</summary>
    public bool MustReject { get; init; }

    /// <summary>Made with tenant A's key about tenant B: even a 2xx answer must not name anything of B.</summary>
    public bool CrossTenant { get; init; }

    /// <summary>The field a refusal must name (in its detail or its <c>errors</c>); null when any refusal will do.</summary>
    public string? Field { get; init; }

    /// <summary>The server may close the connection instead of answering (a body far beyond the request size limit, broken framing).</summary>
    public bool MayDropConnection { get; init; }

    public override string ToString() => $"[{Category}] {Method} {Path} — {Label}";
}
