using Hookline.Core.EventTypes;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    private EventType NewEventType(string name, bool archived = false) => new()
    {
        Name = name,
        Description = $"{name} happened",
        Schema = """{"type":"object"}""",
        Archived = archived,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    [Fact]
    public async Task CreateEventType_ThenGet_ReturnsIt()
    {
        await Store.EventTypes.CreateAsync(NewEventType("invoice.paid"));

        var saved = (await Store.EventTypes.GetAsync("invoice.paid")).ShouldNotBeNull();
        saved.Description.ShouldBe("invoice.paid happened");
        saved.Schema.ShouldBe("""{"type":"object"}""");
        saved.Archived.ShouldBeFalse();
        saved.CreatedAt.ShouldBe(Start);
        (await Store.EventTypes.GetAsync("invoice.void")).ShouldBeNull();
    }

    [Fact]
    public async Task CreateEventType_WithExistingName_ThrowsConflict()
    {
        await Store.EventTypes.CreateAsync(NewEventType("invoice.paid"));

        await Should.ThrowAsync<ConflictException>(() => Store.EventTypes.CreateAsync(NewEventType("invoice.paid")));
    }

    [Fact]
    public async Task ListEventTypes_HidesArchived_UnlessAsked()
    {
        await Store.EventTypes.CreateAsync(NewEventType("b.live"));
        await Store.EventTypes.CreateAsync(NewEventType("a.old", archived: true));

        var live = await Store.EventTypes.ListAsync(new PageRequest(), includeArchived: false);
        var all = await Store.EventTypes.ListAsync(new PageRequest(), includeArchived: true);

        live.Data.Select(e => e.Name).ShouldBe(["b.live"]);
        all.Data.Select(e => e.Name).ShouldBe(["a.old", "b.live"]);
    }

    [Fact]
    public async Task ListEventTypes_PagesByName_WithNameAsIterator()
    {
        foreach (var name in new[] { "c.three", "a.one", "d.four", "b.two" })
        {
            await Store.EventTypes.CreateAsync(NewEventType(name));
        }

        var first = await Store.EventTypes.ListAsync(new PageRequest(3), includeArchived: false);
        var rest = await Store.EventTypes.ListAsync(new PageRequest(3, first.Iterator), includeArchived: false);

        first.Data.Select(e => e.Name).ShouldBe(["a.one", "b.two", "c.three"]);
        first.Iterator.ShouldBe("c.three");
        first.Done.ShouldBeFalse();
        rest.Data.Select(e => e.Name).ShouldBe(["d.four"]);
        rest.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task UpdateEventType_SavesDescriptionSchemaAndArchived()
    {
        var type = NewEventType("invoice.paid");
        await Store.EventTypes.CreateAsync(type);

        await Store.EventTypes.UpdateAsync(type with { Description = "paid", Schema = null, Archived = true, UpdatedAt = Start.AddDays(1) });

        var saved = (await Store.EventTypes.GetAsync("invoice.paid")).ShouldNotBeNull();
        saved.Description.ShouldBe("paid");
        saved.Schema.ShouldBeNull();
        saved.Archived.ShouldBeTrue();
        saved.UpdatedAt.ShouldBe(Start.AddDays(1));
    }
}
