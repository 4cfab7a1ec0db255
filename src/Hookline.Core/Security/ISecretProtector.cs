namespace Hookline.Core.Security;

/// <summary>Encrypts endpoint secrets at rest.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedText);
}
