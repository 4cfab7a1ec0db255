namespace Hookline.Core.Content;

/// <summary>
/// The body of an attempt could not be produced (a template that fails to render). Sending again
/// would fail the same way, so the attempt fails with error class <c>transformation</c> and the
/// delivery is dead at once.
/// </summary>
public sealed class ContentRenderException(string message, Exception? inner = null) : Exception(message, inner);
