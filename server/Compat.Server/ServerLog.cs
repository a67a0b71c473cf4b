using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Compat.Server;

/// <summary>
/// The bundled server's error log: one line per event, with a UTC timestamp and a level: <c>info</c> for the
/// server's own news, <c>warn</c> for expected outcomes (a full pool's 503, a refused request, a slow or cut body),
/// <c>fail</c> for failures, with their stack traces. Expected outcomes flood under attack, thousands a second: past
/// <see cref="LinesPerKindPerSecond"/> of one kind in a second they are only counted, and once a second one line says
/// how many more there were. The log stays readable, and a flood costs a counter, not a write under a lock.
/// </summary>
internal sealed class ServerLog : IDisposable
{
    /// <summary>How many lines of one kind of expected outcome are written in a second before the rest are counted.</summary>
    public const int LinesPerKindPerSecond = 5;

    private readonly TextWriter _writer;
    private readonly Dictionary<string, (int Written, int Counted)> _second = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    /// <param name="writer">Where the lines go; it is written one whole line at a time.</param>
    public ServerLog(TextWriter writer)
    {
        _writer = writer;
        _timer = new Timer(_ => Summarize(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The server's own news (listening, stopping).</summary>
    public void Info(string message) => Write("info", message);

    /// <summary>A failure; its exception, with the stack trace, follows the message.</summary>
    public void Fail(string message, Exception? error = null) => Write("fail", error is null ? message : $"{message}: {error}");

    /// <summary>An expected outcome: written, unless this second has had enough of its kind.</summary>
    /// <param name="kind">What makes two outcomes the same for the count (the status and reason, not the client).</param>
    /// <param name="message">The line.</param>
    public void Expected(string kind, string message)
    {
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

        Write("warn", message);
    }

    /// <summary>Writes the counts of the last second and starts a new one.</summary>
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
            Write("warn", $"{count} more like \"{kind}\" in the last second");
        }
    }

    /// <summary>Stops the clock and writes what is still counted.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Summarize();
    }

    private void Write(string level, string message) =>
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level}: {message}"));
}
