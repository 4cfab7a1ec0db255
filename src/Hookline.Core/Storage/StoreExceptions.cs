namespace Hookline.Core.Storage;

/// <summary>A write refused because it would break a uniqueness rule (a taken uid or name).</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The store can't write right now (disk full, database down); the caller should answer 503.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
