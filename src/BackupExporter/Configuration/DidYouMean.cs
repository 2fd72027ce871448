namespace BackupExporter.Configuration;

/// <summary>Suggests the known word closest to a mistyped one, so that error messages can say what was probably meant.</summary>
internal static class DidYouMean
{
    /// <summary>
    /// The best candidate: equal but for case, else within Levenshtein distance 2 (case-insensitive, and shorter
    /// than the words themselves so that "ab" does not suggest "log"), else one that starts with the input or that
    /// the input starts with. Null when nothing is close.
    /// </summary>
    public static string? Suggest(string input, IEnumerable<string> candidates)
    {
        if (input.Length == 0) return null;
        var lowerInput = input.ToLowerInvariant();
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var lowerCandidate = candidate.ToLowerInvariant();
            int score;
            if (lowerCandidate == lowerInput)
                score = 0;
            else if (Distance(lowerInput, lowerCandidate) is var distance and <= 2
                     && distance < Math.Min(lowerInput.Length, lowerCandidate.Length))
                score = distance;
            else if (lowerInput.Length >= 3 && (lowerCandidate.StartsWith(lowerInput) || lowerInput.StartsWith(lowerCandidate)))
                score = 3;
            else
                continue;
            if (score < bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary><c>; did you mean "x"?</c> to append to a message, or an empty string.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Suggest(input, candidates) is { } suggestion ? $"; did you mean \"{suggestion}\"?" : "";

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), two rows of memory.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
