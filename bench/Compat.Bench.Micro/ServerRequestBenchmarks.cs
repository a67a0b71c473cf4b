using System.Net;
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
    private CompatServer _server = null!;
    private LoopbackClient _client = null!;

    /// <summary>The mount: the AsyncApp, or an old-style handler (write(), or a returned iterable) through the adapter.</summary>
    [Params("/async", "/write", "/iterator")]
    public string Path { get; set; } = "/async";

    /// <summary>Starts the server without an access log and connects.</summary>
    /// <returns>Completes when ready.</returns>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = new CompatServer(new ServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)] });
        _server.Mount("/async", Plaintext.Async);
        _server.Mount("/write", Plaintext.Write);
        _server.Mount("/iterator", Plaintext.Iterator);
        await _server.StartAsync();
        _client = await LoopbackClient.ConnectAsync(_server.Endpoints[0], Path, "Hello, World!");
    }

    /// <summary>Closes the connection and stops the server.</summary>
    /// <returns>Completes when stopped.</returns>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>One request, then its response.</summary>
    /// <returns>Completes when the response has arrived.</returns>
    [Benchmark(Baseline = true)]
    public Task OneRequest() => _client.OneAsync();

    /// <summary>Sixteen requests in one send; the time and allocations are per request.</summary>
    /// <returns>Completes when all sixteen responses have arrived.</returns>
    [Benchmark(OperationsPerInvoke = LoopbackClient.Depth)]
    public Task PipelinedRequest() => _client.PipelinedAsync();
}
