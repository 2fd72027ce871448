using BackupExporter.Inspection.Server;

namespace BackupExporter.Reporting;

/// <summary>
/// What of a server's observation a backup set's series depend on: whether it is up, whether binary logging is on,
/// and the names of the binlogs it retains (PITR, see PitrCoverage). Equal while those are: a new observation of the
/// server that changed only the sizes of its binlogs or its thread states leaves every set's cached series valid.
/// </summary>
internal sealed class PitrInputs(ServerObservation? server) : IEquatable<PitrInputs>
{
    public ServerObservation? Server { get; } = server;

    public bool Equals(PitrInputs? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(Server, other.Server))
            return true;
        if (Server is null || other.Server is null)
            return false;
        return Server.Up == other.Server.Up && Server.BinlogEnabled == other.Server.BinlogEnabled
            && SameNames(Server.Binlogs, other.Server.Binlogs);
    }

    public override bool Equals(object? obj) => obj is PitrInputs other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Server?.Up, Server?.BinlogEnabled, Server?.Binlogs?.Count);

    private static bool SameNames(IReadOnlyList<BinlogFile>? a, IReadOnlyList<BinlogFile>? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i].Name, b[i].Name, StringComparison.Ordinal))
                return false;
        }
        return true;
    }
}
