namespace BackupExporter.IntegrationTests.Fixtures;

/// <summary>
/// Base of the tests that make backup directories from the shared server's dumps: a temporary root for them,
/// removed afterwards (with rm, since some tests leave names that .NET cannot spell, or modes it cannot enter).
/// </summary>
public abstract class BackupDirectoryTest : IAsyncLifetime
{
    protected BackupDirectoryTest(SharedMariaDb db)
    {
        Server = db.Server;
        Root = Directory.CreateTempSubdirectory("backup-exporter-it-").FullName;
    }

    protected MariaDbServer Server { get; }

    protected string Root { get; }

    /// <summary>A new directory under <see cref="Root"/>.</summary>
    protected string Dir(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ProcessRunner.RunAsync("rm", ["-rf", Root]);
}
