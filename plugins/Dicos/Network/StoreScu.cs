using System.Buffers.Binary;
using System.Net.Sockets;
using Conduit.Plugins.Dicos.Dicom;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>
/// A C-STORE SCU: sends Part 10 files to one peer over one association, reused while the peer has accepted what the
/// next file needs (its SOP class in its own transfer syntax: nothing is transcoded). The data set goes from the file
/// to the socket a PDU at a time through one buffer. A transient failure (no connection, a transient rejection, a
/// connection lost, an abort) is retried on a new association a bounded number of times; a refusal is not.
/// </summary>
internal sealed class StoreScu(StoreScuSettings settings, Memory<byte> buffer, ILogger logger) : IAsyncDisposable
{
    private const int MaxAnswerBytes = 1 << 16;

    private readonly List<(string SopClass, string TransferSyntax)> _proposed = [];
    private readonly Dictionary<(string SopClass, string TransferSyntax), byte> _accepted = [];
    private TcpClient? _client;
    private Stream? _stream;
    private PduReader? _reader;
    private uint _peerMaxPdu;
    private ushort _messageId;

    private string Peer => $"{settings.CalledAeTitle} at {settings.Host}:{settings.Port}";

    /// <summary>Sends the data set of the Part 10 file at <paramref name="path"/>.</summary>
    /// <exception cref="DicomNetworkException">The peer refused the object or the association, or a transient failure
    /// outlasted the retries; the message says which, with the peer's status and its meaning.</exception>
    public async Task SendAsync(string path, CancellationToken cancellationToken)
    {
        var (sopClass, sopInstance, syntax, dataSetOffset) = Describe(path);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await AssociateForAsync((sopClass, syntax), cancellationToken);
                await StoreAsync(path, _accepted[(sopClass, syntax)], sopClass, sopInstance, dataSetOffset, cancellationToken);
                return;
            }
            catch (Exception e) when (Transient(e) && attempt < settings.Retries && !cancellationToken.IsCancellationRequested)
            {
                var problem = e.Message;
                NetworkLog.Retrying(logger, Peer, attempt + 1, settings.Retries, problem);
                Close();
                await Task.Delay(settings.RetryDelay, cancellationToken);
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                Close();
                throw new DicomNetworkException($"{Peer}: {e.Message} (after {attempt + 1} attempts)", e);
            }
        }
    }

    /// <summary>Releases the association, if one is open.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null && _reader is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(settings.Timeout);
                await _stream.WriteAsync(PduBuilder.ReleaseRequest(), timeout.Token);
                await _reader.ReadHeaderAsync(settings.Timeout, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or DicomNetworkException or ObjectDisposedException)
            {
                // The peer went first: the objects it answered are stored all the same.
            }
        }

        Close();
    }

    // An exception worth another association: the network, a transient rejection, a lost or aborted association.
    private static bool Transient(Exception e) => e is SocketException or IOException || (e is DicomNetworkException && e.Data["transient"] is true);

    private static (string SopClass, string SopInstance, string TransferSyntax, long DataSetOffset) Describe(string path)
    {
        using var mapped = MappedDicomFile.Open(path);
        var meta = mapped.File.Meta;
        var sopClass = meta.GetString(new DicomTag(0x0002, 0x0002)) ?? mapped.File.DataSet.GetString(DicomKeywords.SopClassUid);
        var sopInstance = meta.GetString(new DicomTag(0x0002, 0x0003)) ?? mapped.File.DataSet.GetString(DicomKeywords.SopInstanceUid);
        if (!mapped.File.HasPreamble || meta.GetString(DicomTag.TransferSyntaxUid) is null || sopClass is null || sopInstance is null)
        {
            throw new DicomDataException(path, "not a Part 10 file with a file meta group naming its SOP class, instance and transfer syntax; only such files are sent", 0);
        }

        // The file meta group starts with its length (PS3.10 7.1): the data set follows it.
        Span<byte> group = stackalloc byte[4];
        using (var file = File.OpenRead(path))
        {
            file.Position = 140;
            file.ReadExactly(group);
        }

        return (sopClass, sopInstance, mapped.File.TransferSyntax.Uid, 144 + BinaryPrimitives.ReadUInt32LittleEndian(group));
    }

    private async Task AssociateForAsync((string SopClass, string TransferSyntax) needed, CancellationToken cancellationToken)
    {
        if (_stream is not null && _accepted.ContainsKey(needed))
        {
            return;
        }

        if (!_proposed.Contains(needed))
        {
            _proposed.Add(needed);
        }

        // A new need on an open association: release it and propose everything so far on a new one.
        await DisposeAsync();
        _client = new TcpClient { NoDelay = true };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(settings.Timeout);
            await _client.ConnectAsync(settings.Host, settings.Port, connect.Token);
        }

        _stream = settings.Tls is null ? _client.GetStream() : await settings.Tls.ConnectAsync(_client.GetStream(), settings.Host, settings.Timeout, cancellationToken);
        _reader = new PduReader(_stream, Peer);
        var contexts = _proposed.Select((p, i) => new PresentationContext((byte)((2 * i) + 1), p.SopClass, [p.TransferSyntax])).ToList();
        await _stream.WriteAsync(PduBuilder.AssociateRequest(settings.CalledAeTitle, settings.CallingAeTitle, contexts, settings.MaxPduLength), cancellationToken);
        var (type, body) = await ReadAnswerAsync(cancellationToken);
        switch (type)
        {
            case PduType.AssociateAccept:
                ReadAccept(body, contexts);
                break;
            case PduType.AssociateReject when body.Length >= 4:
                throw Refusal($"rejected the association: {RejectionMeaning(body[2], body[3])}", transient: body[1] == 2);
            case PduType.Abort:
                throw Refusal("aborted the association request", transient: true);
            default:
                throw Refusal($"answered the association request with PDU type 0x{(byte)type:X2}", transient: false);
        }

        if (!_accepted.ContainsKey(needed))
        {
            throw Refusal($"accepts SOP class {needed.SopClass} in none of the transfer syntaxes offered ({needed.TransferSyntax}, the file's own)", transient: false);
        }
    }

    private void ReadAccept(byte[] body, List<PresentationContext> proposed)
    {
        _accepted.Clear();
        _peerMaxPdu = 0;
        foreach (var (type, value, at) in AssociationRequest.Items(body, 68, Peer, 6))
        {
            if (type == 0x21 && value.Length >= 4 && value[2] == ContextAnswer.Accepted && proposed.FirstOrDefault(c => c.Id == value[0]) is { } context)
            {
                _accepted[(context.AbstractSyntax, context.TransferSyntaxes[0])] = context.Id;
            }
            else if (type == 0x50)
            {
                foreach (var (subType, sub, _) in AssociationRequest.Items(value, 0, Peer, 6 + at + 4))
                {
                    if (subType == 0x51 && sub.Length == 4)
                    {
                        _peerMaxPdu = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    }
                }
            }
        }
    }

    private async Task StoreAsync(string path, byte context, string sopClass, string sopInstance, long dataSetOffset, CancellationToken cancellationToken)
    {
        var id = ++_messageId;
        await _stream!.WriteAsync(PduBuilder.Command(context, DimseCommand.Request(DimseCommand.StoreRequest, id, sopClass, sopInstance, dataSet: true)), cancellationToken);

        // One PDV a PDU, as large as both sides allow and the buffer holds.
        var largest = (int)Math.Min(_peerMaxPdu == 0 ? uint.MaxValue : _peerMaxPdu, (uint)buffer.Length);
        var fragment = largest - 6;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var left = file.Length - dataSetOffset;
            file.Position = dataSetOffset;
            while (left > 0)
            {
                var n = (int)Math.Min(fragment, left);
                left -= n;
                PduBuilder.DataHeader(context, command: false, last: left == 0, n).CopyTo(buffer.Span);
                await file.ReadExactlyAsync(buffer.Slice(12, n), cancellationToken);
                await _stream.WriteAsync(buffer[..(12 + n)], cancellationToken);
            }
        }

        var response = await ReadResponseAsync(cancellationToken);
        var status = response.Status;
        if (status != DimseStatus.Success && !DimseStatus.IsWarning(status))
        {
            throw Refusal($"refused {sopInstance} from {Path.GetFileName(path)}: status 0x{status:X4} ({DimseStatus.Meaning(status)})", transient: false);
        }

        var name = Path.GetFileName(path);
        NetworkLog.Sent(logger, name, Peer, status);
    }

    private async Task<DimseCommand> ReadResponseAsync(CancellationToken cancellationToken)
    {
        using var command = new MemoryStream();
        while (true)
        {
            var (type, body) = await ReadAnswerAsync(cancellationToken);
            if (type == PduType.Abort)
            {
                throw Refusal("aborted the association", transient: true);
            }

            if (type != PduType.Data)
            {
                throw Refusal($"sent PDU type 0x{(byte)type:X2} where a C-STORE response was due", transient: false);
            }

            for (var at = 0; at + 6 <= body.Length;)
            {
                var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at)), (uint)(body.Length - at - 4));
                command.Write(body, at + 6, Math.Max(0, length - 2));
                if ((body[at + 5] & 0x02) != 0)
                {
                    return DimseCommand.Parse(command.GetBuffer().AsSpan(0, (int)command.Length), Peer, _reader!.Offset);
                }

                at += 4 + length;
            }
        }
    }

    private async Task<(PduType Type, byte[] Body)> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        var header = await _reader!.ReadHeaderAsync(settings.Timeout, cancellationToken)
            ?? throw Refusal("closed the connection", transient: true);
        if (header.Length > MaxAnswerBytes)
        {
            throw Refusal($"sent a PDU of {header.Length} bytes where at most {MaxAnswerBytes} are expected", transient: false);
        }

        var body = new byte[header.Length];
        await _reader.ReadAsync(body, settings.Timeout, cancellationToken);
        return (header.Type, body);
    }

    private DicomNetworkException Refusal(string problem, bool transient)
    {
        var refusal = new DicomNetworkException($"{Peer} {problem}");
        refusal.Data["transient"] = transient;
        return refusal;
    }

    // PS3.8 table 9-21.
    private static string RejectionMeaning(byte source, byte reason) => (source, reason) switch
    {
        (1, 2) => "application context name not supported",
        (1, 3) => "calling AE title not recognised",
        (1, 7) => "called AE title not recognised",
        (1, _) => "no reason given",
        (2, 2) => "protocol version not supported",
        (2, _) => "no reason given (ACSE)",
        (3, 1) => "temporary congestion",
        (3, 2) => "local limit exceeded",
        _ => $"source {source}, reason {reason}",
    };

    private void Close()
    {
        _stream?.Dispose();
        _client?.Dispose();
        (_stream, _client, _reader) = (null, null, null);
        _accepted.Clear();
    }
}
