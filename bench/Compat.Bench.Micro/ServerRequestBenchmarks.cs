using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Compat.Bench.Apps;
using Compat.Server;

namespace Compat.Bench.Micro;

/// <summary>
/// Plaintext requests through the bundled server in this process, over a loopback socket: one at a time, and 16
/// pipelined in one send as TechEmpower runs it. The allocation column is the server's cost per request (the
/// client reuses its buffers), which wrk cannot show.
/// </summary>
[MemoryDiagnoser]
public class ServerRequestBenchmarks
{
    private const int Depth = 16;
    private readonly byte[] _received = new byte[1 << 16];
    private CompatServer _server = null!;
    private Socket _socket = null!;
    private byte[] _one = null!;
    private byte[] _batch = null!;
    private int _responseLength;

    /// <summary>The mount: the AsyncApp, or the old-style write() handler through the adapter.</summary>
    [Params("/async", "/write")]
    public string Path { get; set; } = "/async";

    /// <summary>Starts the server without an access log, connects, and learns the response's length.</summary>
    /// <returns>Completes when ready.</returns>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new CompatServer(new ServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)] });
        _server.Mount("/async", Plaintext.Async);
        _server.Mount("/write", Plaintext.Write);
        await _server.StartAsync();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _socket.ConnectAsync(_server.Endpoints[0]);

        var request = $"GET {Path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n";
        _one = Encoding.ASCII.GetBytes(request);
        _batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(request, Depth)));

        // Every response has the same length (the Date header is fixed-width): the head, then 13 bytes of body.
        await _socket.SendAsync(_one);
        var text = string.Empty;
        while (!text.Contains("Hello, World!", StringComparison.Ordinal))
        {
            text += Encoding.ASCII.GetString(_received, 0, await _socket.ReceiveAsync(_received));
        }

        _responseLength = text.Length;
    }

    /// <summary>Closes the connection and stops the server.</summary>
    /// <returns>Completes when stopped.</returns>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _socket.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>One request, then its response.</summary>
    /// <returns>Completes when the response has arrived.</returns>
    [Benchmark(Baseline = true)]
    public Task OneRequest() => RoundTripAsync(_one, 1);

    /// <summary>Sixteen requests in one send; the time and allocations are per request.</summary>
    /// <returns>Completes when all sixteen responses have arrived.</returns>
    [Benchmark(OperationsPerInvoke = Depth)]
    public Task PipelinedRequest() => RoundTripAsync(_batch, Depth);

    private async Task RoundTripAsync(byte[] requests, int responses)
    {
        await _socket.SendAsync(requests);
        for (var remaining = _responseLength * responses; remaining > 0;)
        {
            remaining -= await _socket.ReceiveAsync(_received);
        }
    }
}
