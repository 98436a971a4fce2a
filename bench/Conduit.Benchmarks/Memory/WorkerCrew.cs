namespace Conduit.Benchmarks.Memory;

/// <summary>
/// Threads started once and released together for each round, so that a contended benchmark measures the work and
/// not the cost of starting threads or of <c>Parallel.For</c>: a round costs two barrier phases, tens of microseconds
/// against milliseconds of work.
/// </summary>
internal sealed class WorkerCrew : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier _start;
    private readonly Barrier _finish;
    private volatile Action? _work;
    private volatile bool _stopping;

    public WorkerCrew(int threads)
    {
        _start = new Barrier(threads + 1);
        _finish = new Barrier(threads + 1);
        _threads = [.. Enumerable.Range(0, threads).Select(i => new Thread(Loop) { IsBackground = true, Name = $"crew-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> once on every thread at the same time and waits for all of them.</summary>
    public void Run(Action work)
    {
        _work = work;
        _start.SignalAndWait();
        _finish.SignalAndWait();
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _start.Dispose();
        _finish.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            _work!();
            _finish.SignalAndWait();
        }
    }
}
