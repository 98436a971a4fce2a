using Conduit.Plugins.Dicos.Network;
using Conduit.Plugins.Dicos.Stages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conduit.Fuzz.Targets;

/// <summary>One association as <c>dicos.receive</c> serves it: the input is everything the peer sends (A-ASSOCIATE-RQ,
/// P-DATA with fragmented C-ECHO and C-STORE commands and data sets, A-RELEASE-RQ, A-ABORT), read from the connection
/// PDU by PDU; what the receiver answers is discarded. Data sets are spooled to a scratch folder and deleted.</summary>
internal sealed class DicomNetworkTarget : FuzzTarget
{
    private const int FragmentBuffer = 1 << 16;

    // What dicos.receive accepts by default, with a 1 MiB limit on data sets.
    private static readonly ReceiveDicosOptions Defaults = new();

    private static readonly StoreScpSettings Settings = new(
        Defaults.AeTitle, AcceptAnyCalledAeTitle: false, Defaults.SopClasses.ToHashSet(), Defaults.TransferSyntaxes, (uint)Defaults.MaxPduLength,
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), MaxObjectBytes: 1 << 20, ScratchFiles.Directory);

    public override string Name => "dicom-network";

    public override string Description => "DICOM upper layer as a C-STORE SCP hears it: association request, P-DATA fragments of C-ECHO/C-STORE commands and data sets, release, abort";

    // The association request's items and the command sets are parsed into objects (a few per input byte at most);
    // data sets go to a file through one fragment buffer, whatever their claimed length.
    public override AllocationBound Bound => new(32, 1 << 20);

    public override void Run(byte[] input)
    {
        var buffer = new byte[FragmentBuffer];
        using var connection = new PeerBytes(input);
        using var association = new StoreScpAssociation(connection, "fuzz peer", Settings, NullLogger.Instance);
        association.RunAsync(buffer, refuseForLoad: false, Take, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static Task<(ushort Status, string? Comment, Task? Remaining)> Take(ReceivedObject received, CancellationToken cancellationToken)
    {
        File.Delete(received.Path);
        return Task.FromResult<(ushort, string?, Task?)>((DimseStatus.Success, null, null));
    }

    // A connection whose peer sends the input and then closes; what is written to it goes nowhere.
    private sealed class PeerBytes(byte[] input) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, input.Length - _position);
            input.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
