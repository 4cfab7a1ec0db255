using Hookline.Client.Receiving;

// A receiver of Hookline webhooks. Configure it with the endpoint's signature scheme and what
// `GET …/endpoints/{ep}/secret` shows (the whsec_ secret, or the whpk_ public key for ed25519):
//   Hookline__Scheme=standard-webhooks Hookline__Secret=whsec_... dotnet run --project samples/Hookline.Samples.Receiver
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var scheme = app.Configuration["Hookline:Scheme"] ?? "standard-webhooks";
var secret = app.Configuration["Hookline:Secret"]
    ?? throw new InvalidOperationException("set Hookline:Secret (env Hookline__Secret) to the endpoint's secret or whpk_ public key");

app.MapWebhookReceiver("/webhooks", o =>
{
    o.Scheme = scheme;
    o.Secrets.Add(secret);
}, (webhook, context) =>
{
    // Reached only by verified, fresh, not-yet-seen webhooks.
    app.Logger.LogInformation("{EventType} {MessageId} (delivery {DeliveryId}, attempt {Attempt}): {Body}",
        webhook.EventType, webhook.Id, webhook.DeliveryId, webhook.Attempt, webhook.BodyText);
    return Task.CompletedTask;
});

app.Run();
