using System.Collections.Concurrent;

namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>
/// Lets <c>spectrum.tx</c> start the AWG only once <c>spectrum.rx</c> has armed the digitizer, when both run in one
/// job: a gate played before the digitizer listens would be lost. Keyed by the stages' <c>session</c> option; the
/// transmitter forgets the session once it has waited, the receiver once it has finished, so a later job in the same
/// process starts clean. A receiver that fails leaves its failure for a waiting transmitter to see.
/// </summary>
internal static class ReceiverRendezvous
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Sessions = new(StringComparer.Ordinal);

    public static void Armed(string session) => Get(session).TrySetResult();

    public static void Failed(string session, Exception error) => Get(session).TrySetException(error);

    /// <summary>Drops a session that no transmitter will wait for (or has waited for already).</summary>
    public static void Forget(string session) => Sessions.TryRemove(session, out _);

    /// <summary>Waits for the receiver of <paramref name="session"/>, then forgets the session.</summary>
    /// <exception cref="TimeoutException">No receiver armed within <paramref name="timeout"/>.</exception>
    public static async Task WaitAsync(string session, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Get(session).Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no spectrum.rx of session '{session}' armed its digitizer within {timeout.TotalSeconds:G3} s; set waitForReceiver to false to play without one");
        }
        finally
        {
            Sessions.TryRemove(session, out _);
        }
    }

    private static TaskCompletionSource Get(string session) =>
        Sessions.GetOrAdd(session, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
