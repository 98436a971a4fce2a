using System.Buffers.Binary;
using Conduit.Plugins.Dicos.Dicom;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>
/// One association of a C-STORE SCP, from the A-ASSOCIATE-RQ to the release: negotiation, C-ECHO, and C-STORE whose
/// data set fragments go from the socket straight into a spool file through one small buffer. A protocol error aborts
/// the association (A-ABORT) and throws; the object being received is deleted, never handed on.
/// </summary>
internal sealed class StoreScpAssociation(Stream connection, string peer, StoreScpSettings settings, ILogger logger) : IDisposable
{
    // An A-ASSOCIATE-RQ with a hundred presentation contexts of a few transfer syntaxes each takes about 16 KB.
    private const int MaxRequestBytes = 1 << 16;
    private const int MaxCommandBytes = 1 << 16;

    private readonly PduReader _reader = new(connection, peer);
    private readonly MemoryStream _command = new();
    private AssociationRequest? _request;
    private Dictionary<byte, ContextAnswer> _accepted = [];
    private DimseCommand? _store;
    private byte _storeContext;
    private FileStream? _spool;
    private string? _spoolPath;
    private long _spoolBytes;
    private bool _peerAborted;
    private Task? _remaining;

    /// <summary>Handles each complete object: returns the C-STORE status to answer with (and a comment for a
    /// failure), after moving or deleting the object's file, and what is still to be done with it once the answer has
    /// been sent (null: nothing). The association reads no more data until that is done, and ends only after it.</summary>
    public delegate Task<(ushort Status, string? Comment, Task? Remaining)> ObjectHandler(ReceivedObject received, CancellationToken cancellationToken);

    /// <summary>The requester's AE title and address, once known.</summary>
    public string Name => _request is null ? peer : $"{_request.CallingAeTitle} at {peer}";

    /// <summary>Runs the association to its end.</summary>
    /// <param name="buffer">Scratch for data set fragments (its size is how much is copied a read).</param>
    /// <param name="refuseForLoad">Reject it as a transient local limit (too many associations at once).</param>
    /// <param name="onObject">Takes each complete object.</param>
    /// <param name="cancellationToken">Stops it; the association is aborted.</param>
    /// <returns>The number of objects stored with success.</returns>
    /// <exception cref="DicomNetworkException">The peer broke the protocol, aborted, went away or was silent too long.</exception>
    public async Task<int> RunAsync(Memory<byte> buffer, bool refuseForLoad, ObjectHandler onObject, CancellationToken cancellationToken)
    {
        try
        {
            if (!await NegotiateAsync(refuseForLoad, cancellationToken))
            {
                return 0;
            }

            return await ServeAsync(buffer, onObject, cancellationToken);
        }
        catch (DicomNetworkException e) when (!_peerAborted)
        {
            await TrySendAsync(PduBuilder.Abort(e.Data["abort"] is byte reason ? reason : (byte)0));
            throw;
        }
        catch (OperationCanceledException)
        {
            await TrySendAsync(PduBuilder.Abort(0));
            throw;
        }
        finally
        {
            DropSpool();
            await FinishRemainingAsync();
        }
    }

    // What is left of the last object once it was answered (its frames being passed on): data is read, and the
    // association ends, only after it.
    private async Task FinishRemainingAsync()
    {
        if (_remaining is { } remaining)
        {
            _remaining = null;
            await remaining;
        }
    }

    private async Task<bool> NegotiateAsync(bool refuseForLoad, CancellationToken cancellationToken)
    {
        var header = await _reader.ReadHeaderAsync(settings.ArtimTimeout, cancellationToken)
            ?? throw Fault("closed the connection before sending an A-ASSOCIATE-RQ", 2);
        if (header.Type != PduType.AssociateRequest)
        {
            throw Fault($"sent PDU type 0x{(byte)header.Type:X2} where an A-ASSOCIATE-RQ was due", 2);
        }

        if (header.Length > MaxRequestBytes)
        {
            throw Fault($"A-ASSOCIATE-RQ of {header.Length} bytes; at most {MaxRequestBytes} are read", 6);
        }

        var body = new byte[header.Length];
        await _reader.ReadAsync(body, settings.ArtimTimeout, cancellationToken);
        _request = AssociationRequest.Parse(body, peer, 6);
        // Result 1 permanent, 2 transient; source 1 service user, 2 ACSE, 3 presentation; the reason (PS3.8 table 9-21).
        (int Result, int Source, int Reason, string Why) refusal =
            (_request.ProtocolVersion & 1) == 0 ? (1, 2, 2, $"protocol version 0x{_request.ProtocolVersion:X4} lacks version 1")
            : _request.ApplicationContext != AssociationRequest.DicomApplicationContext ? (1, 1, 2, $"application context {_request.ApplicationContext} is not DICOM's")
            : !settings.AcceptAnyCalledAeTitle && _request.CalledAeTitle != settings.AeTitle ? (1, 1, 7, $"it called AE title '{_request.CalledAeTitle}'; this is '{settings.AeTitle}'")
            : refuseForLoad ? (2, 3, 2, "too many associations at once (maxAssociations)")
            : (0, 0, 0, "");
        if (refusal.Result != 0)
        {
            await connection.WriteAsync(PduBuilder.AssociateReject((byte)refusal.Result, (byte)refusal.Source, (byte)refusal.Reason), cancellationToken);
            NetworkLog.Rejected(logger, Name, refusal.Why);
            return false;
        }

        var answers = _request.Contexts.Select(Answer).ToList();
        await connection.WriteAsync(PduBuilder.AssociateAccept(_request, answers, settings.MaxPduLength), cancellationToken);
        _accepted = answers.Where(a => a.Result == ContextAnswer.Accepted).ToDictionary(a => a.Id);
        NetworkLog.Accepted(logger, Name, _request.ImplementationClassUid, _accepted.Count, answers.Count);
        return true;
    }

