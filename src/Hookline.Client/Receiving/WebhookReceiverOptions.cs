using Hookline.Signing;

namespace Hookline.Client.Receiving;

public sealed class WebhookReceiverOptions
{
    /// <summary>The endpoint's <c>signature_scheme</c>. Default <c>standard-webhooks</c>.</summary>
    public string Scheme { get; set; } = SignatureSchemes.StandardWebhooks;

    /// <summary>
    /// What the endpoint's <c>GET …/secret</c> shows: the <c>whsec_</c> (or chosen) secret, or the
    /// <c>whpk_</c> public key for ed25519. Several are accepted at once, for the time of a rotation.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far the signed time may be from the receiver's clock. Default 5 minutes.</summary>
    public TimeSpan Tolerance { get; set; } = WebhookVerifier.DefaultTolerance;

    /// <summary>Where handled <c>webhook-id</c>s are remembered; in memory by default, null turns de-duplication off.</summary>
    public IWebhookIdStore? IdStore { get; set; } = new InMemoryWebhookIdStore();

    /// <summary>How long a handled id is remembered. Default 24 h (longer than the sender's retries of one message last only with a custom policy).</summary>
    public TimeSpan RememberIdsFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest body read; bigger ones are refused with 413. Default 2 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The receiver's clock; the system clock when null.</summary>
    public TimeProvider? Clock { get; set; }
}
