using System.Globalization;
using System.Text;

namespace Conduit.Plugins.Fcs.Tests;

/// <summary>Writes small FCS files for tests: HEADER, TEXT with the given keywords (offsets filled in), DATA.</summary>
internal static class FcsBuilder
{
    public static byte[] Build(IReadOnlyList<(string Key, string Value)> keywords, byte[] data, string version = "FCS3.1", char delimiter = '/', bool offsetsInText = true)
    {
        const int textStart = 58;
        string Text(long dataStart, long dataEnd)
        {
            var text = new StringBuilder().Append(delimiter);
            var all = keywords.ToList();
            if (offsetsInText)
            {
                all.Add(("$BEGINDATA", dataStart.ToString("D12", CultureInfo.InvariantCulture)));
                all.Add(("$ENDDATA", dataEnd.ToString("D12", CultureInfo.InvariantCulture)));
            }

            foreach (var (key, value) in all)
            {
                var d = delimiter.ToString();
                text.Append(key.Replace(d, d + d, StringComparison.Ordinal)).Append(delimiter).Append(value.Replace(d, d + d, StringComparison.Ordinal)).Append(delimiter);
            }

            return text.ToString();
        }

        var probe = Encoding.UTF8.GetByteCount(Text(0, 0));
        var dataStart = textStart + probe;
        var dataEnd = dataStart + data.Length - 1;
        var textBytes = Encoding.UTF8.GetBytes(Text(dataStart, dataEnd));
        var header = Encoding.ASCII.GetBytes(
            version + "    " + Field(textStart) + Field(textStart + textBytes.Length - 1) + Field(dataStart) + Field(dataEnd) + Field(0) + Field(0));
        return [.. header, .. textBytes, .. data];
    }

    public static List<(string Key, string Value)> Keywords(string dataType, string byteOrder, long events, params (string Name, int Bits, string Range)[] channels)
    {
        var keywords = new List<(string, string)>
        {
            ("$DATATYPE", dataType), ("$BYTEORD", byteOrder), ("$MODE", "L"),
            ("$PAR", channels.Length.ToString(CultureInfo.InvariantCulture)), ("$TOT", events.ToString(CultureInfo.InvariantCulture)),
            ("$NEXTDATA", "0"),
        };
        for (var i = 0; i < channels.Length; i++)
        {
            keywords.Add(($"$P{i + 1}N", channels[i].Name));
            keywords.Add(($"$P{i + 1}B", channels[i].Bits == 0 ? "*" : channels[i].Bits.ToString(CultureInfo.InvariantCulture)));
            keywords.Add(($"$P{i + 1}R", channels[i].Range));
            keywords.Add(($"$P{i + 1}E", "0,0"));
        }

        return keywords;
    }

    private static string Field(long value) => value.ToString(CultureInfo.InvariantCulture).PadLeft(8);
}
