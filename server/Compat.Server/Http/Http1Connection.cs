using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Hosting;
using Compat.Server.Extensions;

namespace Compat.Server.Http;

/// <summary>
/// One client connection. The loop reads in one direction: read until a request head parses, hand the body to
/// the handler, run it through the <see cref="RequestRunner"/>, then drain what the handler left unread, and repeat.
/// Pipelined requests are therefore answered in order. The loop runs on the ThreadPool; only old-style handlers'
/// code runs on the server's <see cref="Compat.Adapters.BoundedPool"/>.
/// </summary>
internal sealed partial class Http1Connection
{
    private static readonly AsyncApp TooLarge = HostResponses.Plain("413 Content Too Large", "413 Content Too Large: the request body is over the server's limit\n");

    private const int OutputSegmentSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly CompatServer _server;
    private readonly ServerOptions _options;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly ConnectionOutput _output;
    private readonly RequestHead _head = new();
    // Cancelled by the server's heartbeat once the deadline passes while the connection waits for a head, and when
    // the server stops; only head reads use it.
    private readonly CancellationTokenSource _headTimeout;
    private readonly EndPoint _remote;

    // What every request's environ repeats, made once per connection: the peer's and the server's address and ports
    // as CGI strings, the abort token boxed, and what the builder remembers of the last request.
    private readonly string _remoteAddr;
    private readonly string _remotePort;
    private readonly string? _localAddr;
    private readonly string? _localPort;
    private readonly object _requestAborted;
    private readonly EnvironCache _environCache = new();

    // The request being served: its body for the heartbeat's pace check, its environ for the rate the handler set.
    private RequestBody? _body;
    private long _deadline = long.MaxValue;
    private string? _inFlightMount;
    private Environ? _environ;

