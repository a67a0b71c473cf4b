using System.IO;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Compat.AspNetCore;

/// <summary>gateway.errors on ASP.NET Core: each line a handler writes becomes one error log entry (the runner logs through its own logger).</summary>
internal sealed class LoggerTextWriter(ILogger logger) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                Flush(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_line)
        {
            _line.Append(value);
            Flush(_line.ToString());
            _line.Clear();
        }
    }

    private void Flush(string line) => Log.HandlerError(logger, line);
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Line}")]
    public static partial void HandlerError(ILogger logger, string line);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Method} {Path}: {Message}")]
    public static partial void RequestWarning(ILogger logger, string method, string path, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Method} {Path}: {Message}")]
    public static partial void RequestFailure(ILogger logger, System.Exception? exception, string method, string path, string message);
}
