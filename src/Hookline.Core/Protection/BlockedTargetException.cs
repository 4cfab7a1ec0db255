namespace Hookline.Core.Protection;

/// <summary>A delivery target was refused by the SSRF policy; the attempt is classified as blocked.</summary>
public sealed class BlockedTargetException(string message) : Exception(message);
