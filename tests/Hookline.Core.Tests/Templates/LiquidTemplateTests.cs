using System.Text;
using System.Text.Json;
using Hookline.Core.Templates;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Core.Tests.Templates;

public sealed class LiquidTemplateTests
{
    private const string Seed002Transformation = """
        {
          "crm_lead": {
            "external_id": "{{ data.lead.id }}",
            "contact_name": "{{ data.lead.name }}",
            "email_address": "{{ data.lead.email }}",
            "phone_number": "{{ data.lead.phone }}",
            "lead_score": "{{ data.lead.score }}",
            "assigned_rep": "{{ data.agent.name }}"
          },
          "timestamp": "{{ timestamp }}",
          "source": "vocelio_ai_platform"
        }
        """;

    private const string LeadPayload = """
        {"lead": {"id": "lead_123", "name": "John Doe", "email": "john.doe@example.com", "phone": "+1-555-0123", "score": 85},
         "agent": {"id": "agent_456", "name": "Sarah Johnson"}}
        """;

    private static readonly TemplateLimits Limits = TemplateLimits.Default;

    private static async Task<TemplateOutput> RenderAsync(TemplateContent content, string payload = LeadPayload, TemplateLimits? limits = null, TimeProvider? clock = null)
    {
        limits ??= Limits;
        var compiled = new LiquidCompiler(limits).Compile(content);
        using var data = JsonDocument.Parse(payload);
        var model = TemplateModel.Create("msg_1", "lead.created", null, "2025-08-05T17:30:00.000Z", data.RootElement,
            new TemplateEndpoint("ep_1", "https://crm.example/hook", "CRM", new Dictionary<string, string> { ["team"] = "sales" }));
        return await new LiquidRenderer(limits, clock ?? new FakeTimeProvider()).RenderAsync(compiled, model);
    }

    private static TemplateContent Text(string liquid) => new() { Body = JsonSerializer.Serialize(liquid) };

    [Fact]
    public async Task Seed002JsonForm_RendersTheCrmLeadBody()
    {
        var output = await RenderAsync(new TemplateContent { Body = Seed002Transformation });
        using var body = JsonDocument.Parse(output.Body);
        var lead = body.RootElement.GetProperty("crm_lead");
        lead.GetProperty("external_id").GetString().ShouldBe("lead_123");
        lead.GetProperty("contact_name").GetString().ShouldBe("John Doe");
        lead.GetProperty("email_address").GetString().ShouldBe("john.doe@example.com");
        lead.GetProperty("phone_number").GetString().ShouldBe("+1-555-0123");
        lead.GetProperty("lead_score").GetString().ShouldBe("85");
        lead.GetProperty("assigned_rep").GetString().ShouldBe("Sarah Johnson");
        body.RootElement.GetProperty("timestamp").GetString().ShouldBe("2025-08-05T17:30:00.000Z");
        body.RootElement.GetProperty("source").GetString().ShouldBe("vocelio_ai_platform");
        output.ContentType.ShouldBe("application/json");
    }

    [Fact]
    public async Task TextBody_WithLoopsAndFilters_RendersAsWritten()
    {
        var output = await RenderAsync(Text("{{ type }}|{{ data.lead.name | upcase }}|{% for i in (1..3) %}{{ i }}{% endfor %}|{{ endpoint.metadata.team }}|{{ event_type }}"));
        Encoding.UTF8.GetString(output.Body).ShouldBe("lead.created|JOHN DOE|123|sales|lead.created");
    }

