using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;
using Hookline.Core.Validation;

namespace Hookline.Core.Templates;

/// <summary>
/// Renders compiled templates within <see cref="TemplateLimits"/>. Templates have no file system
/// (Fluid's provider serves nothing, so include/render find nothing) and no network, and read only
/// the <see cref="TemplateModel"/>: no .NET members are exposed to them.
/// </summary>
public sealed class LiquidRenderer
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TemplateLimits _limits;
    private readonly TimeProvider _clock;
    private readonly TemplateOptions _options;

    public LiquidRenderer(TemplateLimits limits, TimeProvider clock)
    {
        _limits = limits;
        _clock = clock;
        _options = new TemplateOptions
        {
            MaxSteps = limits.MaxSteps,
            MaxRecursion = limits.MaxRecursion,
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            Now = clock.GetUtcNow,
            ModelNamesComparer = StringComparer.Ordinal,
            Assigned = (_, value, context) => Checked(value, context),
            Captured = (_, value, context) => Checked(value, context),
        };
    }

    public TemplateLimits Limits => _limits;

    /// <summary>Throws <see cref="TemplateRenderException"/> when a limit is hit or the template fails.</summary>
    public async Task<TemplateOutput> RenderAsync(CompiledTemplate template, TemplateModel model)
    {
        var budget = new RenderBudget(_limits, _clock);
        var context = new TemplateContext(_options, StringComparer.Ordinal);
        context.AmbientValues[RenderBudget.AmbientKey] = budget;
        foreach (var (name, value) in model.Roots)
        {
            context.SetValue(name, value);
        }
        try
        {
            var body = template.Body switch
            {
                TextBody text => Encoding.UTF8.GetBytes(await RenderTextAsync(text.Template, context, budget).ConfigureAwait(false)),
                JsonBody json => await RenderJsonAsync(json.Root, context, budget).ConfigureAwait(false),
                _ => [],
            };
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, headerTemplate) in template.Headers)
            {
                var value = (await RenderTextAsync(headerTemplate, context, budget).ConfigureAwait(false)).Trim();
                if (value.Length > _limits.MaxHeaderValueChars)
                {
                    throw new TemplateRenderException($"header '{name}' rendered to {value.Length} characters; at most {_limits.MaxHeaderValueChars}");
                }
                if (HeaderRules.ValueProblem(value) is { } problem)
                {
                    throw new TemplateRenderException($"header '{name}' rendered to a value that can't be sent: it {problem}");
                }
                // An empty value leaves the header out, so a template can add a header only when it applies.
                if (value.Length > 0)
                {
                    headers[name] = value;
                }
            }
            return new TemplateOutput(body, template.ContentType, headers);
        }
        catch (TemplateLimitException e)
        {
            throw new TemplateRenderException("the template hit a limit: " + e.Message, e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("maximum level of recursion", StringComparison.Ordinal))
        {
            // Fluid reports both of its counters with this one message.
            throw new TemplateRenderException($"the template hit a limit: more than {_limits.MaxSteps} steps or {_limits.MaxRecursion} levels of nesting", e);
        }
        catch (TemplateRenderException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TemplateRenderException("the template failed to render: " + e.Message, e);
        }
    }

    private static async Task<string> RenderTextAsync(IFluidTemplate template, TemplateContext context, RenderBudget budget)
    {
        using var writer = new BudgetWriter(budget);
        await template.RenderAsync(writer, NullEncoder.Default, context).ConfigureAwait(false);
        return writer.ToString();
    }

    private static async Task<byte[]> RenderJsonAsync(JsonPart root, TemplateContext context, RenderBudget budget)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            await WriteAsync(root, writer, context, budget).ConfigureAwait(false);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteAsync(JsonPart part, Utf8JsonWriter writer, TemplateContext context, RenderBudget budget)
    {
        switch (part)
        {
            case JsonObjectPart o:
                writer.WriteStartObject();
                foreach (var (name, value) in o.Properties)
                {
                    writer.WritePropertyName(name);
                    await WriteAsync(value, writer, context, budget).ConfigureAwait(false);
                }
                writer.WriteEndObject();
                break;
            case JsonArrayPart a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    await WriteAsync(item, writer, context, budget).ConfigureAwait(false);
                }
                writer.WriteEndArray();
                break;
            case JsonLiquid l:
                writer.WriteStringValue(await RenderTextAsync(l.Template, context, budget).ConfigureAwait(false));
                break;
            case JsonLiteral literal:
                budget.Spend(literal.Value.ValueKind == JsonValueKind.String ? literal.Value.GetString()!.Length : 8);
                literal.Value.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Bounds what a variable may hold, so doubling a string (or a list) in a loop stops at the
    /// output limit instead of at the machine's memory.
    /// </summary>
    private static ValueTask<FluidValue> Checked(FluidValue value, TemplateContext context)
    {
        if (context.AmbientValues.TryGetValue(RenderBudget.AmbientKey, out var found) && found is RenderBudget budget)
        {
            budget.CheckValue(Weight(value));
        }
        return ValueTask.FromResult(value);
    }

    private static int Weight(FluidValue value) => value switch
    {
        StringValue s => s.ToStringValue().Length,
        ArrayValue a => a.Values.Count + a.Values.Sum(v => v is StringValue s ? s.ToStringValue().Length : 0),
        _ => 0,
    };
}
