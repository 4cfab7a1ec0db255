using System.Text;
using System.Text.Json;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Templates;
using Hookline.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Admin.Pages.Templates;

/// <summary>A template's current version, a test pane rendering it on a sample event, and its versions with rollback.</summary>
public sealed class TemplateDetailModel(IHooklineStore store, TemplateService templates) : AdminPage(store)
{
    public const string DefaultSample = """{"id": "ord_123", "amount": 4200, "currency": "EUR"}""";

    public override string Title => "Template";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public Template? Template { get; private set; }

    public IReadOnlyList<TemplateVersion> Versions { get; private set; } = [];

    public string? Next { get; private set; }

    [BindProperty]
    public string? SampleEventType { get; set; }

    [BindProperty]
    public string? SamplePayload { get; set; }

    /// <summary>What the test rendered, as an endpoint would receive it.</summary>
    public TemplateTestResponse? Output { get; private set; }

    public async Task OnGetAsync(string? after) => await LoadAsync(after);

    public async Task<IActionResult> OnPostTestAsync()
    {
        if (!await LoadAsync(null))
        {
            return Page();
        }
        var v = new Validator();
        var request = new TemplateTestRequest { EventType = Trim(SampleEventType), Payload = ReadPayload(v) };
        TemplatesApi.StoredSample(v, Template!, request);
        try
        {
            v.ThrowIfInvalid();
            var output = await templates.TestAsync(Template!.Content, request.EventType!, request.Payload!.Value);
            Output = new TemplateTestResponse(Encoding.UTF8.GetString(output.Body), output.Headers, output.ContentType);
        }
        catch (ValidationException problem)
        {
            Refuse(problem.Errors);
        }
        catch (TemplateSyntaxException e)
        {
            Refuse(new Dictionary<string, string[]> { [e.Field] = [e.Message] });
        }
        catch (TemplateRenderException e)
        {
            Refuse(new Dictionary<string, string[]> { ["body"] = [e.Message] });
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRollbackAsync(int? version)
    {
        if (!await LoadAsync(null))
        {
            return Page();
        }
        var current = Template!;
        if (version is not { } n || n < 1 || n >= current.Version)
        {
            Refuse(new Dictionary<string, string[]> { ["version"] = [$"must be an earlier version than the current one ({current.Version})"] });
            return Page();
        }
        try
        {
            var next = await templates.RollbackAsync(current, n, HttpContext.RequestAborted);
            return Back("/admin/templates/" + current.Id, $"Version {n} is current again, as version {next.Version}.");
        }
        catch (TemplateVersionNotFoundException e)
        {
            Refuse(new Dictionary<string, string[]> { ["version"] = [e.Message] });
        }
        catch (ConflictException)
        {
            Refuse(new Dictionary<string, string[]> { ["version"] = ["another change came first; look at the versions again and retry"] });
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return Page();
    }

    private void Refuse(IDictionary<string, string[]> errors)
    {
        AddErrors(errors);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
    }

    private JsonElement? ReadPayload(Validator v)
    {
        if (string.IsNullOrWhiteSpace(SamplePayload))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(SamplePayload);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            v.Add("payload", "is not valid JSON: " + e.Message.Split('.')[0]);
            return JsonSerializer.SerializeToElement(new { });
        }
    }

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<bool> LoadAsync(string? after)
    {
        if (!await LoadAppAsync(required: true))
        {
            return false;
        }
        var ct = HttpContext.RequestAborted;
        Template = await Store.Templates.GetAsync(CurrentApp!.Id, Id, ct);
        if (Template is null)
        {
            return NotFoundState($"template '{Id}' does not exist");
        }
        SampleEventType ??= Template.EventTypes.FirstOrDefault() ?? "order.paid";
        SamplePayload ??= DefaultSample;
        var page = await Store.Templates.ListVersionsAsync(Template.Id, new PageRequest(PageRequest.DefaultLimit, after), ct);
        Versions = page.Data;
        Next = page.Done ? null : Link("/admin/templates/" + Template.Id, ("after", page.Iterator));
        return true;
    }
}
