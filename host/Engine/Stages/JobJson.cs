using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conduit.Engine.Stages;

/// <summary>How stage options are read from <c>with</c> (and described in the schema): camelCase names, enums as
/// lower kebab-case strings (<c>"ram-lak"</c>), no unknown members, nullability and required members respected.</summary>
internal static class JobJson
{
    /// <summary>The serializer options for stage options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