    private ContextAnswer Answer(PresentationContext context)
    {
        var first = context.TransferSyntaxes.Count > 0 ? context.TransferSyntaxes[0] : DicomTransferSyntax.ImplicitLittle.Uid;
        if (context.AbstractSyntax != StoreScpSettings.Verification && !settings.SopClasses.Contains(context.AbstractSyntax))
        {
            return new ContextAnswer(context.Id, ContextAnswer.AbstractSyntaxNotSupported, first, context.AbstractSyntax);
        }

        // The requester's order of preference, among the syntaxes accepted here.
        var chosen = context.TransferSyntaxes.FirstOrDefault(settings.TransferSyntaxes.Contains);
        return chosen is null
            ? new ContextAnswer(context.Id, ContextAnswer.TransferSyntaxesNotSupported, first, context.AbstractSyntax)
            : new ContextAnswer(context.Id, ContextAnswer.Accepted, chosen, context.AbstractSyntax);
    }

    private async Task<int> ServeAsync(Memory<byte> buffer, ObjectHandler onObject, CancellationToken cancellationToken)
    {
        var stored = 0;
        var small = new byte[64];
        while (true)
        {
            var header = await _reader.ReadHeaderAsync(settings.IdleTimeout, cancellationToken)
                ?? throw Fault(_spool is null ? "closed the connection without releasing the association" : "closed the connection in the middle of an object", null);
            switch (header.Type)
            {
                case PduType.Data:
                    if (header.Length > settings.MaxPduLength)
                    {
                        throw Fault($"P-DATA-TF of {header.Length} bytes; the negotiated maximum is {settings.MaxPduLength}", 6);
                    }

                    await FinishRemainingAsync();
                    stored += await ReadDataAsync(header.Length, buffer, onObject, cancellationToken);
                    break;
                case PduType.ReleaseRequest or PduType.Abort when header.Length <= small.Length:
                    await _reader.ReadAsync(small.AsMemory(0, (int)header.Length), settings.IdleTimeout, cancellationToken);
                    if (header.Type == PduType.Abort)
                    {
                        _peerAborted = true;
                        throw Fault(_spool is null ? "aborted the association" : "aborted the association in the middle of an object", null);
                    }

                    if (_spool is not null)
                    {
                        throw Fault("asked to release the association in the middle of an object", 2);
                    }

                    await connection.WriteAsync(PduBuilder.ReleaseResponse(), cancellationToken);
                    await FinishRemainingAsync();
                    NetworkLog.Released(logger, Name, stored);
                    return stored;
                case PduType.ReleaseRequest or PduType.Abort:
                    throw Fault($"PDU type 0x{(byte)header.Type:X2} of {header.Length} bytes; it has 4", 6);
                case PduType.AssociateRequest or PduType.AssociateAccept or PduType.AssociateReject or PduType.ReleaseResponse:
                    throw Fault($"sent PDU type 0x{(byte)header.Type:X2} inside an established association", 2);
                default:
                    throw Fault($"sent PDU type 0x{(byte)header.Type:X2}, which does not exist", 1);
            }
        }
    }

