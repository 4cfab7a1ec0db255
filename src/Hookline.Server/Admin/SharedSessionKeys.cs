using System.Diagnostics;
using System.Xml.Linq;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Admin;

/// <summary>
/// The data protection keys (they encrypt the admin session cookie and the antiforgery tokens) live in
/// the database, encrypted with the installation's secret protector, so a session opened on one node is
/// recognised by every other node of the same database. This replaces the key directory under the data
/// directory: the options set here are applied after the framework's own and win.
/// </summary>
public static class SharedSessionKeys
{
    public static IServiceCollection AddSharedSessionKeys(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IHooklineStore>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DatabaseXmlRepository>>());
            o.XmlEncryptor = new SecretProtectorXmlEncryptor(sp.GetRequiredService<ISecretProtector>());
        }));
        return services;
    }
}

/// <summary>The framework's key repository over the store's <see cref="IDataProtectionKeyStore"/>.</summary>
public sealed class DatabaseXmlRepository(IHooklineStore store, TimeProvider clock, ILogger<DatabaseXmlRepository> log) : IXmlRepository
{
    /// <summary>The setting whose first writer makes the cluster's first key; the others wait for it.</summary>
    public const string FirstKeyMaker = "session_keys.first_key_maker";

    private static readonly TimeSpan FirstKeyWait = TimeSpan.FromSeconds(30);

    private readonly string _me = Guid.NewGuid().ToString("N");

    // The framework asks synchronously and rarely: when it builds its key ring (first use, then about daily).
    public IReadOnlyCollection<XElement> GetAllElements() => ReadAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        store.DataProtectionKeys.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetUtcNow()).GetAwaiter().GetResult();

    /// <summary>
    /// With no key stored yet, each node starting at once would make its own first key and refuse the
    /// others' cookies until its next key ring refresh (a day later). So one node is chosen to make it,
    /// and the rest wait for that key. Should the chosen node die first, a waiting node makes one after
    /// <see cref="FirstKeyWait"/>, which only costs the sessions opened in that moment.
    /// </summary>
    private async Task<IReadOnlyCollection<XElement>> ReadAsync()
    {
        var keys = await store.DataProtectionKeys.ListAsync().ConfigureAwait(false);
        if (keys.Count == 0 && await store.Settings.GetOrAddAsync(FirstKeyMaker, _me, clock.GetUtcNow()).ConfigureAwait(false) != _me)
        {
            // Waiting on another process, in real time: the injected clock may be a test's, standing still.
            var waited = Stopwatch.StartNew();
            while (keys.Count == 0 && waited.Elapsed < FirstKeyWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                keys = await store.DataProtectionKeys.ListAsync().ConfigureAwait(false);
            }
            if (keys.Count == 0)
            {
                log.LogWarning("No session key appeared from the node chosen to make the first one; making one here");
            }
        }
        return keys.Select(k => XElement.Parse(k)).ToList();
    }
}

/// <summary>Encrypts a key's XML with the installation's secret protector before it is stored.</summary>
public sealed class SecretProtectorXmlEncryptor(ISecretProtector protector) : IXmlEncryptor
{
    public const string ElementName = "hooklineProtected";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement(ElementName, protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting))), typeof(SecretProtectorXmlDecryptor));
}

/// <summary>Made by the framework from the type name stored with each key; it takes what it needs from the services.</summary>
public sealed class SecretProtectorXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(services.GetRequiredService<ISecretProtector>().Unprotect(encryptedElement.Value));
}
