namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>One seeded server shared by the tests of the collection (a start takes a few seconds).</summary>
public sealed class SharedMariaDb : IAsyncLifetime
{
    public MariaDbServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.StartNewAsync();
        await Server.SeedShopAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<SharedMariaDb>
{
    public const string Name = "mariadb";
}
