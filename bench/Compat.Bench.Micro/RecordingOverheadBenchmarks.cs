using System.IO;
using System.Net;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Compat.Bench.Apps;
using Compat.Hosting.Recording;
using Compat.Server;

namespace Compat.Bench.Micro;

/// <summary>
/// What <c>--record</c> at 1% costs a pipelined plaintext request on the bundled server, in this process, against
/// the same server without recording: the steadier measure beside wrk's (bench scenario 9).
/// </summary>
[MemoryDiagnoser]
public class RecordingOverheadBenchmarks
{
    private CompatServer _server = null!;
    private LoopbackClient _client = null!;
    private string? _directory;

    /// <summary>The mount: the AsyncApp, or write() through the adapter.</summary>
    [Params("/async", "/write")]
    public string Path { get; set; } = "/async";

    /// <summary>A server without recording.</summary>
    /// <returns>Completes when ready.</returns>
    [GlobalSetup(Target = nameof(NotRecorded))]
    public Task SetupPlainAsync() => StartAsync(null);

    /// <summary>A server recording one request in a hundred.</summary>
    /// <returns>Completes when ready.</returns>
    [GlobalSetup(Target = nameof(RecordedAtOnePercent))]
    public Task SetupRecordingAsync()
    {
        _directory = Directory.CreateTempSubdirectory("compat-bench-recording-").FullName;
        return StartAsync(new RecordingOptions { Directory = _directory, SampleRate = 0.01, MaxBytes = long.MaxValue });
    }

    /// <summary>Closes the connection, stops the server and removes the recording.</summary>
    /// <returns>Completes when stopped.</returns>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        if (_directory is not null) Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Sixteen requests in one send, no recording; per request.</summary>
    /// <returns>Completes when all sixteen responses have arrived.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = LoopbackClient.Depth)]
    public Task NotRecorded() => _client.PipelinedAsync();

    /// <summary>Sixteen requests in one send, 1% recorded; per request.</summary>
    /// <returns>Completes when all sixteen responses have arrived.</returns>
    [Benchmark(OperationsPerInvoke = LoopbackClient.Depth)]
    public Task RecordedAtOnePercent() => _client.PipelinedAsync();

    private async Task StartAsync(RecordingOptions? recording)
    {
        _server = new CompatServer(new ServerOptions { Endpoints = [new IPEndPoint(IPAddress.Loopback, 0)], Recording = recording });
        _server.Mount("/async", Plaintext.Async);
        _server.Mount("/write", Plaintext.Write);
        await _server.StartAsync();
        _client = await LoopbackClient.ConnectAsync(_server.Endpoints[0], Path, "Hello, World!");
    }
}
