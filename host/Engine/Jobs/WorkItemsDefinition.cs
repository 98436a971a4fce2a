using System.Text.Json;

namespace Conduit.Engine.Jobs;

/// <summary>
/// A job's <c>workItems</c>: the job runs once per value, with option <see cref="Option"/> of stage
/// <see cref="Stage"/> set to that value (one input file, the first slice of a chunk). Each run is independent, so runs
/// can go to other processes or cluster nodes, and one failing costs no other.
/// </summary>
/// <param name="Stage">The id of the stage whose option varies.</param>
/// <param name="Option">The option (as written in <c>with</c>).</param>
/// <param name="Values">One value a work item: strings or numbers.</param>
public sealed record WorkItemsDefinition(string Stage, string Option, IReadOnlyList<JsonElement> Values)
{
    /// <summary>Work item <paramref name="item"/>'s value as text: a string as it is, a number as written.</summary>
    public string Text(int item) => Values[item].ValueKind == JsonValueKind.String ? Values[item].GetString()! : Values[item].GetRawText();

    /// <summary>The short name of work item <paramref name="item"/>: a path's file name without its extension, or the
    /// value itself.</summary>
    public string Name(int item) => Values[item].ValueKind == JsonValueKind.String ? Path.GetFileNameWithoutExtension(Text(item)) : Text(item);
}
