using Conduit.Abstractions.Memory;
using Conduit.Abstractions.Messages;

namespace Conduit.Engine.Tests.TestStages;

/// <summary>A numbered message with an optional lease, for runner tests.</summary>
public sealed class TestMessage(int value, IBufferLease? lease) : IConduitMessage
{
    public int Value { get; } = value;

    public IBufferLease? Lease { get; private set; } = lease;

    public IConduitMessage Share() => new TestMessage(Value, Lease?.Share());

    public void Dispose()
    {
        Lease?.Dispose();
        Lease = null;
    }
}
