namespace Conduit.Engine.Running;

/// <summary>The first stage of a run to fail and its error; later failures are consequences and are not kept.</summary>
internal sealed class FailureRecord
{
    private readonly Lock _lock = new();
    private (string StageId, Exception Error)? _first;

    public string? StageId => _first?.StageId;

    public Exception? Error => _first?.Error;

    public void TryRecord(string stageId, Exception error)
    {
        lock (_lock)
        {
            _first ??= (stageId, error);
        }
    }
}
