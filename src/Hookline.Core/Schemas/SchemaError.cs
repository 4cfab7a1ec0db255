namespace Hookline.Core.Schemas;

/// <summary>One problem found by a schema: <see cref="Pointer"/> is the JSON pointer (RFC 6901) of the place it is about.</summary>
public sealed record SchemaError(string Pointer, string Message);
