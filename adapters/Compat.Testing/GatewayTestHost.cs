using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Hosting;

namespace Compat.Testing;

/// <summary>
/// Runs a handler of either style against in-memory requests, with the same <see cref="RequestRunner"/> the real
/// hosts use, so a test sees what a client would: status, headers, body bytes, framing, aborts, 100-continue.
/// An old-style handler runs on the host's own <see cref="BoundedPool"/>, exactly as on a server.
/// </summary>
/// <remarks>Thread-safe: requests may be sent concurrently. Dispose it to drain and stop the pool.</remarks>
public sealed class GatewayTestHost : IAsyncDisposable
{
    private readonly EnvironBuilder _environs;
    private readonly BoundedPool? _pool;
    private readonly RequestRunner _runner;

    /// <summary>Hosts a new-style handler.</summary>
    /// <param name="app">The handler.</param>
    /// <param name="options">Mount and server settings; defaults when null.</param>
    public GatewayTestHost(AsyncApp app, GatewayTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        Options = options ?? new GatewayTestHostOptions();
        _environs = Mount(app, Options);
        _runner = new RequestRunner(Options.Runner);
    }

    /// <summary>Hosts an old-style handler through <see cref="SyncAppAdapter"/> on a pool of its own.</summary>
    /// <param name="app">The handler.</param>
    /// <param name="options">Mount, server and pool settings; defaults when null.</param>
    public GatewayTestHost(SyncApp app, GatewayTestHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        Options = options ?? new GatewayTestHostOptions();
        _pool = new BoundedPool(Options.Pool);
        _environs = Mount(new SyncAppAdapter(app, _pool, Options.Adapter).AsAsyncApp(), Options);
        _runner = new RequestRunner(Options.Runner);
    }

    /// <summary>The host's settings.</summary>
    public GatewayTestHostOptions Options { get; }

    /// <summary>The pool an old-style handler runs on; null for a new-style handler.</summary>
    public BoundedPool? Pool => _pool;

    /// <summary>Sends a GET for a target.</summary>
    /// <param name="target">Path and optional query.</param>
    /// <returns>The response.</returns>
    public Task<TestResponse> GetAsync(string target) => SendAsync(new TestRequest { Target = target });

    /// <summary>Sends one request and returns what the client received.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The response, once the handler has finished and its body was disposed.</returns>
    public async Task<TestResponse> SendAsync(TestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http11 = request.Protocol == "HTTP/1.1";
        using var connectionClosed = new CancellationTokenSource();
        var errors = new StringWriter();
        var sink = new TestResponseSink(http11, request.DisconnectAfterResponseBytes, connectionClosed);
        var hints = new TestEarlyHints(sink, http11);
        var (rawPath, query) = EnvironBuilder.SplitTarget(request.Target);
        var (environ, app) = _environs.Build(new RequestFacts
        {
            Method = request.Method,
            RawPath = rawPath,
            QueryString = query,
            Protocol = request.Protocol,
            UrlScheme = Options.UrlScheme,
            Host = HeaderList.Find(request.Headers, "Host"),
            LocalAddr = Options.ServerName,
            LocalPort = Options.ServerPort.ToString(CultureInfo.InvariantCulture),
            RemoteAddr = Options.RemoteAddr,
            RemotePort = Options.RemotePort.ToString(CultureInfo.InvariantCulture),
            HeaderCount = request.Headers.Count,
        });
        environ.Errors = TextWriter.Synchronized(errors);
        environ.RequestAborted = connectionClosed.Token;
        foreach (var header in request.Headers)
        {
            environ.AddRequestHeader(header.Key, header.Value);
        }

        environ.EarlyHints = hints;
        var body = new TestRequestBody(request, http11);
        await using (body.ConfigureAwait(false))
        {
            body.Attach(environ);
            await _runner.RunAsync(app, environ, sink).ConfigureAwait(false);
        }

        var head = sink.Head;
        return new TestResponse(head?.Status ?? string.Empty, head?.StatusCode ?? 0, sink.Headers, sink.Body, sink.Framing,
            sink.Aborted, body.ContinueSent, hints.Sent, errors.ToString());
    }

    private static EnvironBuilder Mount(AsyncApp app, GatewayTestHostOptions options)
    {
        var mounts = new MountTable();
        mounts.Add(options.ScriptName, app);
        return new EnvironBuilder(mounts);
    }

    /// <summary>Stops the pool after the requests it is running have finished.</summary>
    /// <returns>Completes when the pool's threads have exited.</returns>
    public ValueTask DisposeAsync() => _pool?.DisposeAsync() ?? ValueTask.CompletedTask;
}
