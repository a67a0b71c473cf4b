using System.Linq;
using System.Net;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Compat.Bench.Apps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Compat.Bench.Micro;

/// <summary>
/// Plaintext requests through the ASP.NET Core host on Kestrel in this process, over a loopback socket, next to
/// Kestrel's own minimal endpoint in the same app: the time and the garbage per request the host adds (issue #18's
/// allocation target: MapAsyncApp within 1.5x of the minimal endpoint).
/// </summary>
[MemoryDiagnoser]
public class AspNetCoreRequestBenchmarks
{
    private WebApplication _app = null!;
    private LoopbackClient _client = null!;

    /// <summary>The minimal endpoint, MapAsyncApp, or MapSyncApp (write() through the adapter).</summary>
    [Params("/plaintext", "/compat/async", "/compat/write", "/compat/iterator")]
    public string Path { get; set; } = "/plaintext";

    /// <summary>Starts the app on a free port and connects.</summary>
    /// <returns>Completes when ready.</returns>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _app = KestrelPeer.Build("http://127.0.0.1:0");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = await LoopbackClient.ConnectAsync(IPEndPoint.Parse(address["http://".Length..]), Path, "Hello, World!");
    }

    /// <summary>Closes the connection and stops the app.</summary>
    /// <returns>Completes when stopped.</returns>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
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
