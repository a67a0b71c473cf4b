using Microsoft.Extensions.Logging;

namespace Compat.Server.Host;

/// <summary>
/// compat-server's console logging: one line an entry with a UTC timestamp and level (or one JSON object an entry),
/// warnings and errors on stderr, the access log on or off apart from the level.
/// </summary>
internal static class HostLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static ILoggerFactory Create(HostArguments arguments) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(arguments.LogLevel);
        builder.AddFilter(CompatServer.AccessLogCategory, arguments.AccessLog ? LogLevel.Information : LogLevel.None);
        builder.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Warning);
        if (arguments.JsonLogs)
        {
            builder.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = TimestampFormat.TrimEnd();
            });
        }
        else
        {
            builder.AddSimpleConsole(text =>
            {
                text.SingleLine = true;
                text.UseUtcTimestamp = true;
                text.TimestampFormat = TimestampFormat;
            });
        }
    });
}
