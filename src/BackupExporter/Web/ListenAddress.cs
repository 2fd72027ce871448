using System.Globalization;
using System.Net;

namespace BackupExporter.Web;

/// <summary>
/// A <c>--web.listen-address</c> in the Prometheus style: <c>:9407</c> (every interface), <c>host:9407</c>, <c>[::1]:9407</c>.
/// </summary>
internal sealed record ListenAddress(string Text, string? Host, int Port)
{
    public static ListenAddress? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            return null;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out _))
                return null;
        }
        else if (host.Contains(':'))
            return null; // an IPv6 address must be in brackets, or its last group reads as the port
        return new ListenAddress(text, host.Length == 0 ? null : host, port);
    }

    /// <summary>The addresses to bind: every interface, loopback for <c>localhost</c>, else the host's addresses.</summary>
    public IReadOnlyList<IPAddress>? Addresses()
    {
        if (Host is null) return null;
        if (IPAddress.TryParse(Host, out var ip)) return [ip];
        if (Host == "localhost") return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        return Dns.GetHostAddresses(Host);
    }
}
