namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>A value representation: two upper-case letters (PS3.5 6.2).</summary>
public readonly record struct DicomVr(char First, char Second)
{
    private const string LongLength = "OB OD OF OL OV OW SQ SV UC UN UR UT UV";
    private const string Known = "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV";

    /// <summary>Unknown (UN).</summary>
    public static readonly DicomVr UN = Of("UN");

    /// <summary>Sequence of items (SQ).</summary>
    public static readonly DicomVr SQ = Of("SQ");

    /// <summary>Other byte (OB).</summary>
    public static readonly DicomVr OB = Of("OB");

    /// <summary>Other word (OW).</summary>
    public static readonly DicomVr OW = Of("OW");

    /// <summary>The VR's code as text.</summary>
    public string Code => $"{First}{Second}";

    /// <summary>True when explicit VR encoding gives it 2 reserved bytes and a 4-byte length.</summary>
    public bool HasLongLength => LongLength.Contains(Code, StringComparison.Ordinal);

    /// <summary>True for the VRs of PS3.5 table 6.2-1.</summary>
    public bool IsKnown => char.IsAsciiLetterUpper(First) && char.IsAsciiLetterUpper(Second) && Known.Contains(Code, StringComparison.Ordinal);

    /// <summary>True for text VRs whose value is padded with a space.</summary>
    public bool IsText => "AE AS CS DA DS DT IS LO LT PN SH ST TM UC UR UT".Contains(Code, StringComparison.Ordinal);

    /// <summary>The VR from its two letters.</summary>
    public static DicomVr Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == 2 ? new DicomVr(code[0], code[1]) : throw new ArgumentException($"'{code}' is not a two-letter VR", nameof(code));
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
