using System.Threading.Channels;
using Conduit.Abstractions.Messages;
using Conduit.Abstractions.Stages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary><c>test.pass</c>: passes messages on (value + add), optionally failing or stopping early.</summary>
public sealed class PassTransform(PassOptions options) : ITransformStage<TestMessage, TestMessage>
{
    public async Task RunAsync(IStageContext context, ChannelReader<TestMessage> input, ChannelWriter<TestMessage> output, CancellationToken cancellationToken)
    {
        var seen = 0;
        await foreach (var message in input.ReadAllAsync(cancellationToken))
        {
            if (seen == options.FailAt)
            {
                message.Dispose();
                throw new InvalidOperationException($"pass failed at message {seen} on purpose");
            }

            var next = options.Add == 0 ? message : new TestMessage(message.Value + options.Add, message.Lease?.Share());
            if (!ReferenceEquals(next, message))
            {
                message.Dispose();
            }

            await output.WriteOrDisposeAsync(next, cancellationToken);

            seen++;
            if (seen == options.StopAfter)
            {
                return;
            }
        }
    }
}
