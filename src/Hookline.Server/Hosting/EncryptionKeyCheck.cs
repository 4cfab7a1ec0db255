using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Server.Hosting;

/// <summary>
/// At start: the database keeps the check value of the key its secrets are encrypted with; a node
/// whose key gives another value would fail to sign for every endpoint created elsewhere, so it
/// refuses to start instead.
/// </summary>
public static class EncryptionKeyCheck
{
    public const string SettingName = "encryption_key_check";

    public static async Task VerifyAsync(IHooklineStore store, ISecretProtector protector, HooklineOptions options, TimeProvider clock, CancellationToken ct = default)
    {
        var stored = await store.Settings.GetOrAddAsync(SettingName, protector.KeyCheckValue, clock.GetUtcNow(), ct).ConfigureAwait(false);
        if (stored == protector.KeyCheckValue)
        {
            return;
        }
        if (protector is AesGcmSecretProtector { Source: EncryptionKeySource.Generated })
        {
            // A key made by this start is of no use to anyone: leave no file behind that a later start would pick up.
            File.Delete(Path.Combine(options.DataDirectory, KeyFileName));
            throw new StartupRefusedException(
                "This database already holds secrets encrypted by other Hookline nodes, and this node has no Hookline:EncryptionKey. " +
                "Set Hookline:EncryptionKey (env Hookline__EncryptionKey) to the key the other nodes use; a key of its own would not decrypt their secrets.");
        }
        var where = protector is AesGcmSecretProtector { Source: EncryptionKeySource.KeyFile }
            ? $"the key file {Path.Combine(options.DataDirectory, KeyFileName)}"
            : "Hookline:EncryptionKey";
        throw new StartupRefusedException(
            $"The encryption key from {where} is not the one this database's secrets are encrypted with (its check value differs). " +
            "Every node sharing a database needs the same Hookline:EncryptionKey: copy it from a running node.");
    }

    public const string KeyFileName = "encryption.key";
}

/// <summary>A start that must not go on; the message says what to do. The process exits non-zero with it.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
