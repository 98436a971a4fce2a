using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Fixtures.Hungry;

/// <summary><c>hungry.allocate</c>: holds <see cref="AllocateOptions.Megabytes"/> MiB of touched managed arrays.</summary>
public sealed class AllocateStage(AllocateOptions options) : ISourceStage<ImageFrame>
{
    public Task RunAsync(IStageContext context, ChannelWriter<ImageFrame> output, CancellationToken cancellationToken)
    {
        var held = new List<byte[]>();
        for (var i = 0; i < options.Megabytes; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)1);
            held.Add(block);
        }

        GC.KeepAlive(held);
        return Task.CompletedTask;
    }
}
