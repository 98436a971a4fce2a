namespace Conduit.Fuzz;

/// <summary>Runs one input through a target and decides what the outcome is.</summary>
internal static class FuzzRunner
{
    /// <summary>Inputs longer than this are cut: AFL++ keeps inputs far smaller, and a replay should be quick.</summary>
    public const int MaxInputBytes = 4 << 20;

    /// <summary>Runs <paramref name="input"/>; returns the refusal if the parser refused it, null if it read it.
    /// Throws what the parser threw when that is not a refusal, and <see cref="FuzzFinding"/> when the input made the
    /// process allocate more than the target's bound.</summary>
    public static Exception? RunOne(FuzzTarget target, byte[] input)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Exception? refusal = null;
        try
        {
            target.Run(input);
        }
        catch (Exception error) when (target.IsRefusal(error))
        {
            refusal = error;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var bound = target.Bound.For(input.Length);
        if (allocated > bound)
        {
            throw new FuzzFinding($"{target.Name}: an input of {input.Length} bytes made the process allocate {allocated} bytes; the bound is {bound} ({target.Bound})");
        }

        return refusal;
    }

    /// <summary>Reads a whole input stream, up to <see cref="MaxInputBytes"/>.</summary>
    public static byte[] ReadInput(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 << 10];
        int read;
        while (buffer.Length < MaxInputBytes && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxInputBytes - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
