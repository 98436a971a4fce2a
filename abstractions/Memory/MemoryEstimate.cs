namespace Conduit.Abstractions.Memory;

/// <summary>What a stage predicts it will need, before it runs.</summary>
/// <param name="PeakBytes">The most bytes the stage holds at once (its own leases and the messages it produced that
/// are still waiting in its output channel).</param>
/// <param name="LargestLeaseBytes">The largest single lease it rents; a pool must be able to serve it.</param>
/// <param name="Formula">The estimate as a formula of the inputs, for people: <c>(capacity + 2) × width × height × 4</c>.</param>
public readonly record struct MemoryEstimate(long PeakBytes, long LargestLeaseBytes, string Formula);