    public Http1Connection(Socket socket, CompatServer server)
    {
        _socket = socket;
        _server = server;
        _options = server.Options;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        // A stream writer sends each buffer segment with its own write call: segments as large as a typical body
        // chunk make a 64 KiB chunk one or two sends instead of sixteen. Segments go back to the pool after a flush.
        _output = new ConnectionOutput(
            socket,
            PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: OutputSegmentSize, leaveOpen: true)),
            new SendPace(_options.MinResponseDataRateGracePeriod, _options.MinResponseDataRate));
        _headTimeout = CancellationTokenSource.CreateLinkedTokenSource(server.Stopping);
        if (socket.RemoteEndPoint is IPEndPoint remote)
        {
            var peer = Unmap(remote);
            var local = Unmap((IPEndPoint)socket.LocalEndPoint!);
            _remote = peer;
            _remoteAddr = peer.Address.ToString();
            _remotePort = peer.Port.ToString(CultureInfo.InvariantCulture);
            _localAddr = local.Address.ToString();
            _localPort = local.Port.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            // A Unix domain socket (a proxy on this machine): no address or port on either side. Logs name the
            // socket the client came through, as its peer is unnamed.
            _remote = socket.LocalEndPoint!;
            _remoteAddr = _remotePort = string.Empty;
        }

        _requestAborted = _output.Closed;
    }

    /// <summary>Serves requests until the client leaves, a request says close, a timeout, an error, or shutdown.</summary>
    /// <returns>Completes when the connection is closed.</returns>
    public async Task RunAsync()
    {
        try
        {
            var first = true;
            while (await ReadHeadAsync(first).ConfigureAwait(false))
            {
                first = false;
                if (!await ProcessRequestAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (BadRequestException ex)
        {
            await RejectAsync(ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the connection was aborted: nothing left to answer.
        }
        finally
        {
            if (BoundedPool.OnAnyPoolThread)
            {
                // The loop went on on an old-style handler's pool thread (RequestRunnerOptions.ContinueOnPoolThread).
                // Whoever waits for the connection to end (the server's stop, which disposes the pool) must not
                // continue there.
                await Task.Yield();
            }

            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Cuts the connection at once: a response in progress is left incomplete, so the client sees it broken.</summary>
    public void Abort() => _output.Abort();

    /// <summary>The mount prefix of the request being served ("/" for the root), or null between requests.</summary>
    public string? InFlightMount => Volatile.Read(ref _inFlightMount);

    /// <summary>Called by the server's heartbeat: ends a wait for the client that has passed its deadline.</summary>
    /// <param name="now">The heartbeat's clock (<see cref="Heartbeat.Now"/>).</param>
    public void CheckDeadline(long now)
    {
        _body?.CheckPace(now);
        if (_output.Pace.TryExpire(now, out var rate))
        {
            // The request is the one whose response is being sent: the connection reads no head meanwhile.
            var reason = $"response aborted: the client takes it slower than {rate.ToString("0.###", CultureInfo.InvariantCulture)} bytes/s";
            _server.Log.Expected(reason, $"{_head.Method} {_head.Target}: {reason}");
            _output.Abort();
        }

        if (now < Volatile.Read(ref _deadline)) return;
        try
        {
            _headTimeout.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection closed meanwhile.
        }
    }

    private async ValueTask<bool> ReadHeadAsync(bool first)
    {
        var state = HeadReadState.Buffered;
        CancellationTokenSource? lastHead = null;
        try
        {
            while (true)
            {
                // A response may still sit in the output buffer (see Http1ResponseSink's mayDeferFlush): it goes out
                // before the connection waits for the client, so pipelined answers leave together and none is held back.
                if (!_input.TryRead(out var result))
                {
                    await _output.FlushPendingAsync().ConfigureAwait(false);
                    if (state == HeadReadState.Buffered)
                    {
                        SetDeadline(first ? _options.RequestHeadersTimeout : _options.KeepAliveTimeout);
                        state = HeadReadState.AwaitingRequest;
                    }
                    else if (state == HeadReadState.BufferedPartial)
                    {
                        SetDeadline(_options.RequestHeadersTimeout);
                        state = HeadReadState.AwaitingRestOfHead;
                    }

                    try
                    {
                        result = await _input.ReadAsync(lastHead?.Token ?? _headTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (_headTimeout.IsCancellationRequested && lastHead is null)
                    {
                        var stopping = _server.Stopping.IsCancellationRequested;
                        var receiving = state is HeadReadState.BufferedPartial or HeadReadState.AwaitingRestOfHead;
                        if (receiving && !stopping)
                        {
                            throw new BadRequestException(RequestRejectionReason.HeadersTimeout, $"the head did not arrive within {_options.RequestHeadersTimeout}");
                        }

                        // The server is stopping, but a request has begun to arrive (in the pipe, or still in the
                        // socket): it is served, with Connection: close, within the headers timeout. A client that sent
                        // nothing is closed now, which keep-alive clients expect and retry.
                        if (stopping && (receiving || _socket.Available > 0))
                        {
                            lastHead = new CancellationTokenSource(_options.RequestHeadersTimeout);
                            continue;
                        }

                        // Idle past the keep-alive timeout, or the server is stopping: close quietly.
                        return false;
                    }
                    catch (OperationCanceledException) when (lastHead is { IsCancellationRequested: true })
                    {
                        throw new BadRequestException(RequestRejectionReason.HeadersTimeout, $"the head did not arrive within {_options.RequestHeadersTimeout}");
                    }
                }

                var buffer = result.Buffer;
                var consumed = buffer.Start;
                var examined = buffer.End;
                try
                {
                    if (buffer.IsEmpty && result.IsCompleted)
                    {
                        return false;
                    }

                    if (!buffer.IsEmpty && state is HeadReadState.Buffered or HeadReadState.AwaitingRequest)
                    {
                        // The first byte of a request starts the clock for the whole head (a first request's runs
                        // from the connection's start already).
                        if (state == HeadReadState.AwaitingRequest && !first) SetDeadline(_options.RequestHeadersTimeout);
                        state = state == HeadReadState.AwaitingRequest ? HeadReadState.AwaitingRestOfHead : HeadReadState.BufferedPartial;
                    }

                    if (Http1Parser.TryParseHead(buffer, _head, _options, out var end))
                    {
                        consumed = examined = end;
                        return true;
                    }

                    if (result.IsCompleted)
                    {
                        throw new IOException("The client closed the connection in the middle of a request head.");
                    }
                }
                finally
                {
                    _input.AdvanceTo(consumed, examined);
                }
            }
        }
        finally
        {
            lastHead?.Dispose();
            if (state is HeadReadState.AwaitingRequest or HeadReadState.AwaitingRestOfHead)
            {
                Volatile.Write(ref _deadline, long.MaxValue);
            }
        }
    }

    private async ValueTask<bool> ProcessRequestAsync()
    {
        // The clock is read only for someone who wants the duration: it was about 3% of pipelined plaintext's CPU.
        var timed = _server.AccessLog.Enabled || ServerMetrics.RequestDuration.Enabled;
        var started = timed ? Stopwatch.GetTimestamp() : 0;
        var head = _head;
        var tooLarge = head.ContentLength > _options.MaxRequestBodySize;
        var (environ, app) = _server.Environs.Build(new RequestFacts
        {
            Method = head.Method,
            RawPath = head.RawPath,
            QueryString = head.Query,
            Protocol = head.Protocol,
            UrlScheme = "http",
            Host = head.Host,
            LocalAddr = _localAddr,
            LocalPort = _localPort,
            RemoteAddr = _remoteAddr,
            RemotePort = _remotePort,
            HeaderCount = head.Headers.Count,
        }, _environCache);
        if (tooLarge) app = TooLarge;

        var sink = new Http1ResponseSink(_output, head, environ, tooLarge, _server.Stopping);
        var body = _body = head.HasBody && !tooLarge
            ? new RequestBody(_input, head, _options, head.ExpectContinue ? sink.SendContinueAsync : null, RequestBodyRate)
            : null;
        sink.Body = body;

        // A small body is read whole before the handler runs: a client that stalls it holds no pool thread.
        if (body is not null && await body.PrereadAsync().ConfigureAwait(false) is { } unread)
        {
            _server.Log.Expected($"{unread.StatusCode}: {unread.Message}", $"{head.Method} {head.Target}: {unread.StatusCode}: {unread.Message}");
            app = HostResponses.Plain(ReasonPhrases.StatusLine(unread.StatusCode), $"{ReasonPhrases.StatusLine(unread.StatusCode)}: {unread.Message}\n");
        }

        _environ = environ;
        AddRequest(environ, head, body);
        if (body is not null)
        {
            environ[ServerEnvironKeys.MinRequestBodyDataRate] = _server.MinRequestBodyDataRateBox;
        }

        // The server's rate, until the response starts and takes the one its handler set, if any (the key is absent
        // otherwise: an entry in every environ cost pipelined requests more than a lookup at the start of each response).
        _output.Pace.MinDataRate = _options.MinResponseDataRate;

        environ.Takeover = new ServerTakeoverExtension(_input, _output.Writer, sink, head.HasBody);
        environ.EarlyHints = new ServerEarlyHintsExtension(sink, head.IsHttp11);
        if (WebSocketHandshake.IsAttempt(head))
        {
            // A malformed handshake is answered here; a valid one is offered to the handler, which may decline it.
            // The framing is sound, so unlike the parser's refusals it is answered on a connection that stays open.
            if (WebSocketHandshake.Validate(head) is { } refusal)
            {
                ServerMetrics.BadRequests.Add(1, ServerMetrics.Reason(refusal.Reason));
                var status = ReasonPhrases.StatusLine(refusal.StatusCode);
                app = refusal.Reason == RequestRejectionReason.UnsupportedWebSocketVersion
                    ? HostResponses.Plain(status, $"{refusal.Detail}\n", new KeyValuePair<string, string>("Sec-WebSocket-Version", "13"))
                    : HostResponses.Plain(status, $"{refusal.Detail}\n");
            }
            else
            {
                environ.WebSocket = new ServerWebSocketExtension(head, _input, _output, sink, _server);
            }
        }

        Volatile.Write(ref _inFlightMount, environ.ScriptName.Length == 0 ? "/" : environ.ScriptName);
        RequestOutcome outcome;
        try
        {
            outcome = await _server.Runner.RunAsync(app, environ, sink).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _inFlightMount, null);
        }

        if (environ.WebSocket is ServerWebSocketExtension { Accepted: { } socket })
        {
            _server.Forget(socket);
        }

        var reusable = outcome == RequestOutcome.Completed && sink.KeepAlive
            && (body is null || await body.FinishAsync(head.ExpectContinue).ConfigureAwait(false));

        if (timed)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (ServerMetrics.RequestDuration.Enabled)
            {
                // Checked again: the status tag is a box, made only when someone listens.
                ServerMetrics.RequestDuration.Record(elapsed.TotalSeconds, ServerMetrics.Status(sink.StatusCode));
            }

            _server.AccessLog.Write(_remote, head.Method, head.Target, head.Protocol, sink.StatusCode, sink.BodyBytes, elapsed, outcome == RequestOutcome.Aborted);
        }

        return reusable;
    }

    // The body's minimum rate as the handler left it in the environ before its first read.
    private double? RequestBodyRate() => EnvironDataRate.Read(_environ, ServerEnvironKeys.MinRequestBodyDataRate, _options.MinRequestBodyDataRate);

    private void SetDeadline(TimeSpan timeout) => Volatile.Write(ref _deadline, Heartbeat.Now + (long)timeout.TotalMilliseconds);


    // What only this transport knows: the headers, the body, the error stream and the abort token.
    private void AddRequest(Environ environ, RequestHead head, RequestBody? body)
    {
        environ.Errors = _server.ErrorLog;
        environ.BodyReader = body?.Reader ?? EmptyBodyReader.Instance;
        environ.Input = body?.Reader.AsStream(leaveOpen: true) ?? Stream.Null;

        // Through the dictionary with the connection's box: the typed setter would make a new one.
        environ[EnvironKeys.RequestAborted] = _requestAborted;
        foreach (var header in head.Headers)
        {
            environ.AddRequestHeader(header.Key, header.Value);
        }
    }

    private static IPEndPoint Unmap(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
