using System.Security.Cryptography;
using System.Text;

namespace Hookline.Server.Tests.Support;

/// <summary>Checks a Standard Webhooks signature the way a receiver would, from the spec, independent of Hookline's signer.</summary>
public static class StandardWebhooksSignature
{
    public static bool Verifies(string secret, ReceivedRequest request)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = $"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
        return request.Headers["webhook-signature"].Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }
}
