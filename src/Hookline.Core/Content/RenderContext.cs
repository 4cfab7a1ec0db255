using Hookline.Core.Endpoints;
using Hookline.Core.Messages;

namespace Hookline.Core.Content;

/// <summary>What a renderer sees of one attempt.</summary>
public sealed record RenderContext(Endpoint Endpoint, Message Message, string DeliveryId, int AttemptNumber);
