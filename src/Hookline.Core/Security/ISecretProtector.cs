namespace Hookline.Core.Security;

/// <summary>Encrypts endpoint secrets at rest.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedText);

    /// <summary>
    /// A value derived from the key that reveals nothing of it, the same for the same key: nodes
    /// compare it with the one stored in the database to know they share the key.
    /// </summary>
    string KeyCheckValue { get; }
}
