using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace Compat.Server;

/// <summary>
/// The bundled server's own log entries (category <c>Compat.Server</c>): information for the server's news, warnings
/// for expected outcomes (a full pool's 503, a refused request, a slow or cut body), errors with their exception for
/// failures. Expected outcomes flood under attack, thousands a second: past <see cref="LinesPerKindPerSecond"/> of one
/// kind in a second they are only counted, and once a second one entry says how many more there were. The log stays
/// readable, and a flood costs a counter, not a formatted entry.
/// </summary>
internal sealed partial class ServerLog : IDisposable
{
    /// <summary>How many entries of one kind of expected outcome are logged in a second before the rest are counted.</summary>
    public const int LinesPerKindPerSecond = 5;

    private readonly ILogger _logger;
    private readonly Dictionary<string, (int Written, int Counted)> _second = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    /// <param name="logger">Where the entries go.</param>
    public ServerLog(ILogger logger)
    {
        _logger = logger;
        _timer = new Timer(_ => Summarize(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The server's own news (listening, stopping).</summary>
    public void Info(string message) => Information(_logger, message);

    /// <summary>A failure, with its exception as an object for log shippers.</summary>
    public void Fail(string message, Exception? error = null) => Failure(_logger, error, message);

    /// <summary>An expected outcome: logged, unless this second has had enough of its kind.</summary>
    /// <param name="kind">What makes two outcomes the same for the count (the status and reason, not the client).</param>
    /// <param name="message">The entry.</param>
    public void Expected(string kind, string message)
    {
        if (!_logger.IsEnabled(LogLevel.Warning)) return;
        lock (_second)
        {
            _second.TryGetValue(kind, out var seen);
            if (seen.Written >= LinesPerKindPerSecond)
            {
                _second[kind] = (seen.Written, seen.Counted + 1);
                return;
            }

            _second[kind] = (seen.Written + 1, seen.Counted);
        }

        Outcome(_logger, message);
    }

    /// <summary>Logs the counts of the last second and starts a new one.</summary>
    public void Summarize()
    {
        List<(string Kind, int Counted)> counted = [];
        lock (_second)
        {
            foreach (var (kind, seen) in _second)
            {
                if (seen.Counted > 0) counted.Add((kind, seen.Counted));
            }

            _second.Clear();
        }

        foreach (var (kind, count) in counted)
        {
            Suppressed(_logger, count, kind);
        }
    }

    /// <summary>Stops the clock and logs what is still counted.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Summarize();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Message}")]
    private static partial void Information(ILogger logger, string message);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void Outcome(ILogger logger, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Count} more like \"{Kind}\" in the last second")]
    private static partial void Suppressed(ILogger logger, int count, string kind);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Message}")]
    private static partial void Failure(ILogger logger, Exception? exception, string message);
}
