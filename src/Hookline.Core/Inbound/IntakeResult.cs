namespace Hookline.Core.Inbound;

/// <summary>An accepted request: its event (the first one, for a repeat) and whether it was a repeat.</summary>
public sealed record IntakeResult(InboundEvent Event, bool Duplicate, Source Source);
