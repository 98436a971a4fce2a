using Conduit.Engine.Jobs;

namespace Conduit.Engine.Running;

/// <summary>
/// The channels of one run: a bounded input port per consumer; a producer with exactly one consumer of its own type
/// writes straight into that consumer's port, any other producer into a port of its own that a router empties into
/// its consumers (fan-out shares each message, merge feeds one port from several routers).
/// </summary>
internal sealed class JobWiring
{
    private readonly Dictionary<string, IMessagePort> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IMessagePort> _outputs = new(StringComparer.Ordinal);
    private readonly List<IMessagePort> _ports = [];
    private readonly List<Task> _routers = [];

    private JobWiring()
    {
    }

    /// <summary>Routers running until their producer completes.</summary>
    public IReadOnlyList<Task> Routers => _routers;

    /// <summary>Creates the ports of <paramref name="plan"/> and starts its routers.</summary>
    public static JobWiring Connect(JobPlan plan, CancellationToken cancellationToken)
    {
        var wiring = new JobWiring();
        var capacity = plan.Definition.ChannelCapacity;
        foreach (var stage in plan.Stages.Where(s => s.Type.InputType is not null))
        {
            var direct = stage.Inputs.Count == 1
                && stage.Inputs[0].Type.OutputType == stage.Type.InputType
                && plan.ConsumersOf(stage.Inputs[0]).Count() == 1;
            var portCapacity = direct ? stage.Inputs[0].Definition.Capacity ?? capacity : capacity;
            var port = StageAdapter.For(stage.Type).CreateInputPort(portCapacity, stage.Inputs.Count);
            wiring._inputs[stage.Id] = port;
            wiring._ports.Add(port);
            if (direct)
            {
                wiring._outputs[stage.Inputs[0].Id] = port;
            }
        }

        foreach (var producer in plan.Stages.Where(s => s.Type.OutputType is not null && !wiring._outputs.ContainsKey(s.Id)))
        {
            var adapter = StageAdapter.For(producer.Type);
            var own = adapter.CreateOutputPort(producer.Definition.Capacity ?? capacity);
            wiring._outputs[producer.Id] = own;
            wiring._ports.Add(own);
            var targets = plan.ConsumersOf(producer).Select(c => wiring._inputs[c.Id]).ToList();
            wiring._routers.Add(adapter.RouteOutputAsync(own, targets, cancellationToken));
        }

        return wiring;
    }

    /// <summary>The port stage <paramref name="stageId"/> reads, or null for a source.</summary>
    public IMessagePort? InputOf(string stageId) => _inputs.GetValueOrDefault(stageId);

    /// <summary>The port stage <paramref name="stageId"/> writes, or null for a sink.</summary>
    public IMessagePort? OutputOf(string stageId) => _outputs.GetValueOrDefault(stageId);

    /// <summary>Disposes whatever messages are still queued, so that every lease comes back.</summary>
    public async Task DrainAllAsync()
    {
        foreach (var port in _ports)
        {
            await port.DrainAsync().ConfigureAwait(false);
        }
    }
}
