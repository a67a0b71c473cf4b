using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Hosting;
using Compat.Hosting.Recording;
using Compat.Server.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Compat.Server;

/// <summary>
/// The bundled HTTP/1.1 server: hosts old-style and new-style handlers side by side, mounted by path prefix.
/// Old-style handlers run through <see cref="SyncAppAdapter"/> on one <see cref="BoundedPool"/> the server owns.
/// </summary>
/// <example>
/// <code>
/// await using var server = new CompatServer(new ServerOptions { Endpoints = [new(IPAddress.Loopback, 8080)] });
/// server.Mount("/legacy", LegacyHandlers.Hello);   // a SyncApp
/// server.Mount("/", NewHandlers.Index);            // an AsyncApp
/// await server.StartAsync();
/// </code>
/// </example>
public sealed class CompatServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Http1Connection, Task> _connections = new();
    private readonly ConcurrentDictionary<System.Net.WebSockets.WebSocket, byte> _webSockets = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly List<IPEndPoint> _endpoints = [];
    private readonly Lazy<BoundedPool> _pool;
    // How long aborted connections get to end before a stop gives up on their handlers.
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private Heartbeat? _heartbeat;
    private Task? _stopped;
    private int _connectionCount;

    /// <summary>The logger category of the access log (one information entry per request), for a host's filters.</summary>
    public const string AccessLogCategory = "Compat.Server.AccessLog";

    /// <summary>Creates a server; mount handlers, then start it.</summary>
    /// <param name="options">Limits, timeouts, endpoints and pool settings; defaults when null.</param>
    /// <param name="loggerFactory">
    /// Where the server logs: <c>Compat.Server</c> (its own news, refused requests, handler failures with their
    /// exceptions), <c>Compat.Server.AccessLog</c> (one entry per request) and <c>Compat.Server.Handlers</c> (what
    /// handlers write to gateway.errors). Null logs nothing.
    /// </param>
    public CompatServer(ServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? new ServerOptions();
        Options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        AccessLog = new AccessLog(loggerFactory.CreateLogger(CompatServer.AccessLogCategory));
        ErrorLog = new LoggerTextWriter(loggerFactory.CreateLogger("Compat.Server.Handlers"));
        Log = new ServerLog(loggerFactory.CreateLogger("Compat.Server"));
        MinRequestBodyDataRateBox = Options.MinRequestBodyDataRate;
        Environs = new EnvironBuilder(Mounts);
        Recorder = Options.Recording is { } recording ? new TrafficRecorder(recording, loggerFactory.CreateLogger("Compat.Server.Recording")) : null;
        Runner = new RequestRunner(new RequestRunnerOptions { ServerHeader = Options.ServerHeader, Log = LogRequest, ContinueOnPoolThread = true, Recorder = Recorder });
        _pool = new Lazy<BoundedPool>(() => new BoundedPool(Options.Pool));
    }

    /// <summary>The server's settings.</summary>
    public ServerOptions Options { get; }

    /// <summary>What is mounted where.</summary>
    public MountTable Mounts { get; } = new();

    /// <summary>Every request's environ and handler, from what its connection knows.</summary>
    internal EnvironBuilder Environs { get; }

    /// <summary>The addresses actually listened on (with real ports when 0 was asked for); empty before start.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => _endpoints;

    /// <summary>The pool old-style handlers run on; created with the first one mounted.</summary>
    public BoundedPool? Pool => _pool.IsValueCreated ? _pool.Value : null;

    internal RequestRunner Runner { get; }

    internal AccessLog AccessLog { get; }

    internal LoggerTextWriter ErrorLog { get; }

    /// <summary><see cref="ServerOptions.MinRequestBodyDataRate"/> boxed once, for every request's environ.</summary>
    internal object? MinRequestBodyDataRateBox { get; }

    /// <summary>The server's own log entries (category <c>Compat.Server</c>), floods of expected outcomes summarized.</summary>
    internal ServerLog Log { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Remembers an accepted WebSocket so that shutdown can close it with 1001 (going away).</summary>
    internal System.Net.WebSockets.WebSocket Track(System.Net.WebSockets.WebSocket socket)
    {
        _webSockets[socket] = 0;
        return socket;
    }

    internal void Forget(System.Net.WebSockets.WebSocket socket) => _webSockets.TryRemove(socket, out _);

    /// <summary>Records a sample of requests when <see cref="ServerOptions.Recording"/> is set; null otherwise.</summary>
    public TrafficRecorder? Recorder { get; }

    /// <summary>Mounts a new-style handler.</summary>
    /// <param name="prefix">The path prefix; it becomes SCRIPT_NAME.</param>
    /// <param name="app">The handler.</param>
    /// <param name="name">Its name in recordings (<see cref="HandlerNames"/>); the delegate's method's when null.</param>
    public void Mount(string prefix, AsyncApp app, string? name = null)
    {
        Mounts.Add(prefix, app);
        Recorder?.Register(app, name ?? HandlerNames.Of(app));
    }

    /// <summary>Mounts an old-style handler; it runs on the server's pool.</summary>
    /// <param name="prefix">The path prefix; it becomes SCRIPT_NAME.</param>
    /// <param name="app">The handler.</param>
    /// <param name="name">Its name in recordings (<see cref="HandlerNames"/>); the delegate's method's when null.</param>
    public void Mount(string prefix, SyncApp app, string? name = null)
    {
        var adapted = new SyncAppAdapter(app, _pool.Value, Options.Adapter).AsAsyncApp();
        Mounts.Add(prefix, adapted);
        Recorder?.Register(adapted, name ?? HandlerNames.Of(app));
    }

    /// <summary>Binds every endpoint and starts accepting connections.</summary>
    /// <returns>Completes once listening.</returns>
    /// <exception cref="SocketException">An endpoint could not be bound (in use, or not an address of this machine).</exception>
    public Task StartAsync()
    {
        if (_listeners.Count > 0) throw new InvalidOperationException("The server is already started.");
        try
        {
            foreach (var endpoint in Options.Endpoints)
            {
                var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                _listeners.Add(listener);
                listener.Bind(endpoint);
                listener.Listen(512);
                _endpoints.Add((IPEndPoint)listener.LocalEndPoint!);
            }

            foreach (var path in Options.UnixSockets)
            {
                _listeners.Add(UnixSocketListener.Bind(path));
            }
        }
        catch
        {
            // Nothing half-bound stays behind: the caller may fix the address and start again.
            foreach (var listener in _listeners) listener.Dispose();
            _listeners.Clear();
            _endpoints.Clear();
            throw;
        }

        _heartbeat = new Heartbeat(Heartbeat.PeriodFor(Options.RequestHeadersTimeout, Options.KeepAliveTimeout, Options.RequestBodyIdleTimeout, Options.MinRequestBodyDataRateGracePeriod, Options.MinResponseDataRateGracePeriod), now =>
        {
            foreach (var connection in _connections.Keys)
            {
                connection.CheckDeadline(now);
            }
        });
        foreach (var listener in _listeners)
        {
            _acceptLoops.Add(AcceptLoopAsync(listener));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops gracefully: no new connections, idle ones close, in-flight requests get <see cref="ServerOptions.ShutdownTimeout"/>
    /// to finish (their responses say Connection: close), then what remains is aborted and the pool drained.
    /// </summary>
    /// <returns>Completes when every connection is closed.</returns>
    public Task StopAsync()
    {
        lock (_stopping)
        {
            return _stopped ??= StopCoreAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// After a stop that gave up on handlers which ignored cancellation past <see cref="ServerOptions.ShutdownTimeout"/>
    /// (and the abort of their connections): how many requests each mount prefix still had running. Empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, int> AbandonedRequests { get; private set; } = new Dictionary<string, int>();

    private async Task StopCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);

        // WebSockets get the close handshake (1001, going away); their handlers see the close and finish.
        foreach (var socket in _webSockets.Keys)
        {
            if (socket.State == System.Net.WebSockets.WebSocketState.Open)
            {
                _ = CloseQuietlyAsync(socket);
            }
        }

        var all = Task.WhenAll(_connections.Values);
        if (await Task.WhenAny(all, Task.Delay(Options.ShutdownTimeout)).ConfigureAwait(false) != all)
        {
            Log.Info($"shutdown: {_connections.Count} connection(s) still busy after {Options.ShutdownTimeout}; aborting them");
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }

            // A handler that ignores cancellation (Thread.Sleep, Task.Delay without the token) keeps its connection
            // running after the abort. Stopping does not wait for it: the process may exit, and the caller is told.
            if (await Task.WhenAny(all, Task.Delay(AbandonGrace)).ConfigureAwait(false) != all)
            {
                var abandoned = _connections.Keys
                    .Select(c => c.InFlightMount)
                    .OfType<string>()
                    .GroupBy(mount => mount, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                AbandonedRequests = abandoned;
                Log.Fail($"shutdown: abandoned {abandoned.Values.Sum()} request(s) whose handlers ignored cancellation: {string.Join(", ", abandoned.Select(a => $"{a.Key} ({a.Value})"))}");
                _heartbeat?.Dispose();
                await DisposeRecorderAsync().ConfigureAwait(false);
                Log.Dispose();
                return;
            }
        }

        await all.ConfigureAwait(false);
        _heartbeat?.Dispose();
        if (_pool.IsValueCreated)
        {
            await _pool.Value.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeRecorderAsync().ConfigureAwait(false);
        Log.Dispose();
    }

    private ValueTask DisposeRecorderAsync() => Recorder?.DisposeAsync() ?? ValueTask.CompletedTask;

    // The runner's events as the server logs them: the request first, expected outcomes counted by their message.
    private void LogRequest(Environ environ, RequestLogLevel level, string message, Exception? error)
    {
        var line = $"{environ.RequestMethod} {environ.ScriptName}{environ.PathInfo}: {message}";
        if (level == RequestLogLevel.Expected)
        {
            Log.Expected(message, line);
        }
        else
        {
            Log.Fail(line, error);
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }

            if (socket.AddressFamily != AddressFamily.Unix) socket.NoDelay = true;
            if (Interlocked.Increment(ref _connectionCount) > Options.MaxConcurrentConnections)
            {
                Interlocked.Decrement(ref _connectionCount);
                _ = RefuseAsync(socket);
                continue;
            }

            var connection = new Http1Connection(socket, this);
            _connections[connection] = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(Http1Connection connection)
    {
        // Yield first so the task is registered in _connections before it can finish and unregister itself.
        await Task.Yield();
        ServerMetrics.ActiveConnections.Add(1);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.Fail("connection failed", ex);
        }
        finally
        {
            ServerMetrics.ActiveConnections.Add(-1);
            Interlocked.Decrement(ref _connectionCount);
            _connections.TryRemove(connection, out _);
        }
    }

    private static async Task CloseQuietlyAsync(System.Net.WebSockets.WebSocket socket)
    {
        try
        {
            await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "server shutting down", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone already; the connection closes with the server.
        }
    }

    // Over the connection limit: a clear 503 rather than a silent reset, then close.
    private async Task RefuseAsync(Socket socket)
    {
        ServerMetrics.RejectedConnections.Add(1);
        using (socket)
        {
            try
            {
                var status = ReasonPhrases.StatusLine(503);
                await socket.SendAsync(ConnectionOutput.Canned(new PlainTextResponse(status, $"{status}: too many connections\n", new KeyValuePair<string, string>("Retry-After", "1")), Options.ServerHeader)).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
        }
    }
}
