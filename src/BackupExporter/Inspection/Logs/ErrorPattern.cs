using BackupExporter.Configuration;

namespace BackupExporter.Inspection.Logs;

/// <summary>
/// One row of <see cref="ErrorPatterns"/>: lines of these kinds that match <see cref="Pattern"/> are of
/// <see cref="Class"/>; a null class says "not an error" (a warning, a note, an echoed command line).
/// </summary>
/// <param name="Pattern">
/// In the common subset of .NET regular expressions and POSIX extended ones (grep -E): literals, <c>[...]</c>,
/// <c>( | )</c>, <c>? * +</c>, <c>^ $</c>, <c>\b \s \w</c>; no <c>\d</c>, <c>(?:</c> or lookarounds. Groups do not
/// capture. Case-sensitive. Start it with a literal where possible: that keeps the first pass fast.
/// </param>
internal sealed record ErrorPattern(LogKind Kinds, ErrorClass? Class, string Pattern);
