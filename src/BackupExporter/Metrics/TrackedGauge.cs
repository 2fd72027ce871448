using Prometheus;

namespace BackupExporter.Metrics;

/// <summary>
/// A labelled gauge that forgets label sets which a render did not write, so that a vanished artifact, backup set
/// or server disappears from /metrics at the next scrape instead of lingering as a stale series.
/// </summary>
internal sealed class TrackedGauge
{
    private readonly Gauge _gauge;
    private Dictionary<string, Gauge.Child> _previous = new();
    private Dictionary<string, Gauge.Child> _current = new();

    public TrackedGauge(IMetricFactory factory, string name, string help, params string[] labelNames)
    {
        _gauge = factory.CreateGauge(name, help, labelNames);
    }

    /// <summary>Starts a render: label sets not written before <see cref="Sweep"/> are removed.</summary>
    public void Begin()
    {
        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    /// <summary>Writes one series and returns it, so that time-dependent values can be updated cheaply per scrape.</summary>
    public Gauge.Child Set(double value, params string[] labels)
    {
        var key = string.Join('\u001f', labels);
        if (!_previous.Remove(key, out var child))
            child = _gauge.WithLabels(labels);
        child.Set(value);
        _current[key] = child;
        return child;
    }

    public void Sweep()
    {
        foreach (var vanished in _previous.Values)
            vanished.Remove();
        _previous.Clear();
    }
}
