namespace Conduit.Plugins.Dicos.Network;

/// <summary>DIMSE status codes (PS3.7 annex C) and what they mean, for messages.</summary>
internal static class DimseStatus
{
    /// <summary>Success.</summary>
    public const ushort Success = 0x0000;

    /// <summary>Refused: SOP class not supported.</summary>
    public const ushort SopClassNotSupported = 0x0122;

    /// <summary>Unrecognised operation.</summary>
    public const ushort UnrecognisedOperation = 0x0211;

    /// <summary>Refused: out of resources (C-STORE, A7xx).</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>Error: data set does not match SOP class (C-STORE, A9xx).</summary>
    public const ushort DataSetDoesNotMatch = 0xA900;

    /// <summary>Error: cannot understand (C-STORE, Cxxx).</summary>
    public const ushort CannotUnderstand = 0xC000;

    /// <summary>Whether <paramref name="status"/> is a warning: the object was stored, with a remark.</summary>
    public static bool IsWarning(ushort status) => status is 0x0001 or (>= 0xB000 and <= 0xBFFF);

    /// <summary>What <paramref name="status"/> means.</summary>
    public static string Meaning(ushort status) => status switch
    {
        Success => "success",
        _ when IsWarning(status) => "warning",
        SopClassNotSupported => "refused: SOP class not supported",
        0x0124 => "refused: not authorised",
        UnrecognisedOperation => "unrecognised operation",
        0x0210 => "duplicate invocation",
        0x0212 => "mistyped argument",
        0x0213 => "resource limitation",
        >= 0xA700 and <= 0xA7FF => "refused: out of resources",
        >= 0xA900 and <= 0xA9FF => "error: data set does not match SOP class",
        >= 0xC000 and <= 0xCFFF => "error: cannot understand",
        0xFE00 => "cancelled",
        0xFF00 or 0xFF01 => "pending",
        _ => "failure",
    };
}
