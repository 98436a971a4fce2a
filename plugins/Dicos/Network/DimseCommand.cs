using System.Buffers.Binary;
using System.Text;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>A DIMSE command set (PS3.7 section 9.3 and annex E): group 0000 elements in implicit VR little endian.</summary>
internal sealed class DimseCommand
{
    /// <summary>C-STORE-RQ.</summary>
    public const ushort StoreRequest = 0x0001;

    /// <summary>C-ECHO-RQ.</summary>
    public const ushort EchoRequest = 0x0030;

    /// <summary>The bit that turns a request's command field into its response's.</summary>
    public const ushort Response = 0x8000;

    /// <summary>Command Data Set Type when no data set follows.</summary>
    public const ushort NoDataSet = 0x0101;

    private const ushort AffectedSopClass = 0x0002;
    private const ushort CommandField = 0x0100;
    private const ushort MessageId = 0x0110;
    private const ushort MessageIdBeingRespondedTo = 0x0120;
    private const ushort Priority = 0x0700;
    private const ushort DataSetType = 0x0800;
    private const ushort StatusElement = 0x0900;
    private const ushort ErrorComment = 0x0902;
    private const ushort AffectedSopInstance = 0x1000;

    private readonly SortedDictionary<ushort, byte[]> _elements = [];

    /// <summary>The command field: what is asked or answered.</summary>
    public ushort Field => UInt16(CommandField);

    /// <summary>The message id of a request.</summary>
    public ushort Id => UInt16(MessageId);

    /// <summary>Whether a data set follows the command.</summary>
    public bool HasDataSet => UInt16(DataSetType) != NoDataSet;

    /// <summary>The affected SOP class UID.</summary>
    public string SopClass => Text(AffectedSopClass);

    /// <summary>The affected SOP instance UID.</summary>
    public string SopInstance => Text(AffectedSopInstance);

    /// <summary>The status of a response.</summary>
    public ushort Status => UInt16(StatusElement);

    /// <summary>Parses a command set.</summary>
    /// <exception cref="DicomNetworkException">An element runs past the command, or is not in group 0000.</exception>
    public static DimseCommand Parse(ReadOnlySpan<byte> bytes, string peer, long offset)
    {
        var command = new DimseCommand();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 8)
            {
                throw new DicomNetworkException(peer, $"a command element header needs 8 bytes; {bytes.Length - at} are left", offset + at);
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(at + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            if (group != 0)
            {
                throw new DicomNetworkException(peer, $"command element ({group:X4},{element:X4}) is outside group 0000", offset + at);
            }

            if (length > (uint)(bytes.Length - at - 8))
            {
                throw new DicomNetworkException(peer, $"command element (0000,{element:X4}) claims {length} bytes; {bytes.Length - at - 8} are left", offset + at);
            }

            command._elements[element] = bytes.Slice(at + 8, (int)length).ToArray();
            at += 8 + (int)length;
        }

        if (!command._elements.ContainsKey(CommandField))
        {
            throw new DicomNetworkException(peer, "a command set without Command Field (0000,0100)", offset);
        }

        return command;
    }

    /// <summary>The response to <paramref name="request"/> with <paramref name="status"/> (and a comment for a failure).</summary>
    public static byte[] ResponseTo(DimseCommand request, ushort status, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new DimseCommand();
        response.SetText(AffectedSopClass, request.SopClass);
        response.SetUInt16(CommandField, (ushort)(request.Field | Response));
        response.SetUInt16(MessageIdBeingRespondedTo, request.Id);
        response.SetUInt16(DataSetType, NoDataSet);
        response.SetUInt16(StatusElement, status);
        if (comment is not null)
        {
            // Error Comment is LO: 64 characters at most.
            response.SetText(ErrorComment, comment.Length > 64 ? comment[..64] : comment, pad: (byte)' ');
        }

        if (request._elements.ContainsKey(AffectedSopInstance))
        {
            response.SetText(AffectedSopInstance, request.SopInstance);
        }

        return response.Encode();
    }

    /// <summary>A request: <paramref name="field"/> with its message id, for the given SOP class (and instance).</summary>
    public static byte[] Request(ushort field, ushort id, string sopClass, string? sopInstance, bool dataSet)
    {
        var request = new DimseCommand();
        request.SetText(AffectedSopClass, sopClass);
        request.SetUInt16(CommandField, field);
        request.SetUInt16(MessageId, id);
        if (field == StoreRequest)
        {
            request.SetUInt16(Priority, 0);
        }

        request.SetUInt16(DataSetType, dataSet ? (ushort)0x0000 : NoDataSet);
        if (sopInstance is not null)
        {
            request.SetText(AffectedSopInstance, sopInstance);
        }

        return request.Encode();
    }

    private byte[] Encode()
    {
        var length = _elements.Values.Sum(v => 8 + v.Length);
        var bytes = new byte[12 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)length);
        var at = 12;
        foreach (var (element, value) in _elements)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), element);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), (uint)value.Length);
            value.CopyTo(bytes, at + 8);
            at += 8 + value.Length;
        }

        return bytes;
    }

    private ushort UInt16(ushort element) =>
        _elements.TryGetValue(element, out var value) && value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : (ushort)0;

    private string Text(ushort element) =>
        _elements.TryGetValue(element, out var value) ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ') : "";

    private void SetUInt16(ushort element, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _elements[element] = bytes;
    }

    private void SetText(ushort element, string value, byte pad = 0)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if ((bytes.Length & 1) == 1)
        {
            bytes = [.. bytes, pad];
        }

        _elements[element] = bytes;
    }
}
