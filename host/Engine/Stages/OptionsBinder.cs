using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Stages;

/// <summary>
/// Binds a stage's <c>with</c> object to its options class and validates it (data annotations and
/// <see cref="IValidatableObject"/>), reporting every bad option at once, each at its JSON path.
/// </summary>
internal static class OptionsBinder
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Binds and validates a small options object once, so that the serializer's converters and the
    /// validator exist before the first stage's options are bound.</summary>
    public static void WarmUp() => Bind(JsonDocument.Parse("""{ "name": "warm", "count": 1, "scale": 1.5, "on": true }""").RootElement, typeof(WarmUpOptions), "$", new List<(string, string)>());

    /// <summary>Binds <paramref name="with"/> (null means no options) to <paramref name="optionsType"/>.</summary>
    /// <param name="with">The options object as written.</param>
    /// <param name="optionsType">The stage's options class.</param>
    /// <param name="path">JSON path of <paramref name="with"/>, for errors.</param>
    /// <param name="errors">Receives each problem as (path, message).</param>
    /// <returns>The bound options, or null when there were errors.</returns>
    public static object? Bind(JsonElement? with, Type optionsType, string path, ICollection<(string Path, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            return BindCore(with, optionsType, path, errors);
        }
        catch (InvalidOperationException e)
        {
            // Text that JSON allows but .NET cannot decode: invalid UTF-8, or a lone escaped surrogate such as \ud800.
            errors.Add((path, $"contains text that is not valid Unicode: {e.Message}"));
            return null;
        }
    }

    private static object? BindCore(JsonElement? with, Type optionsType, string path, ICollection<(string Path, string Message)> errors)
    {
        var typeInfo = JobJson.Options.GetTypeInfo(optionsType);
        var element = with ?? EmptyObject;
        var before = errors.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = Jobs.JsonLineIndex.Property(path, property.Name);
            var info = typeInfo.Properties.FirstOrDefault(p => p.Name == property.Name);
            if (info is null || info.Set is null)
            {
                var known = typeInfo.Properties.Where(p => p.Set is not null).Select(p => p.Name);
                errors.Add((propertyPath, $"unknown option \"{property.Name}\" (options of this stage: {string.Join(", ", known)})"));
                continue;
            }

            seen.Add(property.Name);
            try
            {
                JsonSerializer.Deserialize(property.Value, info.PropertyType, JobJson.Options);
            }
            catch (JsonException e)
            {
                var inner = e.Path is { Length: > 1 } innerPath ? propertyPath + innerPath[1..] : propertyPath;
                errors.Add((inner, DescribeMismatch(info.PropertyType, property.Value, e)));
            }
        }

        foreach (var info in typeInfo.Properties)
        {
            if (!seen.Contains(info.Name) && IsRequired(info))
            {
                errors.Add((path, $"missing required option \"{info.Name}\""));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        object options;
        try
        {
            options = JsonSerializer.Deserialize(element, optionsType, JobJson.Options)
                ?? throw new JsonException("options bound to null");
        }
        catch (JsonException e)
        {
            errors.Add((path, e.Message));
            return null;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                var jsonName = member is null ? null : typeInfo.Properties.FirstOrDefault(p => (p.AttributeProvider as MemberInfo)?.Name == member)?.Name;
                errors.Add((jsonName is null ? path : Jobs.JsonLineIndex.Property(path, jsonName), ToJsonNames(result.ErrorMessage ?? "is not valid", typeInfo)));
            }

            return null;
        }

        return options;
    }

    /// <summary>What a value of <paramref name="type"/> looks like in JSON, for messages.</summary>
    public static string DescribeType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            var names = Enum.GetNames(underlying).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n));
            return $"one of {string.Join(", ", names.Select(n => $"\"{n}\""))}";
        }

        return underlying switch
        {
            _ when underlying == typeof(ByteSize) => "a size such as \"64 MiB\" or a number of bytes",
            _ when underlying == typeof(string) => "a string",
            _ when underlying == typeof(bool) => "true or false",
            _ when underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(short) || underlying == typeof(byte)
                || underlying == typeof(uint) || underlying == typeof(ulong) || underlying == typeof(ushort) => "an integer",
            _ when underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal) => "a number",
            _ when underlying.IsArray || (underlying.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying)) => "an array",
            _ => "an object",
        };
    }

    private static string DescribeMismatch(Type type, JsonElement value, JsonException exception)
    {
        var found = value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };

        // Converters of our own types (sizes) explain themselves; the serializer's own messages name CLR types.
        return exception.InnerException is null && !exception.Message.Contains("could not be converted", StringComparison.Ordinal)
               && !exception.Message.Contains("Path:", StringComparison.Ordinal)
            ? exception.Message
            : $"expected {DescribeType(type)}, found {found}";
    }

    private static bool IsRequired(JsonPropertyInfo info) =>
        info.IsRequired || (info.AttributeProvider?.IsDefined(typeof(RequiredAttribute), true) ?? false);

    private static string ToJsonNames(string message, JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider is MemberInfo member && member.Name != property.Name)
            {
                message = message.Replace($"The {member.Name} field", $"\"{property.Name}\"", StringComparison.Ordinal)
                    .Replace($"field {member.Name}", $"\"{property.Name}\"", StringComparison.Ordinal);
            }
        }

        return message;
    }

    // The kinds of member stage options have: text, integers, numbers, flags and a range check.
    private sealed class WarmUpOptions
    {
        [Required]
        public string Name { get; set; } = string.Empty;

        [Range(1, 10)]
        public int Count { get; set; }

        public double Scale { get; set; }

        public bool On { get; set; }
    }
}
