using BackupExporter.Configuration;
using BackupExporter.Decoding;
using BackupExporter.Inspection;
using BackupExporter.Restore.Sandbox;

namespace BackupExporter.Restore.Formats;

/// <summary>How a drill brings an artifact back into a server.</summary>
internal enum RestoreMethod
{
    /// <summary>SQL or per-table files loaded into a freshly initialised, running sandbox.</summary>
    Logical,

    /// <summary>Data files fetched (extracted), prepared in a copy, and the sandbox started on them.</summary>
    Physical,
}

/// <summary>A logical format's load into the running sandbox.</summary>
/// <returns>the bytes restored, and the decoding time that overlapped the load (reported as the fetch phase)</returns>
internal delegate Task<(long RestoredBytes, TimeSpan Fetch)> LogicalLoad(ArtifactObservation artifact,
    SandboxServer sandbox, string database,
    DecoderLibraries decoders, CancellationToken cancellationToken);

/// <summary>Reads the binlog coordinates an artifact records: where a binlog replay after its restore starts.</summary>
internal delegate ArtifactFacts? BinlogCoordinates(BackupSetConfig set, string artifact, CancellationToken cancellationToken);

/// <summary>Everything a drill does differently for one artifact format (<see cref="RestoreFormats.Of"/>).</summary>
/// <param name="Load">the load of a logical format into a running sandbox; null for a physical one, which
/// Physical/PhysicalRestore fetches (with the extractor of the kind's <see cref="PhysicalMaker"/>) and prepares</param>
/// <param name="ReplayStart">where binlog replay starts</param>
/// <param name="TableCheck">the CHECK TABLE level when <c>check_tables</c> is on: QUICK where the sandbox wrote the
/// pages (a load), full where they came from the backup</param>
/// <param name="Unsupported">why this host cannot restore the format (a missing tool), asked before anything is written</param>
internal sealed record RestoreFormat(LogicalLoad? Load, BinlogCoordinates ReplayStart, TableCheck TableCheck, Func<string?> Unsupported)
{
    public RestoreMethod Method => Load is null ? RestoreMethod.Physical : RestoreMethod.Logical;
}
