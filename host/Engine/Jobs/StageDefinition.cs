using System.Text.Json;
using Conduit.Abstractions.Memory;

namespace Conduit.Engine.Jobs;

/// <summary>One entry of <c>stages</c>, as read.</summary>
/// <param name="Index">Position in the <c>stages</c> array.</param>
/// <param name="Id">The stage's id, unique in the job.</param>
/// <param name="Use">The stage type's registered name.</param>
/// <param name="From">Ids of the stages whose output this stage reads.</param>
/// <param name="With">The stage's options as written (an object), if any.</param>
/// <param name="Budget">The stage's own budget (a child of the job's), if set.</param>
/// <param name="Capacity">Capacity of the stage's output channel, if it differs from the job's.</param>
public sealed record StageDefinition(
    int Index,
    string Id,
    string Use,
    IReadOnlyList<string> From,
    JsonElement? With,
    ByteSize? Budget,
    int? Capacity)
{
    /// <summary>JSON path of the stage (<c>$.stages[2]</c>).</summary>
    public string Path => $"$.stages[{Index}]";
}
