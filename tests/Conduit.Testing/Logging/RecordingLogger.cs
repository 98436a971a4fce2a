using Microsoft.Extensions.Logging;

namespace Conduit.Testing.Logging;

/// <summary>A logger that keeps every message, for tests that check what a stage decided or reported; pass it to
/// <see cref="Stages.StageHarness"/>. Safe to log to from several threads.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly List<string> _messages = [];

    /// <summary>The messages logged so far, formatted, in order.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_messages)
        {
            _messages.Add(formatter(state, exception));
        }
    }
}
