using Conduit.Engine.Stages;

namespace Conduit.Engine.Jobs;

/// <summary>How stages connect: every <c>from</c> names a stage whose messages the consumer reads, and no cycle.</summary>
internal static class StageGraphChecks
{
    public static void CheckConnections(
        JobDefinition job,
        Dictionary<string, StageDefinition> byId,
        Dictionary<StageDefinition, StageTypeDescriptor> types,
        Action<string, string> error)
    {
        foreach (var stage in job.Stages)
        {
            var type = types.GetValueOrDefault(stage);
            if (type is not null && type.Shape == StageShape.Source && stage.From.Count > 0)
            {
                error($"{stage.Path}.from", $"{type.Name} produces data and reads none: remove \"from\"");
            }
            else if (type is not null && type.Shape != StageShape.Source && stage.From.Count == 0)
            {
                error(stage.Path, $"{type.Name} reads {type.InputType!.Name} messages: \"from\" must name the stage it reads from");
            }

            for (var i = 0; i < stage.From.Count; i++)
            {
                var fromPath = stage.From.Count == 1 ? $"{stage.Path}.from" : $"{stage.Path}.from[{i}]";
                var producerId = stage.From[i];
                if (stage.From.Take(i).Contains(producerId, StringComparer.Ordinal))
                {
                    error(fromPath, $"stage \"{producerId}\" is named twice in \"from\"");
                    continue;
                }

                if (!byId.TryGetValue(producerId, out var producer))
                {
                    error(fromPath, $"no stage has id \"{producerId}\" (stage ids: {string.Join(", ", byId.Keys)})");
                    continue;
                }

                if (producer == stage)
                {
                    error(fromPath, "a stage cannot read its own output");
                    continue;
                }

                if (type is null || type.InputType is null || !types.TryGetValue(producer, out var producerType))
                {
                    continue;
                }

                if (producerType.OutputType is null)
                {
                    error(fromPath, $"stage \"{producerId}\" ({producerType.Name}) writes no messages, so nothing can read from it");
                }
                else if (!type.InputType.IsAssignableFrom(producerType.OutputType))
                {
                    error(fromPath, $"stage \"{producerId}\" ({producerType.Name}) writes {producerType.OutputType.Name} messages but {type.Name} reads {type.InputType.Name}");
                }
            }
        }
    }

    public static void CheckCycles(JobDefinition job, Dictionary<string, StageDefinition> byId, Action<string, string> error)
    {
        // Depth-first with an explicit stack, so that a chain of 100,000 stages costs no call stack: 0 unseen, 1 on the
        // current path, 2 done.
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var onPath = new Dictionary<string, int>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(StageDefinition Stage, int Next)>();
        foreach (var root in job.Stages.Where(s => byId.GetValueOrDefault(s.Id) == s))
        {
            if (state.GetValueOrDefault(root.Id) != 0)
            {
                continue;
            }

            state[root.Id] = 1;
            onPath[root.Id] = path.Count;
            path.Add(root.Id);
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (stage, next) = stack.Pop();
                if (next == stage.From.Count)
                {
                    state[stage.Id] = 2;
                    onPath.Remove(stage.Id);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                stack.Push((stage, next + 1));
                var input = stage.From[next];
                if (!byId.TryGetValue(input, out var producer) || producer == stage)
                {
                    continue;
                }

                var inputState = state.GetValueOrDefault(input);
                if (inputState == 1)
                {
                    var cycle = path.Skip(onPath[input]).Append(input).ToList();
                    if (reported.Add(string.Join(",", cycle.Distinct().Order(StringComparer.Ordinal))))
                    {
                        error($"{stage.Path}.from", $"stages form a cycle: {string.Join(" <- ", cycle)}");
                    }
                }
                else if (inputState == 0)
                {
                    state[input] = 1;
                    onPath[input] = path.Count;
                    path.Add(input);
                    stack.Push((producer, 0));
                }
            }
        }
    }
}