    private async Task<int> ReadDataAsync(uint length, Memory<byte> buffer, ObjectHandler onObject, CancellationToken cancellationToken)
    {
        var stored = 0;
        var pdv = new byte[6];
        long remaining = length;
        while (remaining > 0)
        {
            if (remaining < 6)
            {
                throw Fault($"{remaining} bytes left in a P-DATA-TF; a PDV item header takes 6", 6);
            }

            await _reader.ReadAsync(pdv, settings.IdleTimeout, cancellationToken);
            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(pdv);
            var (context, control) = (pdv[4], pdv[5]);
            if (itemLength < 2 || itemLength > remaining - 4)
            {
                throw Fault($"PDV item of {itemLength} bytes; {remaining - 4} are left in its P-DATA-TF, and it needs at least 2", 6);
            }

            remaining -= 4 + itemLength;
            var fragment = (int)(itemLength - 2);
            if (!_accepted.ContainsKey(context))
            {
                throw Fault($"PDV on presentation context {context}, which this association did not accept", 6);
            }

            var last = (control & 0x02) != 0;
            if ((control & 0x01) != 0)
            {
                if (_spool is not null)
                {
                    throw Fault("a command arrived before the data set of the C-STORE it follows was complete", 5);
                }

                if (_command.Length + fragment > MaxCommandBytes)
                {
                    throw Fault($"a command set of more than {MaxCommandBytes} bytes", 6);
                }

                var at = (int)_command.Length;
                _command.SetLength(at + fragment);
                await _reader.ReadAsync(_command.GetBuffer().AsMemory(at, fragment), settings.IdleTimeout, cancellationToken);
                if (last)
                {
                    await CommandAsync(context, cancellationToken);
                }
            }
            else
            {
                if (_store is null || _spool is null)
                {
                    throw Fault("a data set fragment without a C-STORE command before it", 5);
                }

                if (context != _storeContext)
                {
                    throw Fault($"the data set of a C-STORE on context {_storeContext} continued on context {context}", 5);
                }

                if (_spoolBytes + fragment > settings.MaxObjectBytes)
                {
                    throw Fault($"a data set of more than {settings.MaxObjectBytes} bytes (maxObjectBytes)", 0);
                }

                for (var left = fragment; left > 0;)
                {
                    var chunk = buffer[..Math.Min(left, buffer.Length)];
                    await _reader.ReadAsync(chunk, settings.IdleTimeout, cancellationToken);
                    await _spool.WriteAsync(chunk, cancellationToken);
                    left -= chunk.Length;
                }

                _spoolBytes += fragment;
                if (last)
                {
                    stored += await CompleteAsync(onObject, cancellationToken) ? 1 : 0;
                }
            }
        }

        return stored;
    }

    private async Task CommandAsync(byte context, CancellationToken cancellationToken)
    {
        var command = DimseCommand.Parse(_command.GetBuffer().AsSpan(0, (int)_command.Length), peer, _reader.Offset - _command.Length);
        _command.SetLength(0);
        switch (command.Field)
        {
            case DimseCommand.EchoRequest:
                await RespondAsync(context, command, DimseStatus.Success, null, cancellationToken);
                NetworkLog.Echo(logger, Name);
                break;
            case DimseCommand.StoreRequest when !command.HasDataSet:
                await RespondAsync(context, command, DimseStatus.CannotUnderstand, "C-STORE without a data set", cancellationToken);
                break;
            case DimseCommand.StoreRequest when command.SopClass != _accepted[context].AbstractSyntax:
                await RespondAsync(context, command, DimseStatus.SopClassNotSupported, "SOP class differs from the presentation context's", cancellationToken);
                break;
            case DimseCommand.StoreRequest:
                _store = command;
                _storeContext = context;
                _spoolPath = Path.Combine(settings.SpoolFolder, $".receiving-{Guid.NewGuid():N}.dcm");
                _spool = new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
                DicomWriter.WriteFileMeta(_spool, command.SopClass, command.SopInstance, _accepted[context].TransferSyntax, _request!.CallingAeTitle);
                _spoolBytes = 0;
                break;
            default:
                await RespondAsync(context, command, DimseStatus.UnrecognisedOperation, "only C-ECHO and C-STORE are served", cancellationToken);
                break;
        }
    }

    private async Task<bool> CompleteAsync(ObjectHandler onObject, CancellationToken cancellationToken)
    {
        var command = _store!;
        await _spool!.FlushAsync(cancellationToken);
        await _spool.DisposeAsync();
        _spool = null;
        var received = new ReceivedObject(command.SopClass, command.SopInstance, _accepted[_storeContext].TransferSyntax, _request!.CallingAeTitle, _spoolPath!, _spoolBytes);
        _spoolPath = null;
        _store = null;
        var (status, comment, remaining) = await onObject(received, cancellationToken);
        await RespondAsync(_storeContext, command, status, comment, cancellationToken);
        _remaining = remaining;
        return status == DimseStatus.Success;
    }

    private async Task RespondAsync(byte context, DimseCommand request, ushort status, string? comment, CancellationToken cancellationToken) =>
        await connection.WriteAsync(PduBuilder.Command(context, DimseCommand.ResponseTo(request, status, comment)), cancellationToken);

    // The reason goes into the A-ABORT this association sends (PduBuilder.Abort); none when the peer is gone.
    private DicomNetworkException Fault(string problem, byte? abortReason)
    {
        var fault = new DicomNetworkException(Name, problem, _reader.Offset);
        fault.Data["abort"] = abortReason ?? 0;
        return fault;
    }

    private async Task TrySendAsync(byte[] pdu)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await connection.WriteAsync(pdu, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone: there is no one to tell.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DropSpool();
        _command.Dispose();
    }

    private void DropSpool()
    {
        _spool?.Dispose();
        _spool = null;
        if (_spoolPath is not null)
        {
            File.Delete(_spoolPath);
            _spoolPath = null;
        }
    }
}
