namespace Conduit.Abstractions.Stages;

/// <summary>Progress of one stage. Thread-safe; cheap enough to call once per message.</summary>
public interface IStageProgress
{
    /// <summary>Sets how much work there is, when it is known.</summary>
    /// <param name="total">Total amount of work.</param>
    /// <param name="unit">What is counted (<c>frames</c>, <c>bytes</c>, <c>events</c>).</param>
    void SetTotal(long total, string unit);

    /// <summary>Records <paramref name="amount"/> more units done.</summary>
    void Advance(long amount = 1);
}
