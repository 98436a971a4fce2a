using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conduit.Abstractions.Memory;

/// <summary>Reads a <see cref="ByteSize"/> from an integer or a <c>"64 MiB"</c> string; writes the string form.</summary>
public sealed class ByteSizeJsonConverter : JsonConverter<ByteSize>
{
    /// <inheritdoc />
    public override ByteSize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var bytes) && bytes >= 0
                ? new ByteSize(bytes)
                : throw new JsonException("expected a non-negative whole number of bytes");
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            return ByteSize.TryParse(text, out var size)
                ? size
                : throw new JsonException($"expected a size such as \"64 MiB\", found \"{text}\"");
        }

        throw new JsonException($"expected a size such as \"64 MiB\", found {reader.TokenType}");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ByteSize value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
