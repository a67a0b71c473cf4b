using System.IO;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Compat.Hosting;

/// <summary>
/// <c>gateway.errors</c> backed by a logger: each line a handler writes becomes one error entry, so what old-style
/// handlers print to their error stream reaches the host's log shippers like everything else.
/// </summary>
/// <param name="logger">Where the lines go.</param>
public sealed partial class LoggerTextWriter(ILogger logger) : TextWriter
{
    private readonly StringBuilder _line = new();

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                HandlerError(logger, _line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        lock (_line)
        {
            _line.Append(value);
            HandlerError(logger, _line.ToString());
            _line.Clear();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Line}")]
    private static partial void HandlerError(ILogger logger, string line);
}
