namespace Conduit.Engine.Stages;

/// <summary>One option of a stage type, for <c>conduit plugins</c>.</summary>
/// <param name="Name">The JSON name.</param>
/// <param name="Type">What the value looks like (<c>an integer</c>).</param>
/// <param name="Default">The default as JSON, or null when required.</param>
/// <param name="Description">The property's XML doc summary.</param>
public sealed record StageOptionDescription(string Name, string Type, string? Default, string Description);
