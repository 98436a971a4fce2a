using Conduit.Abstractions.Inspection;

namespace Conduit.Host.Cli;

/// <summary>Which registered handler (inspector, plotter) takes a file: the best <c>Match</c> on its first bytes and
/// path, content before extension.</summary>
internal static class FileRecognition
{
    private const int HeaderBytes = 4096;

    public static async Task<T?> BestAsync<T>(string path, IEnumerable<T> handlers, Func<T, ReadOnlyMemory<byte>, string, InspectionMatch> match, CancellationToken cancellationToken)
        where T : class
    {
        var header = new byte[HeaderBytes];
        int read;
        await using (var stream = File.OpenRead(path))
        {
            read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        }

        return handlers
            .Select(h => (Handler: h, Match: match(h, header.AsMemory(0, read), path)))
            .Where(m => m.Match != InspectionMatch.None)
            .OrderByDescending(m => m.Match)
            .FirstOrDefault().Handler;
    }
}
