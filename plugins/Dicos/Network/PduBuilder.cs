using System.Buffers.Binary;
using System.Text;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>The PDUs of the DICOM upper layer, as bytes (PS3.8 section 9.3).</summary>
internal static class PduBuilder
{
    /// <summary>An A-ASSOCIATE-AC answering <paramref name="request"/> with one answer per proposed context.</summary>
    public static byte[] AssociateAccept(AssociationRequest request, IReadOnlyList<ContextAnswer> answers, uint maxPduLength)
    {
        var body = new List<byte>(256);
        body.AddRange([0x00, 0x01, 0x00, 0x00]);
        body.AddRange(AeTitle(request.CalledAeTitle));
        body.AddRange(AeTitle(request.CallingAeTitle));
        body.AddRange(new byte[32]);
        Item(body, 0x10, Encoding.ASCII.GetBytes(AssociationRequest.DicomApplicationContext));
        foreach (var answer in answers)
        {
            var context = new List<byte> { answer.Id, 0, answer.Result, 0 };
            Item(context, 0x40, Encoding.ASCII.GetBytes(answer.TransferSyntax));
            Item(body, 0x21, [.. context]);
        }

        body.AddRange(UserInformation(maxPduLength));
        return Pdu(PduType.AssociateAccept, [.. body]);
    }

    /// <summary>An A-ASSOCIATE-RQ from <paramref name="callingAeTitle"/> to <paramref name="calledAeTitle"/> proposing
    /// <paramref name="contexts"/>.</summary>
    public static byte[] AssociateRequest(string calledAeTitle, string callingAeTitle, IReadOnlyList<PresentationContext> contexts, uint maxPduLength)
    {
        var body = new List<byte>(256);
        body.AddRange([0x00, 0x01, 0x00, 0x00]);
        body.AddRange(AeTitle(calledAeTitle));
        body.AddRange(AeTitle(callingAeTitle));
        body.AddRange(new byte[32]);
        Item(body, 0x10, Encoding.ASCII.GetBytes(AssociationRequest.DicomApplicationContext));
        foreach (var context in contexts)
        {
            var item = new List<byte> { context.Id, 0, 0, 0 };
            Item(item, 0x30, Encoding.ASCII.GetBytes(context.AbstractSyntax));
            foreach (var syntax in context.TransferSyntaxes)
            {
                Item(item, 0x40, Encoding.ASCII.GetBytes(syntax));
            }

            Item(body, 0x20, [.. item]);
        }

        body.AddRange(UserInformation(maxPduLength));
        return Pdu(PduType.AssociateRequest, [.. body]);
    }

    /// <summary>An A-RELEASE-RQ.</summary>
    public static byte[] ReleaseRequest() => Pdu(PduType.ReleaseRequest, [0, 0, 0, 0]);

    /// <summary>An A-ASSOCIATE-RJ: result 1 permanent or 2 transient; source 1 service user, 2 service provider (ACSE),
    /// 3 service provider (presentation); the reason within that source (PS3.8 table 9-21).</summary>
    public static byte[] AssociateReject(byte result, byte source, byte reason) => Pdu(PduType.AssociateReject, [0, result, source, reason]);

    /// <summary>An A-RELEASE-RP.</summary>
    public static byte[] ReleaseResponse() => Pdu(PduType.ReleaseResponse, [0, 0, 0, 0]);

    /// <summary>An A-ABORT from the service provider (source 2) with its reason: 0 not specified, 1 unrecognised PDU,
    /// 2 unexpected PDU, 4 unrecognised PDU parameter, 5 unexpected PDU parameter, 6 invalid PDU parameter value.</summary>
    public static byte[] Abort(byte reason) => Pdu(PduType.Abort, [0, 0, 2, reason]);

    /// <summary>A P-DATA-TF carrying a whole command set in one last-fragment PDV on <paramref name="contextId"/>.</summary>
    public static byte[] Command(byte contextId, ReadOnlySpan<byte> command)
    {
        var body = new byte[6 + command.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(command.Length + 2));
        body[4] = contextId;
        body[5] = 0x03;
        command.CopyTo(body.AsSpan(6));
        return Pdu(PduType.Data, body);
    }

    /// <summary>The header of a P-DATA-TF holding one PDV of <paramref name="fragment"/> bytes, written before them.</summary>
    public static byte[] DataHeader(byte contextId, bool command, bool last, int fragment)
    {
        var header = new byte[12];
        header[0] = (byte)PduType.Data;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), (uint)(fragment + 6));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(6), (uint)(fragment + 2));
        header[10] = contextId;
        header[11] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
        return header;
    }

    private static List<byte> UserInformation(uint maxPduLength)
    {
        var user = new List<byte>();
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, maxPduLength);
        Item(user, 0x51, max);
        Item(user, 0x52, Encoding.ASCII.GetBytes(DicomWriter.ImplementationClassUid));
        Item(user, 0x55, Encoding.ASCII.GetBytes(DicomWriter.ImplementationVersionName));
        var item = new List<byte>();
        Item(item, 0x50, [.. user]);
        return item;
    }

    private static byte[] Pdu(PduType type, byte[] body)
    {
        var pdu = new byte[6 + body.Length];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body.Length);
        body.CopyTo(pdu, 6);
        return pdu;
    }

    private static void Item(List<byte> target, byte type, byte[] value)
    {
        target.Add(type);
        target.Add(0);
        target.Add((byte)(value.Length >> 8));
        target.Add((byte)value.Length);
        target.AddRange(value);
    }

    private static byte[] AeTitle(string title) => Encoding.ASCII.GetBytes(title.PadRight(16)[..16]);
}
