using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Compat.Bench.Apps;
using Compat.Testing;

namespace Compat.Bench.Micro;

/// <summary>
/// One plaintext request through the in-process host, as an AsyncApp and as the same handler in the old style
/// through the adapter: the difference is what the adapter costs a request (pool hand-off, pipe, enumerator).
/// </summary>
[MemoryDiagnoser]
public class AdapterOverheadBenchmarks
{
    private GatewayTestHost _async = null!;
    private GatewayTestHost _write = null!;

    /// <summary>One host per style, kept for the whole run.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _async = new GatewayTestHost(Plaintext.Async);
        _write = new GatewayTestHost(Plaintext.Write);
    }

    /// <summary>Disposes the hosts (and the adapter's pool).</summary>
    /// <returns>Completes when they are disposed.</returns>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _async.DisposeAsync();
        await _write.DisposeAsync();
    }

    /// <summary>The new style.</summary>
    /// <returns>The response.</returns>
    [Benchmark(Baseline = true)]
    public Task<TestResponse> AsyncApp() => _async.GetAsync("/");

    /// <summary>The old style, write() on a pool thread.</summary>
    /// <returns>The response.</returns>
    [Benchmark]
    public Task<TestResponse> SyncAppWriteThroughAdapter() => _write.GetAsync("/");
}
