using Conduit.Abstractions.Messages;

namespace Conduit.Plugins.Fcs.Stages;

/// <summary>Maps the option to the message's element type.</summary>
internal static class EventValuesExtensions
{
    public static EventValueType ToValueType(this EventValues values) =>
        values == EventValues.Float64 ? EventValueType.Float64 : EventValueType.Float32;
}
