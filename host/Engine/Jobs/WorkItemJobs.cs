using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conduit.Engine.Jobs;

/// <summary>
/// Turns a job with <c>workItems</c> into the job of one item: the varying option gets the item's value, and in every
/// string option of every stage <c>{item}</c> becomes the item's number and <c>{name}</c> its short name (so that
/// <c>"path": "out/{name}.fcs"</c> gives each item its own output). A job without <c>workItems</c> is one item.
/// </summary>
public static class WorkItemJobs
{
    /// <summary>Number of work items of a job.</summary>
    public static int Count(JobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.WorkItems?.Values.Count ?? 1;
    }

    /// <summary>The document of work item <paramref name="item"/> (the same document for a job without work items).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The job has no such item.</exception>
    public static JobDocument ForItem(JobDocument document, int item)
    {
        ArgumentNullException.ThrowIfNull(document);
        var definition = document.Definition ?? throw new ArgumentException("the job could not be read", nameof(document));
        var count = Count(definition);
        if (item < 0 || item >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item, $"the job has work items 0 to {count - 1}");
        }

        if (definition.WorkItems is not { } items)
        {
            return document;
        }

        var number = item.ToString(CultureInfo.InvariantCulture);
        var name = items.Name(item);
        var stages = definition.Stages.Select(stage =>
        {
            var with = stage.With is { } element ? JsonNode.Parse(element.GetRawText())!.AsObject() : [];
            Substitute(with, number, name);
            if (stage.Id == items.Stage)
            {
                with[items.Option] = JsonNode.Parse(items.Values[item].GetRawText());
            }

            return stage with { With = JsonSerializer.SerializeToElement(with) };
        }).ToList();
        return document.WithDefinition(definition with { Name = $"{definition.Name}[{number}]", Stages = stages });
    }

    /// <summary>Why the items would overwrite one another's outputs, or null: no option names them by
    /// <c>{item}</c> or <c>{name}</c>, or two items share a <c>{name}</c> and nothing else tells them apart.</summary>
    public static string? Collision(JobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.WorkItems is not { } items)
        {
            return null;
        }

        var text = string.Concat(definition.Stages.Select(s => s.With?.GetRawText()));
        var byItem = text.Contains("{item}", StringComparison.Ordinal);
        if (!byItem && !text.Contains("{name}", StringComparison.Ordinal))
        {
            return "no option contains {item} or {name}, so every work item would write the same outputs";
        }

        var repeated = Enumerable.Range(0, items.Values.Count).GroupBy(items.Name).FirstOrDefault(g => g.Count() > 1);
        return byItem || repeated is null
            ? null
            : $"work items {string.Join(" and ", repeated)} have the same {{name}} \"{repeated.Key}\" and would write the same outputs; add {{item}} to the output paths";
    }

    private static void Substitute(JsonNode node, string number, string name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        obj[key] = Replace(text, number, name);
                    }
                    else if (child is not null)
                    {
                        Substitute(child, number, name);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Replace(text, number, name);
                    }
                    else if (array[i] is { } child)
                    {
                        Substitute(child, number, name);
                    }
                }

                break;
        }
    }

    private static string Replace(string text, string number, string name) =>
        text.Replace("{item}", number, StringComparison.Ordinal).Replace("{name}", name, StringComparison.Ordinal);
}
