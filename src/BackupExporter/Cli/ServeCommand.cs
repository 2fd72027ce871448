using System.Runtime.InteropServices;
using BackupExporter.Configuration;
using BackupExporter.Logging;
using BackupExporter.Metrics;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Web;
using Prometheus;

namespace BackupExporter.Cli;

/// <summary>The default command: background inspections and the HTTP server, until SIGTERM/SIGINT. SIGHUP reloads.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine line, TextWriter stderr)
    {
        var path = line.Flag("config.file");
        var (config, errors) = ConfigLoader.Load(path);
        if (config is null)
        {
            foreach (var error in errors)
                stderr.WriteLine(error.ToString());
            return ExitCodes.InvalidInput;
        }
        if (ListenUrl(line.Flag("web.listen-address")) is not { } url)
        {
            stderr.WriteLine($"--web.listen-address=\"{line.Flag("web.listen-address")}\" is not host:port or :port");
            return ExitCodes.InvalidInput;
        }

        var builder = WebApplication.CreateSlimBuilder();
        LoggingSetup.Configure(builder.Logging, line.Flag("log.level"), line.Flag("log.format"));
        builder.WebHost.UseUrls(url);
        var clock = TimeProvider.System;
        var store = new SnapshotStore(config, [], clock.GetUtcNow());
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<InspectionScheduler>();
        builder.Services.AddSingleton(sp => new Reloader(path, store, sp.GetRequiredService<InspectionScheduler>(), clock, sp.GetRequiredService<ILogger<Reloader>>()));

        // None of prometheus-net's default metrics: the runtime's event counters and meters would add hundreds of
        // series, and its process collector reads /proc per scrape. ExporterMetrics exports the process basics.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = true, SuppressDebugMetrics = true, SuppressEventCounters = true, SuppressMeters = true,
        });
        using var exposition = new SnapshotExposition(Prometheus.Metrics.DefaultRegistry, store, clock, VersionInfo.Version);

        await using var app = builder.Build();
        Endpoints.Map(app, exposition);

        var log = app.Services.GetRequiredService<ILogger<Reloader>>();
        var reloader = app.Services.GetRequiredService<Reloader>();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // SIGHUP means reload, not exit
            reloader.Reload();
        });
        reloader.Start(config);
        log.LogInformation("backup-exporter {Version} listening on {Url} with {Backups} backup sets from {Path}",
            VersionInfo.Version, url, config.Backups.Count, path);
        log.LogInformation("runtime: {Runtime}", RuntimeInfo.Describe());
        await app.RunAsync(); // stopping disposes the services, the scheduler among them: inspections end
        return ExitCodes.Ok;
    }

    /// <summary>Prometheus style <c>:9407</c>, <c>host:9407</c> or <c>[::1]:9407</c> as a Kestrel URL.</summary>
    internal static string? ListenUrl(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 0 or > 65535)
            return null;
        var host = address[..colon];
        return host.Length == 0 ? $"http://*:{port}" : $"http://{host}:{port}";
    }
}
