using System.Buffers.Binary;
using System.Text;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>An A-ASSOCIATE-RQ (PS3.8 section 9.3.2): who calls whom, in which application context, with which
/// presentation contexts, and the requester's user information.</summary>
internal sealed class AssociationRequest
{
    /// <summary>The DICOM application context, the only one there is (PS3.7 annex A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    // Protocol version (2), reserved (2), called AE (16), calling AE (16), reserved (32).
    private const int FixedFields = 68;

    private AssociationRequest(ushort protocolVersion, string calledAeTitle, string callingAeTitle)
    {
        ProtocolVersion = protocolVersion;
        CalledAeTitle = calledAeTitle;
        CallingAeTitle = callingAeTitle;
    }

    /// <summary>The protocol version bits; bit 0 is version 1, the only one.</summary>
    public ushort ProtocolVersion { get; }

    /// <summary>The AE title the requester called, without padding.</summary>
    public string CalledAeTitle { get; }

    /// <summary>The requester's own AE title, without padding.</summary>
    public string CallingAeTitle { get; }

    /// <summary>The application context name.</summary>
    public string ApplicationContext { get; private set; } = "";

    /// <summary>The presentation contexts proposed.</summary>
    public List<PresentationContext> Contexts { get; } = [];

    /// <summary>The largest P-DATA-TF PDU the requester receives, 0 for no limit.</summary>
    public uint MaxPduLength { get; private set; }

    /// <summary>The requester's implementation class UID.</summary>
    public string ImplementationClassUid { get; private set; } = "";

    /// <summary>The requester's implementation version name, if it sent one.</summary>
    public string ImplementationVersionName { get; private set; } = "";

    /// <summary>Parses the body of an A-ASSOCIATE-RQ (what follows the 6-byte PDU header).</summary>
    /// <param name="body">The PDU's variable part.</param>
    /// <param name="peer">The peer, for messages.</param>
    /// <param name="offset">Where <paramref name="body"/> starts in what the peer sent.</param>
    /// <exception cref="DicomNetworkException">An item is shorter than its fields, or runs past the PDU.</exception>
    public static AssociationRequest Parse(ReadOnlySpan<byte> body, string peer, long offset)
    {
        if (body.Length < FixedFields)
        {
            throw new DicomNetworkException(peer, $"A-ASSOCIATE-RQ of {body.Length} bytes; its fixed fields take {FixedFields}", offset);
        }

        var request = new AssociationRequest(BinaryPrimitives.ReadUInt16BigEndian(body), AeTitle(body.Slice(4, 16)), AeTitle(body.Slice(20, 16)));
        foreach (var (type, value, at) in Items(body, FixedFields, peer, offset))
        {
            switch (type)
            {
                case 0x10:
                    request.ApplicationContext = Uid(value);
                    break;
                case 0x20:
                    var context = ParseContext(value, peer, offset + at);
                    if (request.Contexts.Exists(c => c.Id == context.Id))
                    {
                        // Each answer and every P-DATA value names its context by this ID (PS3.8 9.3.2.2).
                        throw new DicomNetworkException(peer, $"presentation context ID {context.Id} is proposed twice", offset + at);
                    }

                    request.Contexts.Add(context);
                    break;
                case 0x50:
                    request.ParseUserInformation(value, peer, offset + at);
                    break;
                default:
                    // PS3.8 9.3.1: items of unknown type are ignored.
                    break;
            }
        }

        if (request.ApplicationContext.Length == 0)
        {
            throw new DicomNetworkException(peer, "A-ASSOCIATE-RQ without an application context item", offset);
        }

        return request;
    }

    /// <summary>The items of a PDU or item body from <paramref name="start"/> on, each a type byte, a reserved byte, a
    /// big-endian 16-bit length and its value.</summary>
    internal static List<(byte Type, byte[] Value, int Offset)> Items(ReadOnlySpan<byte> body, int start, string peer, long offset)
    {
        var items = new List<(byte, byte[], int)>();
        var at = start;
        while (at < body.Length)
        {
            if (body.Length - at < 4)
            {
                throw new DicomNetworkException(peer, $"an item header needs 4 bytes; {body.Length - at} are left", offset + at);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            if (length > body.Length - at - 4)
            {
                throw new DicomNetworkException(peer, $"item 0x{body[at]:X2} claims {length} bytes; {body.Length - at - 4} are left in its PDU", offset + at);
            }

            items.Add((body[at], body.Slice(at + 4, length).ToArray(), at));
            at += 4 + length;
        }

        return items;
    }

    private static PresentationContext ParseContext(byte[] value, string peer, long offset)
    {
        if (value.Length < 4)
        {
            throw new DicomNetworkException(peer, $"presentation context item of {value.Length} bytes; it needs 4 before its sub-items", offset);
        }

        var abstractSyntax = "";
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub, _) in Items(value, 4, peer, offset + 4))
        {
            if (type == 0x30)
            {
                abstractSyntax = Uid(sub);
            }
            else if (type == 0x40)
            {
                transferSyntaxes.Add(Uid(sub));
            }
        }

        return new PresentationContext(value[0], abstractSyntax, transferSyntaxes);
    }

    private void ParseUserInformation(byte[] value, string peer, long offset)
    {
        foreach (var (type, sub, at) in Items(value, 0, peer, offset + 4))
        {
            switch (type)
            {
                case 0x51 when sub.Length == 4:
                    MaxPduLength = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case 0x51:
                    throw new DicomNetworkException(peer, $"maximum length sub-item of {sub.Length} bytes; it holds 4", offset + 4 + at);
                case 0x52:
                    ImplementationClassUid = Uid(sub);
                    break;
                case 0x55:
                    ImplementationVersionName = Encoding.ASCII.GetString(sub).Trim();
                    break;
                default:
                    // Asynchronous operations, role selection and extended negotiation are not offered: leaving them
                    // out of the answer declines them (PS3.7 D.3.3).
                    break;
            }
        }
    }

    private static string AeTitle(ReadOnlySpan<byte> field) => Encoding.ASCII.GetString(field).Trim(' ', '\0');

    private static string Uid(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
}
