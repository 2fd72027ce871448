using BackupExporter.Inspection;

namespace BackupExporter.Scheduling;

/// <summary>
/// One inspection a configuration has, not made yet: its name, the backup sets whose verdicts read it (none for a
/// server no set names), the settings it is made from (while they are equal, a reload keeps the running instance and
/// its caches) and how to make it.
/// </summary>
internal sealed record PlannedInspection(string Name, IReadOnlyList<string> Sets, object Settings, Func<IInspection> Create);
