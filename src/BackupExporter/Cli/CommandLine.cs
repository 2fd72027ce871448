namespace BackupExporter.Cli;

/// <summary>
/// Parsed command line in the Prometheus exporter style: an optional command word, then <c>--flag=value</c> or
/// <c>--flag value</c>. Only flags the command knows are accepted, so a typo is an error, not a silent default.
/// </summary>
internal sealed record CommandLine(string Command, IReadOnlyDictionary<string, string> Flags, bool Help)
{
    /// <summary>Everything after <c>--</c>, for commands that run another command.</summary>
    public IReadOnlyList<string> Trailing { get; init; } = [];

    /// <summary>Every value of a flag of <see cref="Repeatable"/>, in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Lists { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Flags that take no value (<c>--web.enable-lifecycle</c>), as in kingpin: <c>=true</c>/<c>=false</c> and <c>--no-</c> also work.
    /// </summary>
    public static readonly IReadOnlySet<string> Switches = new HashSet<string> { "web.enable-lifecycle" };

    /// <summary>Flags given once per value, like node_exporter's <c>--web.listen-address</c>.</summary>
    public static readonly IReadOnlySet<string> Repeatable = new HashSet<string> { "web.listen-address" };

    public static readonly IReadOnlyDictionary<string, CommandSpec> Commands = new Dictionary<string, CommandSpec>
    {
        ["serve"] = new("serve", "Run the exporter: inspect in the background and serve /metrics (the default command).",
            ["config.file", "config.watch", "web.listen-address", "web.config.file", "web.telemetry-path", "web.enable-lifecycle",
                "log.level", "log.format"]),
        ["check-config"] = new("check-config", "Validate a configuration file (and the web configuration file, when given); exit 0 when "
            + "valid, 2 when not, listing every error as file:line:column.",
            ["config.file", "web.config.file", "log.level", "log.format"]),
        ["verify"] = new("verify", "Run one inspection round, print the verdicts and exit with the Nagios code: 0 OK, 1 WARNING, "
            + "2 CRITICAL, 3 UNKNOWN.",
            ["config.file", "backup", "output", "log.level", "log.format"]),
        ["run"] = new("run", "Run a backup command given after --, append its stderr to the set's log between markers and record its "
            + "outcome in a status file; exit with the command's status.",
            ["config.file", "backup", "retries", "retry-delay", "timeout", "checksum", "status-file", "offsite", "log.level",
                "log.format"], TakesCommand: true),
        ["drill"] = new("drill", "Restore the newest good artifact of one backup set into a throwaway sandbox server, check it, record the "
            + "outcome for the exporter and exit 0 OK, 2 CRITICAL (failed), 3 UNKNOWN (unsupported or not started).",
            ["config.file", "backup", "output", "log.level", "log.format"]),
        ["healthcheck"] = new("healthcheck", "Ask the exporter listening on --web.listen-address for /-/healthy (over TLS when its "
            + "--web.config.file says so); exit 0 when it answers, 1 otherwise (a container's health check).",
            ["web.listen-address", "web.config.file"]),
    };

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["config.file"] = "backup-exporter.yml",
        ["config.watch"] = "0s",
        ["web.listen-address"] = ":9407",
        ["web.telemetry-path"] = "/metrics",
        ["web.enable-lifecycle"] = "false",
        ["log.level"] = "info",
        ["log.format"] = "logfmt",
        ["output"] = "text",
    };

    public static readonly IReadOnlyDictionary<string, string> FlagHelp = new Dictionary<string, string>
    {
        ["config.file"] = "Path of the YAML configuration file.",
        ["config.watch"] = "Re-read the configuration file this often and reload it when its content changed (e.g. a Kubernetes "
            + "ConfigMap); 0s: only on SIGHUP or /-/reload.",
        ["web.listen-address"] = "Address to listen on, host:port or :port; repeat the flag to listen on several.",
        ["web.config.file"] = "Path of the web configuration file (TLS, basic authentication, HTTP headers), in the Prometheus "
            + "exporter-toolkit format; re-read when it changes.",
        ["web.telemetry-path"] = "Path under which to expose the metrics.",
        ["web.enable-lifecycle"] = "Allow reloading the configuration by POST /-/reload (SIGHUP always reloads).",
        ["log.level"] = "Only log messages of this severity or above: debug, info, warn, error.",
        ["log.format"] = "Log format: logfmt or json.",
        ["backup"] = "Only this backup set (repeat the flag or separate names with commas).",
        ["output"] = "text, json or nagios.",
        ["retries"] = "run: retry a failed command up to this many times, only when it failed with a transient error "
            + "(connection_lost, lock_timeout).",
        ["retry-delay"] = "run: wait before the first retry, doubled before each further one (default: 30s).",
        ["timeout"] = "run: stop the command (TERM, then KILL 10s later) after this long and exit 124.",
        ["checksum"] = "run: sha256 writes <artifact>.sha256 for the artifact a successful command produced; none (default) does not.",
        ["status-file"] = "run: where to write the status file (default: <state directory>/run/<backup>.json).",
        ["offsite"] = "run: after a successful backup, copy its artifact with rclone to this remote of the set's offsite list.",
    };

    public string Flag(string name) => Flags.TryGetValue(name, out var value) ? value : Defaults[name];

    /// <summary>An optional flag's value, or null when not given.</summary>
    public string? OptionalFlag(string name) => Flags.TryGetValue(name, out var value) ? value : null;

    /// <summary>A switch's value: true when given without a value or as <c>=true</c>.</summary>
    public bool Switch(string name) => Flag(name) == "true";

    /// <summary>Every value of a repeatable flag, or its default alone.</summary>
    public IReadOnlyList<string> FlagValues(string name) => Lists.TryGetValue(name, out var values) ? values : [Defaults[name]];

    /// <summary>True when <c>--version</c> appears anywhere before a <c>--</c>, as in kingpin.</summary>
    public static bool AsksForVersion(IReadOnlyList<string> args) =>
        args.TakeWhile(a => a != "--").Any(a => a == "--version") || args is ["version"];

    /// <returns>the parsed line, or an error message for the user</returns>
    public static (CommandLine? Line, string? Error) Parse(IReadOnlyList<string> args)
    {
        var command = "serve";
        var start = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            if (!Commands.ContainsKey(args[0]))
                return (null, $"unknown command \"{args[0]}\"; commands: {string.Join(", ", Commands.Keys)}");
            command = args[0];
            start = 1;
        }

        var spec = Commands[command];
        var flags = new Dictionary<string, string>();
        var lists = new Dictionary<string, List<string>>();
        var help = false;
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (arg == "--" && spec.TakesCommand)
                return (Build(command, flags, lists, help) with { Trailing = args.Skip(i + 1).ToList() }, null);
            if (!arg.StartsWith("--", StringComparison.Ordinal))
                return (null, $"unexpected argument \"{arg}\" for command {command}");
            var body = arg[2..];
            var eq = body.IndexOf('=');
            var name = eq >= 0 ? body[..eq] : body;
            var negated = eq < 0 && name.StartsWith("no-", StringComparison.Ordinal) && Switches.Contains(name[3..])
                && spec.Flags.Contains(name[3..]);
            if (negated)
                name = name[3..];
            if (!spec.Flags.Contains(name))
                return (null, $"unknown flag --{name} for command {command}; known: {string.Join(", ", spec.Flags.Select(f => "--" + f))}");
            string value;
            if (Switches.Contains(name))
            {
                value = negated ? "false" : eq >= 0 ? body[(eq + 1)..] : "true";
                if (value is not ("true" or "false"))
                    return (null, $"flag --{name} takes no value, or =true or =false; got \"{value}\"");
            }
            else if (eq >= 0)
                value = body[(eq + 1)..];
            else if (i + 1 < args.Count)
                value = args[++i];
            else
                return (null, $"flag --{name} needs a value");
            if (Repeatable.Contains(name))
                (lists.TryGetValue(name, out var list) ? list : lists[name] = []).Add(value);
            // --backup may repeat; every other flag takes the last value given.
            flags[name] = name == "backup" && flags.TryGetValue(name, out var earlier) ? earlier + "," + value : value;
        }
        return (Build(command, flags, lists, help), null);
    }

    private static CommandLine Build(string command, Dictionary<string, string> flags, Dictionary<string, List<string>> lists, bool help) =>
        new(command, flags, help) { Lists = lists.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value) };

    public static string Usage(string? command = null)
    {
        var lines = new List<string>();
        if (command is null || !Commands.TryGetValue(command, out var spec))
        {
            lines.Add("usage: backup-exporter [COMMAND] [FLAGS]");
            lines.Add("");
            lines.Add("Prometheus exporter that verifies MySQL and MariaDB backups.");
            lines.Add("");
            lines.Add("Commands:");
            lines.AddRange(Commands.Values.Select(c => $"  {c.Name,-13} {c.Summary}"));
            lines.Add("");
            lines.Add("Flags of serve:");
            lines.AddRange(FlagLines(Commands["serve"]));
            lines.Add("");
            lines.Add("Also: --help (after a command, its flags), --version.");
            return string.Join('\n', lines);
        }
        lines.Add($"usage: backup-exporter {spec.Name} [FLAGS]{(spec.TakesCommand ? " -- COMMAND [ARGS...]" : "")}");
        lines.Add("");
        lines.Add(spec.Summary);
        lines.Add("");
        lines.Add("Flags:");
        lines.AddRange(FlagLines(spec));
        return string.Join('\n', lines);
    }

    private static IEnumerable<string> FlagLines(CommandSpec spec) => spec.Flags.Select(flag =>
        $"  --{flag,-22} {FlagHelp[flag]}{(Defaults.TryGetValue(flag, out var d) ? $" (default: {d})" : "")}");
}

internal sealed record CommandSpec(string Name, string Summary, IReadOnlyList<string> Flags, bool TakesCommand = false);
