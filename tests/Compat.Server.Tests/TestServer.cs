using System;
using System.Net;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Server.Tests;

/// <summary>A <see cref="CompatServer"/> on a free loopback port, with its logs captured for assertions.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly CapturingLoggerFactory _logs = new();

    private TestServer(ServerOptions? options)
    {
        Server = new CompatServer(
            (options ?? new ServerOptions()) with { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)] },
            _logs);
    }

    public CompatServer Server { get; }

    public IPEndPoint Endpoint => Server.Endpoints[0];

    public string ErrorLog => _logs.ErrorLog;

    public string AccessLog => _logs.AccessLog;

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
