using System.Text;
using System.Text.Json;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Maps each JSON path of a document to the line its value starts on, so that errors found after parsing (unknown
/// stage type, bad option) can still name a line. <see cref="JsonElement"/> keeps no positions, hence this index.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly List<(string Path, int Line)> _duplicates = [];

    private JsonLineIndex()
    {
    }

    /// <summary>Indexes <paramref name="utf8"/>; a document that does not parse yields the lines up to the error.</summary>
    public static JsonLineIndex Build(ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var index = new JsonLineIndex();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, options);
        var path = new List<string>();
        var arrayIndices = new Stack<int>();
        var names = new Stack<HashSet<string>?>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        if (names.Count > 0 && names.Peek() is { } seen && !seen.Add(pendingProperty!))
                        {
                            index._duplicates.Add((PathOf(path, pendingProperty!), LineOf(lineStarts, reader.TokenStartIndex)));
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var segment = NextSegment(ref pendingProperty, arrayIndices);
                        if (segment is not null)
                        {
                            path.Add(segment);
                        }

                        index.Record(path, LineOf(lineStarts, reader.TokenStartIndex));
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            arrayIndices.Push(0);
                            names.Push(null);
                        }
                        else
                        {
                            arrayIndices.Push(-1);
                            names.Push(new HashSet<string>(StringComparer.Ordinal));
                        }

                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        arrayIndices.Pop();
                        names.Pop();
                        if (path.Count > 0)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        break;
                    case JsonTokenType.Comment:
                        break;
                    default:
                        var valueSegment = NextSegment(ref pendingProperty, arrayIndices);
                        if (valueSegment is not null)
                        {
                            path.Add(valueSegment);
                            index.Record(path, LineOf(lineStarts, reader.TokenStartIndex));
                            path.RemoveAt(path.Count - 1);
                        }
                        else
                        {
                            index.Record(path, LineOf(lineStarts, reader.TokenStartIndex));
                        }

                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Bad JSON or bad UTF-8: the reader of the document reports it; keep what was indexed.
        }

        return index;
    }

    /// <summary>Properties written a second time in the same object (JSON parsers keep the last value silently), with the
    /// line of the second.</summary>
    public IReadOnlyList<(string Path, int Line)> DuplicateProperties => _duplicates;

    /// <summary>The line of <paramref name="path"/>, or of its nearest ancestor that exists in the document.</summary>
    public int? LineOf(string path)
    {
        var current = path;
        while (true)
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                return null;
            }

            current = current[..cut];
        }
    }

    /// <summary>Appends a property name to a JSON path, quoting names that are not plain identifiers.</summary>
    public static string Property(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string? NextSegment(ref string? pendingProperty, Stack<int> arrayIndices)
    {
        if (pendingProperty is not null)
        {
            var name = pendingProperty;
            pendingProperty = null;
            return Property(string.Empty, name);
        }

        if (arrayIndices.Count > 0 && arrayIndices.Peek() >= 0)
        {
            var i = arrayIndices.Pop();
            arrayIndices.Push(i + 1);
            return $"[{i}]";
        }

        return null;
    }

    private static int LineOf(List<int> lineStarts, long offset)
    {
        var found = lineStarts.BinarySearch((int)offset);
        return (found >= 0 ? found : ~found - 1) + 1;
    }

    private static string PathOf(List<string> path, string property) => Property(string.Concat(path.Prepend("$")), property);

    private void Record(List<string> path, int line)
    {
        var text = new StringBuilder("$");
        foreach (var segment in path)
        {
            text.Append(segment);
        }

        _lines.TryAdd(text.ToString(), line);
    }
}
