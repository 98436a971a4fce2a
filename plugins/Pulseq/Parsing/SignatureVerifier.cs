using System.Security.Cryptography;
using Conduit.Plugins.Pulseq.Model;

namespace Conduit.Plugins.Pulseq.Parsing;

/// <summary>
/// Checks a <c>[SIGNATURE]</c> hash against the bytes before it. The writers hash the finished file and then append
/// "\n[SIGNATURE]\n...", so the hash covers everything up to, not including, the newline before <c>[SIGNATURE]</c>.
/// JEMRIS includes that newline; some files were converted to CRLF after signing. Each variant is tried and the one
/// that matched is named.
/// </summary>
internal static class SignatureVerifier
{
    public static SignatureCheck Verify(ReadOnlySpan<byte> file, int signatureStart, string? type, string? hash)
    {
        if (type is null || hash is null)
        {
            return new SignatureCheck(true, type, hash, false, null);
        }

        // signatureStart is the offset of '['; the newline before it belongs to the signature.
        var beforeNewline = signatureStart;
        if (beforeNewline > 0 && file[beforeNewline - 1] == (byte)'\n')
        {
            beforeNewline--;
            if (beforeNewline > 0 && file[beforeNewline - 1] == (byte)'\r')
            {
                beforeNewline--;
            }
        }

        var candidates = new (string Convention, byte[] Bytes)[]
        {
            ("spec", file[..beforeNewline].ToArray()),
            ("incl-newline", file[..signatureStart].ToArray()),
        };
        foreach (var (convention, bytes) in candidates)
        {
            if (Matches(type, bytes, hash))
            {
                return new SignatureCheck(true, type, hash, true, convention);
            }

            var normalised = WithoutCarriageReturns(bytes);
            if (normalised.Length != bytes.Length && Matches(type, normalised, hash))
            {
                return new SignatureCheck(true, type, hash, true, convention + ", LF-normalised");
            }
        }

        return new SignatureCheck(true, type, hash, false, null);
    }

    private static bool Matches(string type, byte[] bytes, string expected)
    {
        byte[]? digest = type.ToUpperInvariant() switch
        {
#pragma warning disable CA5351, CA5350 // The file format names the hash; we only check what the writer chose.
            "MD5" => MD5.HashData(bytes),
            "SHA1" => SHA1.HashData(bytes),
#pragma warning restore CA5351, CA5350
            "SHA256" => SHA256.HashData(bytes),
            _ => null,
        };
        return digest is not null && string.Equals(Convert.ToHexString(digest), expected, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] WithoutCarriageReturns(byte[] bytes)
    {
        var result = new byte[bytes.Length];
        var n = 0;
        foreach (var b in bytes)
        {
            if (b != (byte)'\r')
            {
                result[n++] = b;
            }
        }

        return result[..n];
    }
}