    [Fact]
    public async Task HeaderTemplates_RenderAndEmptyOnesAreLeftOut()
    {
        var output = await RenderAsync(new TemplateContent
        {
            Body = "\"{}\"",
            Headers = new Dictionary<string, string> { ["X-Lead"] = "{{ data.lead.id }}", ["X-Optional"] = "{% if data.nothing %}yes{% endif %}" },
            ContentType = "text/plain",
        });
        output.Headers["X-Lead"].ShouldBe("lead_123");
        output.Headers.ContainsKey("X-Optional").ShouldBeFalse();
        output.ContentType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task HeaderRenderingToNewline_FailsTheRender()
    {
        var content = new TemplateContent { Body = "\"x\"", Headers = new Dictionary<string, string> { ["X-Bad"] = "a{{ data.nl }}b" } };
        await Should.ThrowAsync<TemplateRenderException>(() => RenderAsync(content, """{"nl": "\r\nInjected: 1"}"""));
    }

    [Theory]
    [InlineData("café")]
    [InlineData("a\u0085b")]
    public async Task HeaderRenderingToTextHttpCannotCarry_FailsTheRender_NamingTheHeader(string value)
    {
        var content = new TemplateContent { Body = "\"x\"", Headers = new Dictionary<string, string> { ["X-Name"] = "{{ data.v }}" } };
        var e = await Should.ThrowAsync<TemplateRenderException>(() => RenderAsync(content, System.Text.Json.JsonSerializer.Serialize(new { v = value })));
        e.Message.ShouldContain("'X-Name'");
    }

    [Fact]
    public void SyntaxError_ReportsLineAndColumn()
    {
        var e = Should.Throw<TemplateSyntaxException>(() => new LiquidCompiler(Limits).Compile(Text("line one\n{{ data.lead.name | }")));
        e.Field.ShouldBe("body");
        e.Line.ShouldBe(2);
        e.Column.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void SyntaxErrorInJsonForm_NamesThePointerOfTheString()
    {
        var e = Should.Throw<TemplateSyntaxException>(() => new LiquidCompiler(Limits).Compile(new TemplateContent { Body = """{"a": {"b": "{% if %}"}}""" }));
        e.Field.ShouldBe("body/a/b");
        e.Line.ShouldBe(1);
    }

    [Fact]
    public void UnknownTag_IsASyntaxError() =>
        Should.Throw<TemplateSyntaxException>(() => new LiquidCompiler(Limits).Compile(Text("{% include 'secrets' %}{% nosuchtag %}")));

    [Fact]
    public async Task EndlessLoop_StopsAtTheStepLimit()
    {
        var e = await Should.ThrowAsync<TemplateRenderException>(() =>
            RenderAsync(Text("{% for a in (1..10000) %}{% for b in (1..10000) %}{% endfor %}{% endfor %}")));
        e.Message.ShouldContain("limit");
    }

    [Fact]
    public async Task HugeRange_IsRefusedBeforeItIsBuilt()
    {
        var e = await Should.ThrowAsync<TemplateRenderException>(() => RenderAsync(Text("{% for i in (1..2000000000) %}x{% endfor %}")));
        e.Message.ShouldContain("range");
    }

    [Fact]
    public async Task HundredMegabyteOutput_StopsAtTheOutputLimit()
    {
        var e = await Should.ThrowAsync<TemplateRenderException>(() =>
            RenderAsync(Text("{% for i in (1..10000) %}{{ data.big }}{% endfor %}"), JsonSerializer.Serialize(new { big = new string('x', 10_000) })));
        e.Message.ShouldContain("output");
    }

    [Fact]
    public async Task StringDoubledInALoop_StopsAtTheVariableLimit()
    {
        var e = await Should.ThrowAsync<TemplateRenderException>(() =>
            RenderAsync(Text("{% assign s = 'xx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}")));
        e.Message.ShouldContain("variable");
    }

    [Fact]
    public async Task SlowRender_StopsAtTheTimeLimit()
    {
        var clock = new FakeTimeProvider();
        var limits = Limits with { MaxRenderTime = TimeSpan.FromSeconds(1) };
        var compiled = new LiquidCompiler(limits).Compile(Text("{% for i in (1..100) %}{{ i }}{% endfor %}"));
        using var data = JsonDocument.Parse("{}");
        var model = TemplateModel.Create("msg_1", "t", null, "now", data.RootElement, null);
        // Every tick of the fake clock advances it, so a render that checks the time sees it run out.
        clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(100);
        var e = await Should.ThrowAsync<TemplateRenderException>(() => new LiquidRenderer(limits, clock).RenderAsync(compiled, model));
        e.Message.ShouldContain("longer than");
    }

    [Fact]
    public async Task IncludeOfAFile_FindsNothing()
    {
        var e = await Should.ThrowAsync<TemplateRenderException>(() => RenderAsync(Text("{% include '/etc/passwd' %}")));
        e.Message.ShouldNotContain("root:");
    }
}
