using System.Text.Json;
using System.Text.RegularExpressions;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Reads a job file's structure (not its stage types or options, which need the catalog) and collects every problem
/// with its JSON path and line instead of stopping at the first. Comments and trailing commas are allowed.
/// </summary>
public sealed partial class JobReader
{
    private static readonly string[] RootKeys = ["$schema", "name", "description", "memory", "channelCapacity", "workItems", "stages"];
    private static readonly string[] WorkItemKeys = ["stage", "option", "values", "description"];
    private static readonly string[] MemoryKeys = ["budget", "pools"];
    private static readonly string[] PoolKeys = ["kind", "size", "count", "limit", "alignment", "fallback", "directory", "description"];
    private static readonly string[] StageKeys = ["id", "use", "from", "with", "budget", "capacity", "description"];

    private readonly List<JobError> _errors = [];
    private JsonLineIndex _lines = null!;

    private JobReader()
    {
    }

    /// <summary>Options the job files are parsed with.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Reads a job file.</summary>
    public static JobDocument ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new JobDocument(path, null, JsonLineIndex.Build([], default), [new JobError("$", null, $"cannot read the job file: {e.Message}")]);
        }

        return Read(bytes, path);
    }

    /// <summary>Reads a job from UTF-8 bytes; <paramref name="path"/> names it in errors and anchors relative paths.</summary>
    public static JobDocument Read(ReadOnlySpan<byte> utf8, string? path = null)
    {
        // Editors on some systems save UTF-8 with a byte order mark; it is not JSON, so skip it.
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var reader = new JobReader
        {
            _lines = JsonLineIndex.Build(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }),
        };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            return new JobDocument(path, null, reader._lines, [new JobError("$", (int?)e.LineNumber + 1, $"not valid JSON: {TrimJsonMessage(e.Message)}")]);
        }

        using (document)
        {
            try
            {
                var definition = reader.ReadRoot(document.RootElement);
                foreach (var (duplicate, line) in reader._lines.DuplicateProperties)
                {
                    reader._errors.Add(new JobError(duplicate, line, "this key is written a second time in the same object; only one value can hold"));
                }

                return new JobDocument(path, definition, reader._lines, [.. reader._errors.OrderBy(e => e.Line ?? 0)]);
            }
            catch (InvalidOperationException e)
            {
                return new JobDocument(path, null, reader._lines, [.. reader._errors, new JobError("$", null, $"not valid UTF-8 text: {e.Message}")]);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex StageIdPattern();

    private static string TrimJsonMessage(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => element.GetRawText(),
    };

    private JobDefinition? ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", $"a job is a JSON object, found {Describe(root)}");
            return null;
        }

        CheckKeys(root, "$", RootKeys);
        var name = ReadString(root, "$", "name", required: true) ?? string.Empty;
        var memory = ReadMemory(root);
        var capacity = ReadInt(root, "$", "channelCapacity", minimum: 1) ?? JobDefinition.DefaultChannelCapacity;
        var stages = ReadStages(root);
        return new JobDefinition(name, memory, capacity, stages) { WorkItems = ReadWorkItems(root) };
    }

    private WorkItemsDefinition? ReadWorkItems(JsonElement root)
    {
        if (!root.TryGetProperty("workItems", out var element))
        {
            return null;
        }

        const string path = "$.workItems";
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected an object with \"stage\", \"option\" and \"values\", found {Describe(element)}");
            return null;
        }

        CheckKeys(element, path, WorkItemKeys);
        var stage = ReadString(element, path, "stage", required: true);
        var option = ReadString(element, path, "option", required: true);
        var values = new List<JsonElement>();
        if (!element.TryGetProperty("values", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            Error($"{path}.values", "expected a non-empty array: one value a work item");
        }
        else
        {
            var i = 0;
            foreach (var value in array.EnumerateArray())
            {
                if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    values.Add(value.Clone());
                }
                else
                {
                    Error($"{path}.values[{i}]", $"expected a string or a number, found {Describe(value)}");
                }

                i++;
            }
        }

        return stage is null || option is null || values.Count == 0 ? null : new WorkItemsDefinition(stage, option, values);
    }

    private MemoryDefinition ReadMemory(JsonElement root)
    {
        var pools = new Dictionary<string, PoolDefinition>(StringComparer.Ordinal);
        if (!root.TryGetProperty("memory", out var memory))
        {
            return new MemoryDefinition(MemoryDefinition.DefaultBudget, pools);
        }

        const string path = "$.memory";
        if (memory.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected an object with \"budget\" and \"pools\", found {Describe(memory)}");
            return new MemoryDefinition(MemoryDefinition.DefaultBudget, pools);
        }

        CheckKeys(memory, path, MemoryKeys);
        var budget = ReadSize(memory, path, "budget") ?? MemoryDefinition.DefaultBudget;
        if (memory.TryGetProperty("pools", out var poolsElement))
        {
            var poolsPath = $"{path}.pools";
            if (poolsElement.ValueKind != JsonValueKind.Object)
            {
                Error(poolsPath, $"expected an object of named pools, found {Describe(poolsElement)}");
            }
            else
            {
                foreach (var pool in poolsElement.EnumerateObject())
                {
                    if (ReadPool(pool.Name, pool.Value, JsonLineIndex.Property(poolsPath, pool.Name)) is { } definition)
                    {
                        pools[pool.Name] = definition;
                    }
                }
            }
        }

        return new MemoryDefinition(budget, pools);
    }

    private PoolDefinition? ReadPool(string name, JsonElement pool, string path)
    {
        if (pool.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected a pool object with \"kind\", found {Describe(pool)}");
            return null;
        }

        CheckKeys(pool, path, PoolKeys);
        var kind = ReadString(pool, path, "kind", required: true);
        if (kind is not null && !PoolKindName.All.Contains(kind))
        {
            Error($"{path}.kind", $"unknown pool kind \"{kind}\" (expected one of: {string.Join(", ", PoolKindName.All)})");
            kind = null;
        }

        var definition = new PoolDefinition(
            name,
            kind ?? PoolKindName.Managed,
            ReadSize(pool, path, "size"),
            ReadInt(pool, path, "count", minimum: 1),
            ReadSize(pool, path, "limit"),
            ReadInt(pool, path, "alignment", minimum: 64),
            ReadString(pool, path, "fallback", required: false),
            ReadString(pool, path, "directory", required: false));
        if (kind == PoolKindName.Slab)
        {
            if (definition.Size is null)
            {
                Error(path, "a slab pool needs \"size\" (bytes in each slab)");
            }

            if (definition.Count is null)
            {
                Error(path, "a slab pool needs \"count\" (number of slabs)");
            }
        }

        return kind is null ? null : definition;
    }

    private List<StageDefinition> ReadStages(JsonElement root)
    {
        var stages = new List<StageDefinition>();
        if (!root.TryGetProperty("stages", out var array))
        {
            Error("$", "missing \"stages\": a job needs at least one stage");
            return stages;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            Error("$.stages", $"expected an array of stages, found {Describe(array)}");
            return stages;
        }

        if (array.GetArrayLength() == 0)
        {
            Error("$.stages", "a job needs at least one stage");
        }

        var index = 0;
        foreach (var stage in array.EnumerateArray())
        {
            if (ReadStage(stage, index) is { } definition)
            {
                stages.Add(definition);
            }

            index++;
        }

        return stages;
    }

    private StageDefinition? ReadStage(JsonElement stage, int index)
    {
        var path = $"$.stages[{index}]";
        if (stage.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected a stage object with \"id\" and \"use\", found {Describe(stage)}");
            return null;
        }

        CheckKeys(stage, path, StageKeys);
        var id = ReadString(stage, path, "id", required: true);
        if (id is not null && !StageIdPattern().IsMatch(id))
        {
            Error($"{path}.id", $"\"{id}\" is not a stage id: use letters, digits, '-' and '_', starting with a letter or digit");
        }

        var use = ReadString(stage, path, "use", required: true);
        var from = ReadFrom(stage, path);
        JsonElement? with = null;
        if (stage.TryGetProperty("with", out var withElement))
        {
            if (withElement.ValueKind == JsonValueKind.Object)
            {
                with = withElement.Clone();
            }
            else
            {
                Error($"{path}.with", $"expected an object of options, found {Describe(withElement)}");
            }
        }

        var budget = ReadSize(stage, path, "budget");
        var capacity = ReadInt(stage, path, "capacity", minimum: 1);
        return id is null || use is null ? null : new StageDefinition(index, id, use, from, with, budget, capacity);
    }

    private List<string> ReadFrom(JsonElement stage, string path)
    {
        var from = new List<string>();
        if (!stage.TryGetProperty("from", out var element))
        {
            return from;
        }

        var fromPath = $"{path}.from";
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                from.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        from.Add(item.GetString()!);
                    }
                    else
                    {
                        Error($"{fromPath}[{i}]", $"expected a stage id, found {Describe(item)}");
                    }

                    i++;
                }

                break;
            default:
                Error(fromPath, $"expected a stage id or an array of stage ids, found {Describe(element)}");
                break;
        }

        return from;
    }

    private void CheckKeys(JsonElement element, string path, string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(JsonLineIndex.Property(path, property.Name), $"unknown key \"{property.Name}\" (expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    private string? ReadString(JsonElement parent, string path, string key, bool required)
    {
        if (!parent.TryGetProperty(key, out var value))
        {
            if (required)
            {
                Error(path, $"missing \"{key}\"");
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        Error($"{path}.{key}", $"expected a non-empty string, found {Describe(value)}");
        return null;
    }

    private int? ReadInt(JsonElement parent, string path, string key, int minimum)
    {
        if (!parent.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= minimum)
        {
            return number;
        }

        Error($"{path}.{key}", $"expected an integer of at least {minimum}, found {Describe(value)}");
        return null;
    }

    private ByteSize? ReadSize(JsonElement parent, string path, string key)
    {
        if (!parent.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var bytes) && bytes >= 0)
        {
            return new ByteSize(bytes);
        }

        if (value.ValueKind == JsonValueKind.String && ByteSize.TryParse(value.GetString(), out var size))
        {
            return size;
        }

        Error($"{path}.{key}", $"expected a size such as \"64 MiB\" or a number of bytes, found {Describe(value)}");
        return null;
    }

    private void Error(string path, string message) => _errors.Add(new JobError(path, _lines.LineOf(path), message));
}
