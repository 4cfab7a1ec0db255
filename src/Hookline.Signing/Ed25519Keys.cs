using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Hookline.Signing;

/// <summary>
/// The asymmetric Standard Webhooks keys: <c>whsk_</c> + base64 of the 32-byte ed25519 seed (the
/// 64-byte seed-and-public form is read too) and <c>whpk_</c> + base64 of the 32-byte public key.
/// </summary>
public static class Ed25519Keys
{
    public const string SecretPrefix = "whsk_";
    public const string PublicPrefix = "whpk_";
    private const int KeyBytes = 32;

    public static string GenerateSecretKey() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    public static bool IsSecretKey(string key) => TryReadSecret(key, out _);

    public static bool IsPublicKey(string key) => TryReadPublic(key, out _);

    /// <summary>The <c>whpk_</c> public key of a <c>whsk_</c> secret key.</summary>
    public static string PublicKeyOf(string secretKey)
    {
        if (!TryReadSecret(secretKey, out var key))
        {
            throw new ArgumentException("not a whsk_ ed25519 secret key", nameof(secretKey));
        }
        return PublicPrefix + Convert.ToBase64String(key.GeneratePublicKey().GetEncoded());
    }

    /// <summary>The base64 ed25519 signature of <paramref name="content"/>.</summary>
    public static string Sign(string secretKey, ReadOnlySpan<byte> content)
    {
        if (!TryReadSecret(secretKey, out var key))
        {
            throw new ArgumentException("not a whsk_ ed25519 secret key", nameof(secretKey));
        }
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(content);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    /// <summary>Whether <paramref name="signature"/> (base64) signs <paramref name="content"/> under a <c>whpk_</c> (or <c>whsk_</c>) key; false for anything malformed.</summary>
    public static bool Verify(string key, ReadOnlySpan<byte> content, string signature)
    {
        Ed25519PublicKeyParameters publicKey;
        if (TryReadPublic(key, out var parsed))
        {
            publicKey = parsed;
        }
        else if (TryReadSecret(key, out var secret))
        {
            publicKey = secret.GeneratePublicKey();
        }
        else
        {
            return false;
        }
        var bytes = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature, bytes, out var written) || written != Ed25519PrivateKeyParameters.SignatureSize)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(false, publicKey);
        verifier.BlockUpdate(content);
        return verifier.VerifySignature(bytes[..written]);
    }

    private static bool TryReadSecret(string key, out Ed25519PrivateKeyParameters parsed)
    {
        parsed = null!;
        if (!TryDecode(key, SecretPrefix, out var bytes) || bytes.Length is not (KeyBytes or 2 * KeyBytes))
        {
            return false;
        }
        parsed = new Ed25519PrivateKeyParameters(bytes, 0);
        return true;
    }

    private static bool TryReadPublic(string key, out Ed25519PublicKeyParameters parsed)
    {
        parsed = null!;
        if (!TryDecode(key, PublicPrefix, out var bytes) || bytes.Length != KeyBytes)
        {
            return false;
        }
        parsed = new Ed25519PublicKeyParameters(bytes, 0);
        return true;
    }

    private static bool TryDecode(string key, string prefix, out byte[] bytes)
    {
        bytes = [];
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var encoded = key[prefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written))
        {
            return false;
        }
        bytes = buffer[..written];
        return true;
    }
}
