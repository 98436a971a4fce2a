using System.Collections.Concurrent;

namespace Conduit.Engine.Tests.TestStages;

/// <summary>What collecting sinks received, by stage id (a singleton service of the test plugin).</summary>
public sealed class Collector
{
    public ConcurrentDictionary<string, ConcurrentQueue<int>> Received { get; } = new();

    public IReadOnlyList<int> For(string stageId) => Received.TryGetValue(stageId, out var values) ? [.. values] : [];
}
