using System.Runtime.InteropServices;
using BackupExporter.Configuration;
using BackupExporter.Logging;
using BackupExporter.Metrics;
using BackupExporter.Platform;
using BackupExporter.Scheduling;
using BackupExporter.Snapshots;
using BackupExporter.Web.Security;
using BackupExporter.Web;
using Prometheus;
using BackupExporter.Decoding;

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
        if (WebOptionsOf(line, stderr) is not { } options)
            return ExitCodes.InvalidInput;

        if (!DurationParser.TryParseTimer(line.Flag("config.watch"), out var watchInterval, out var watchProblem))
        {
            stderr.WriteLine($"--config.watch=\"{line.Flag("config.watch")}\": {watchProblem}");
            return ExitCodes.InvalidInput;
        }

        // The empty builder: no appsettings.json, no environment configuration and, above all, no watch of the working
        // directory for appsettings.json changes. The slim builder's watch covered every directory under the working
        // directory with inotify (2,514 of them when started from a checkout with benchmark data) and cost a thread and
        // memory for a file the exporter never reads. Its configuration is its flags and files, as any exporter's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        LoggingSetup.Configure(builder.Logging, line.Flag("log.level"), line.Flag("log.format"));
        using var loggers = LoggingSetup.CreateFactory(line.Flag("log.level"), line.Flag("log.format"));
        var (webConfig, webErrors) = WebConfigStore.Open(line.OptionalFlag("web.config.file"), loggers.CreateLogger<WebConfigStore>());
        if (webConfig is null)
        {
            foreach (var error in webErrors)
                stderr.WriteLine(error.ToString());
            return ExitCodes.InvalidInput;
        }
        WebServerSetup.Configure(builder, options, webConfig);
        var clock = TimeProvider.System;
        var store = new SnapshotStore(config, [], clock.GetUtcNow()) { WebConfigInForce = () => webConfig.LastLoadSuccessful };
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(store);
        // None of prometheus-net's default metrics: the runtime's event counters and meters would add hundreds of
        // series, and its process collector reads /proc per scrape. ExporterMetrics exports the process basics.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = true, SuppressDebugMetrics = true, SuppressEventCounters = true, SuppressMeters = true,
        });
        var exposition = new SnapshotExposition(Prometheus.Metrics.DefaultRegistry, store, clock, VersionInfo.Version);
        builder.Services.AddSingleton(sp => new HeapTrim(clock, sp.GetRequiredService<ILogger<HeapTrim>>(),
            beforeCollection: exposition.Prepare));
        builder.Services.AddSingleton(sp => new InspectionScheduler(store, clock, sp.GetRequiredService<ILogger<InspectionScheduler>>(),
            sp.GetRequiredService<HeapTrim>()));
        builder.Services.AddSingleton(sp => new Reloader(path, store, sp.GetRequiredService<InspectionScheduler>(), clock,
            sp.GetRequiredService<ILogger<Reloader>>()));

        await using var app = builder.Build();
        // The listeners are bound before the inspections start, so that a taken port is reported before anything else.
        var started = new TaskCompletionSource();
        // Ready once the first round's garbage is collected too (or when there is nothing to inspect), so that the
        // memory seen at ready is what the process keeps.
        var trim = app.Services.GetRequiredService<HeapTrim>();
        Endpoints.Map(app, exposition, options, webConfig,
            () => started.Task.IsCompleted && (trim.FirstRoundCollected || store.Current.ExpectedInspections.IsEmpty));

        var log = app.Services.GetRequiredService<ILogger<Reloader>>();
        if (webConfig.Initial.Config.Tls is { CurvePreferences.Count: > 0 })
            log.LogWarning("web configuration: curve_preferences is accepted but not applied; the system's OpenSSL chooses "
                + "the key exchange groups");
        try
        {
            await app.StartAsync();
        }
        catch (IOException ex)
        {
            // Kestrel's message names the address and the reason ("address already in use"); the stack trace adds nothing.
            const string kestrelPrefix = "Failed to bind to address ";
            var reason = ex.Message.TrimEnd('.');
            reason = reason.StartsWith(kestrelPrefix, StringComparison.Ordinal) ? reason[kestrelPrefix.Length..] : reason;
            stderr.WriteLine($"backup-exporter: cannot listen on {reason}; stop what uses it or choose another --web.listen-address");
            return ExitCodes.Failure;
        }
        log.LogInformation("backup-exporter {Version} listening on {Addresses} ({Scheme}) with {Backups} backup sets from {Path}",
            VersionInfo.Version, string.Join(", ", options.ListenAddresses.Select(a => a.Text)),
            webConfig.Initial.Config.Tls is null ? "http" : "https", config.Backups.Count, path);
        var reloader = app.Services.GetRequiredService<Reloader>();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // SIGHUP means reload, not exit
            reloader.Reload();
            webConfig.Reload();
        });
        reloader.Start(config);
        await using var watch = watchInterval > TimeSpan.Zero
            ? new ConfigFileWatch(path, watchInterval, () => reloader.Reload().Count == 0, log)
            : null;
        // Scheduled restore drills run as child processes; their outcomes land in the drill history the snapshot reads.
        await using var drills = new DrillScheduler(path, () => store.Current.Config, clock,
            app.Services.GetRequiredService<ILogger<DrillScheduler>>());
        drills.Start();
        log.LogInformation("verification decodes {Decoders}", DecoderLibraries.Installed.Describe());
        log.LogInformation("runtime: {Runtime}", RuntimeInfo.Describe());
        started.SetResult();
        await app.WaitForShutdownAsync(); // stopping disposes the services, the scheduler among them: inspections end
        return ExitCodes.Ok;
    }

    private static WebOptions? WebOptionsOf(CommandLine line, TextWriter stderr)
    {
        var addresses = new List<ListenAddress>();
        foreach (var text in line.FlagValues("web.listen-address"))
        {
            if (ListenAddress.Parse(text) is not { } address)
            {
                stderr.WriteLine($"--web.listen-address=\"{text}\" is not host:port, [ipv6]:port or :port");
                return null;
            }
            addresses.Add(address);
        }
        var telemetryPath = line.Flag("web.telemetry-path");
        if (!telemetryPath.StartsWith('/') || telemetryPath.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            stderr.WriteLine($"--web.telemetry-path=\"{telemetryPath}\" must be a path starting with /");
            return null;
        }
        if (WebOptions.ReservedPaths.Contains(telemetryPath))
        {
            stderr.WriteLine($"--web.telemetry-path=\"{telemetryPath}\" is already used by the exporter "
                + $"({string.Join(", ", WebOptions.ReservedPaths)})");
            return null;
        }
        return new WebOptions(addresses, telemetryPath, line.Switch("web.enable-lifecycle"));
    }
}
