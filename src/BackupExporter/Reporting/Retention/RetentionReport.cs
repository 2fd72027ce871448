namespace BackupExporter.Reporting.Retention;

/// <summary>
/// A set's retention promise (<c>retention</c>) held against what is retained: good artifacts, and the days of the
/// window a good artifact was made on. <see cref="FirstMissingDay"/> is the start (in the set's time zone) of the
/// oldest day of the window without one. <see cref="WindowStart"/> is the start of the window's first day.
/// </summary>
/// <remarks>The properties' order is the order of the keys in JSON.</remarks>
internal sealed record RetentionReport
{
    public required bool Holds { get; init; }

    public required int MinGood { get; init; }

    public required int GoodArtifacts { get; init; }

    public required int WindowDays { get; init; }

    public required int RestorableDays { get; init; }

    public DateTimeOffset? WindowStart { get; init; }

    public DateTimeOffset? FirstMissingDay { get; init; }

    /// <summary>"7 of 7 days restorable", for the status page and <c>verify</c>; the artifacts count where min_good is set.</summary>
    public string Summary()
    {
        var days = WindowDays > 0 ? $"{RestorableDays} of {WindowDays} days restorable" : null;
        var good = MinGood > 0 ? $"{GoodArtifacts} good artifacts (at least {MinGood} promised)" : null;
        var missing = FirstMissingDay is { } day ? $"first missing day {day:yyyy-MM-dd}" : null;
        return string.Join(", ", new[] { days, good, missing }.Where(s => s is not null));
    }
}
