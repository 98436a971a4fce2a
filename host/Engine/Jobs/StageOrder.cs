using Conduit.Abstractions.Memory;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>The planned stages, producers before consumers.</summary>
internal static class StageOrder
{
    public static List<PlannedStage> Order(
        JobDefinition job,
        Dictionary<string, StageDefinition> byId,
        Dictionary<StageDefinition, StageTypeDescriptor> types,
        Dictionary<StageDefinition, object> options,
        Dictionary<StageDefinition, MemoryEstimate> estimates)
    {
        // Producers before consumers, in the order a depth-first walk from each stage in file order finishes them;
        // with an explicit stack, since a valid job has no cycles but may be a chain of any length.
        var planned = new Dictionary<string, PlannedStage>(StringComparer.Ordinal);
        var ordered = new List<PlannedStage>();
        var stack = new Stack<StageDefinition>();
        foreach (var root in job.Stages)
        {
            stack.Push(root);
            while (stack.Count > 0)
            {
                var stage = stack.Peek();
                if (planned.ContainsKey(stage.Id))
                {
                    stack.Pop();
                    continue;
                }

                var waiting = stage.From.Where(id => !planned.ContainsKey(id)).Reverse().ToList();
                if (waiting.Count > 0)
                {
                    foreach (var id in waiting)
                    {
                        stack.Push(byId[id]);
                    }

                    continue;
                }

                stack.Pop();
                var result = new PlannedStage(stage, types[stage], options[stage], [.. stage.From.Select(id => planned[id])], estimates.TryGetValue(stage, out var e) ? e : null);
                planned[stage.Id] = result;
                ordered.Add(result);
            }
        }

        return ordered;
    }
}
