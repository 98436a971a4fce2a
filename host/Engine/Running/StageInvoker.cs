using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Conduit.Abstractions.Stages;
using Conduit.Engine.Stages;

namespace Conduit.Engine.Running;

/// <summary>Calls a stage's typed <c>RunAsync</c> and creates typed channels, for types known only at run time.</summary>
internal static class StageInvoker
{
    private static readonly MethodInfo RouteMethod = typeof(MessageRouter).GetMethod(nameof(MessageRouter.RouteAsync))!;

    public static Task InvokeAsync(StageTypeDescriptor type, object stage, IStageContext context, object? reader, object? writer, CancellationToken cancellationToken)
    {
        var (face, arguments) = type.Shape switch
        {
            StageShape.Source => (typeof(ISourceStage<>).MakeGenericType(type.OutputType!), new[] { context, writer, cancellationToken }),
            StageShape.Transform => (typeof(ITransformStage<,>).MakeGenericType(type.InputType!, type.OutputType!), new[] { context, reader, writer, cancellationToken }),
            _ => (typeof(ISinkStage<>).MakeGenericType(type.InputType!), new object?[] { context, reader, cancellationToken }),
        };

        try
        {
            return (Task)face.GetMethod("RunAsync")!.Invoke(stage, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public static IMessagePort CreatePort(Type messageType, int capacity, int producers) =>
        (IMessagePort)Activator.CreateInstance(typeof(MessagePort<>).MakeGenericType(messageType), capacity, producers)!;

    public static object CountingWriter(Type messageType, object writer, string stageType) =>
        Activator.CreateInstance(typeof(CountingChannelWriter<>).MakeGenericType(messageType), writer, stageType)!;

    public static Task RouteAsync(Type messageType, object reader, IReadOnlyList<IMessagePort> targets, CancellationToken cancellationToken) =>
        (Task)RouteMethod.MakeGenericMethod(messageType).Invoke(null, [reader, targets, cancellationToken])!;

    public static bool IsReaderOf(object reader, Type messageType) =>
        typeof(ChannelReader<>).MakeGenericType(messageType).IsInstanceOfType(reader);
}
