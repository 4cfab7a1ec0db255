using System.Security.Cryptography;
using Hookline.Server.Hosting;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>A node whose encryption key is not the one the database's secrets are encrypted with refuses to start.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EncryptionKeyCheckTests(PostgresFixture postgres)
{
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task SameKey_StartsAgain_OnTheSameDatabase()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var key = NewKey();
        await using (await PostgresFixture.StartOnAsync(database, new Dictionary<string, string?> { ["Hookline:EncryptionKey"] = key }))
        {
        }
        await using var again = await PostgresFixture.StartOnAsync(database, new Dictionary<string, string?> { ["Hookline:EncryptionKey"] = key });
        (await again.Admin.GetAsync("/api/v1/apps")).IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public async Task OtherKey_IsRefused_NamingTheSetting()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using (await PostgresFixture.StartOnAsync(database, new Dictionary<string, string?> { ["Hookline:EncryptionKey"] = NewKey() }))
        {
        }

        var refused = await Should.ThrowAsync<StartupRefusedException>(() =>
            PostgresFixture.StartOnAsync(database, new Dictionary<string, string?> { ["Hookline:EncryptionKey"] = NewKey() }));

        refused.Message.ShouldContain("Hookline:EncryptionKey");
        refused.Message.ShouldContain("same");
    }

    [Fact]
    public async Task NodeWithTheWrongKey_ExitsNonZero_SayingWhatToDo()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using (await PostgresFixture.StartOnAsync(database))
        {
        }
        var dataDirectory = Directory.CreateTempSubdirectory("hookline-keycheck-").FullName;

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Hookline:Storage"] = "postgres",
            ["Hookline:ConnectionString"] = database,
            ["Hookline:EncryptionKey"] = NewKey(),
            ["Hookline:AdminApiKey"] = TestHost.AdminKey,
            ["Hookline:DataDirectory"] = dataDirectory,
        }, TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(3);
        output.ShouldContain("Hookline did not start");
        output.ShouldContain("Hookline:EncryptionKey");
    }

    [Fact]
    public async Task NodeWithoutAKey_OnADatabaseThatHasOne_RefusesToMakeItsOwn_AndLeavesNoKeyFile()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        await using (await PostgresFixture.StartOnAsync(database))
        {
        }
        var dataDirectory = Directory.CreateTempSubdirectory("hookline-keycheck-").FullName;

        var refused = await Should.ThrowAsync<StartupRefusedException>(() => TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hookline:Storage"] = "postgres",
            ["Hookline:ConnectionString"] = database,
            ["Hookline:DataDirectory"] = dataDirectory,
        }));

        refused.Message.ShouldContain("no Hookline:EncryptionKey");
        File.Exists(Path.Combine(dataDirectory, EncryptionKeyCheck.KeyFileName)).ShouldBeFalse();
    }
}
