using System;
using Microsoft.Extensions.Logging;

namespace Compat.AspNetCore;

/// <summary>The host's log entries, with event ids and structured fields for log shippers.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} {Path}: {Message}")]
    public static partial void RequestWarning(ILogger logger, string method, string path, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Method} {Path}: {Message}")]
    public static partial void RequestFailure(ILogger logger, Exception? exception, string method, string path, string message);
}
