using System;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Compat.Server.Tests;

/// <summary>
/// Loggers that write each entry as one line, <c>level: message</c> (then the exception), into the access log or
/// the error log, as the console logger would: what the tests read back.
/// </summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly StringWriter _access = new();
    private readonly StringWriter _errors = new();

    public string AccessLog => Read(_access);

    public string ErrorLog => Read(_errors);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == CompatServer.AccessLogCategory ? _access : _errors);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private static string Read(StringWriter writer)
    {
        lock (writer) return writer.ToString();
    }

    private sealed class Logger(StringWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => logLevel.ToString().ToLowerInvariant(),
            };
            var line = exception is null ? $"{level}: {formatter(state, exception)}" : $"{level}: {formatter(state, exception)}: {exception}";
            lock (writer) writer.WriteLine(line);
        }
    }
}
