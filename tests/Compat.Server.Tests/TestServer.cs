using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Server.Tests;

/// <summary>A <see cref="CompatServer"/> on a free loopback port, with its logs captured for assertions.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly StringWriter _errors = new();
    private readonly StringWriter _access = new();

    private TestServer(ServerOptions? options)
    {
        var settings = options ?? new ServerOptions();
        Server = new CompatServer(
            new ServerOptions
            {
                Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)],
                MaxRequestLineSize = settings.MaxRequestLineSize,
                MaxRequestHeadersTotalSize = settings.MaxRequestHeadersTotalSize,
                MaxRequestHeaderCount = settings.MaxRequestHeaderCount,
                MaxRequestBodySize = settings.MaxRequestBodySize,
                MaxConcurrentConnections = settings.MaxConcurrentConnections,
                MaxRequestBodyDrainSize = settings.MaxRequestBodyDrainSize,
                RequestHeadersTimeout = settings.RequestHeadersTimeout,
                KeepAliveTimeout = settings.KeepAliveTimeout,
                ShutdownTimeout = settings.ShutdownTimeout,
                Pool = settings.Pool,
            },
            _access,
            _errors);
    }

    public CompatServer Server { get; }

    public IPEndPoint Endpoint => Server.Endpoints[0];

    public string ErrorLog => _errors.ToString();

    public string AccessLog => _access.ToString();

    public static async Task<TestServer> StartAsync(Action<CompatServer> mount, ServerOptions? options = null)
    {
        var server = new TestServer(options);
        mount(server.Server);
        await server.Server.StartAsync();
        return server;
    }

    public static Task<TestServer> StartAsync(AsyncApp app, ServerOptions? options = null) => StartAsync(s => s.Mount("/", app), options);

    public static Task<TestServer> StartAsync(SyncApp app, ServerOptions? options = null) => StartAsync(s => s.Mount("/", app), options);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
