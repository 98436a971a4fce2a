using System.Globalization;
using System.Threading.Channels;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary><c>test.write</c>: writes each value on a line of an output file.</summary>
public sealed class WriteSink(WriteOptions options) : ISinkStage<TestMessage>
{
    public async Task RunAsync(IStageContext context, ChannelReader<TestMessage> input, CancellationToken cancellationToken)
    {
        await using var file = context.CreateOutputFile(options.Path);
        await using (var writer = new StreamWriter(file.Stream, leaveOpen: true))
        {
            await foreach (var message in input.ReadAllAsync(cancellationToken))
            {
                using (message)
                {
                    await writer.WriteLineAsync(message.Value.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        await file.CompleteAsync(cancellationToken);
    }
}
