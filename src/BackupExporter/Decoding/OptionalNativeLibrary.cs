using System.Runtime.InteropServices;

namespace BackupExporter.Decoding;

/// <summary>
/// Binds an optional native library by name and exports, for the decoders that fall back to another one when it is
/// missing: a machine without it gets a reason, not a crash, and nothing needs reflection (Native AOT).
/// </summary>
internal static class OptionalNativeLibrary
{
    /// <summary>
    /// Loads <paramref name="library"/> and resolves <paramref name="exports"/>, their addresses in the same order.
    /// Returns null when all are there, else why the library cannot be used: not installed (naming the Debian
    /// <paramref name="package"/>) or lacking <paramref name="whatIsMissing"/>.
    /// </summary>
    public static string? TryBind(string library, string package, string whatIsMissing, string[] exports, out nint[] addresses)
    {
        addresses = new nint[exports.Length];
        if (!NativeLibrary.TryLoad(library, out var handle))
            return $"{library} not found (install {package})";
        for (var i = 0; i < exports.Length; i++)
        {
            if (!NativeLibrary.TryGetExport(handle, exports[i], out addresses[i]))
                return $"{library} lacks {whatIsMissing}";
        }
        return null;
    }
}
