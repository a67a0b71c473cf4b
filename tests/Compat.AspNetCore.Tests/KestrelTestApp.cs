using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compat.AspNetCore.Tests;

/// <summary>A real Kestrel app on a free loopback port with the Compat host added and its error log captured.</summary>
internal sealed class KestrelTestApp : IAsyncDisposable
{
    private readonly StringWriter _log = new();

    private KestrelTestApp()
    {
    }

    public WebApplication App { get; private set; } = null!;

    public IPEndPoint Endpoint { get; private set; } = null!;

    public string ErrorLog
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public static async Task<KestrelTestApp> StartAsync(Action<WebApplication> map, IDictionary<string, string?>? configuration = null, Action<WebApplication>? before = null, Action<CompatOptions>? configure = null)
    {
        var test = new KestrelTestApp();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new StringLoggerProvider(test._log));
        if (configuration is not null) builder.Configuration.AddInMemoryCollection(configuration);
        if (configure is null) builder.Services.AddCompat();
        else builder.Services.AddCompat(configure);
        test.App = builder.Build();
        before?.Invoke(test.App);
        map(test.App);
        await test.App.StartAsync();
        var address = test.App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        test.Endpoint = new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port);
        return test;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class StringLoggerProvider(StringWriter log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StringLogger(log);

        public void Dispose()
        {
        }
    }

    private sealed class StringLogger(StringWriter log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log) log.WriteLine($"{logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
