using System.Net;
using Microsoft.Extensions.Logging;

namespace Conduit.Plugins.Dicos.Network;

/// <summary>What the DICOM network stages log.</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Listening on {Endpoint} as {AeTitle}")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, string aeTitle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Association from {Peer} rejected: {Why}")]
    public static partial void Rejected(ILogger logger, string peer, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Association from {Peer} ({Implementation}) accepted: {Accepted} of {Proposed} presentation contexts")]
    public static partial void Accepted(ILogger logger, string peer, string implementation, int accepted, int proposed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Association from {Peer} released after {Objects} objects")]
    public static partial void Released(ILogger logger, string peer, int objects);

    [LoggerMessage(Level = LogLevel.Information, Message = "C-ECHO from {Peer}")]
    public static partial void Echo(ILogger logger, string peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {SopInstance} ({Bytes} bytes, {Syntax}) from {Sender}{Kept}")]
    public static partial void Received(ILogger logger, string sopInstance, long bytes, string syntax, string sender, string kept);

    [LoggerMessage(Level = LogLevel.Error, Message = "{SopInstance} from {Sender} refused: {Problem}")]
    public static partial void Refused(ILogger logger, string sopInstance, string sender, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}; the association was aborted and its unfinished object dropped")]
    public static partial void Aborted(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "No association for {Seconds} s: stopping")]
    public static partial void Idle(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received {Stored} objects; {Failed} associations failed")]
    public static partial void Summary(ILogger logger, int stored, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to {Peer} failed, retry {Attempt} of {Retries}: {Problem}")]
    public static partial void Retrying(ILogger logger, string peer, int attempt, int retries, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {File} to {Peer} (status 0x{Status:X4})")]
    public static partial void Sent(ILogger logger, string file, string peer, ushort status);
}
