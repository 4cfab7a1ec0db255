using System.Security.Cryptography;
using System.Text;

namespace Hookline.Core.Security;

/// <summary>
/// AES-256-GCM under one master key. Output: <c>v1:</c> + base64(nonce ‖ ciphertext ‖ tag).
/// Every node of a deployment must share the key (<c>Hookline:EncryptionKey</c>, or the key file in the data directory).
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public AesGcmSecretProtector(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("the encryption key must be 32 bytes", nameof(key));
        }
        _key = key;
    }

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length));
        return Version + Convert.ToBase64String(output);
    }

    public string Unprotect(string protectedText)
    {
        if (!protectedText.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("unknown secret envelope");
        }
        var data = Convert.FromBase64String(protectedText[Version.Length..]);
        var cipherLength = data.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, cipherLength), data.AsSpan(NonceSize + cipherLength), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Reads the key from base64 text, or creates and stores a new one in <paramref name="keyFile"/>.</summary>
    public static AesGcmSecretProtector FromConfiguredOrFile(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return new AesGcmSecretProtector(Convert.FromBase64String(base64Key));
        }
        if (File.Exists(keyFile))
        {
            return new AesGcmSecretProtector(Convert.FromBase64String(File.ReadAllText(keyFile).Trim()));
        }
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        File.WriteAllText(keyFile, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new AesGcmSecretProtector(key);
    }
}
