using System.Globalization;

namespace Conduit.Plugins.Fcs.Reading;

/// <summary>
/// The keywords of a data set, in file order. Keys are trimmed and compared without case (<c>$TOT</c>, <c>$tot</c> and
/// <c>"   $TOT"</c> are one key); values are kept as written.
/// </summary>
public sealed class FcsKeywords
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>Number of keywords.</summary>
    public int Count => _order.Count;

    /// <summary>Keys in file order.</summary>
    public IReadOnlyList<string> Keys => _order;

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>Adds a keyword; an existing key keeps its first value (primary TEXT wins over supplemental TEXT).</summary>
    /// <returns>False when the key was already there.</returns>
    public bool TryAdd(string key, string value)
    {
        var trimmed = key.Trim();
        if (!_values.TryAdd(trimmed, value))
        {
            return false;
        }

        _order.Add(trimmed);
        return true;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The value as a whole number (spaces and leading zeros allowed), or null when absent or not a number.</summary>
    public long? GetInt64(string key) =>
        this[key] is { } text && long.TryParse(text.Trim(), NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The value as a number, or null when absent or not a number.</summary>
    public double? GetDouble(string key) =>
        this[key] is { } text && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
