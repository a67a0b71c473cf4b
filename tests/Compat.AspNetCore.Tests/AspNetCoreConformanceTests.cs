using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Gateway;
using Compat.Testing;

namespace Compat.AspNetCore.Tests;

/// <summary>The docs/gateway.md rule suite against the ASP.NET Core host on Kestrel, over real sockets.</summary>
public sealed class AspNetCoreConformanceTests : GatewayConformanceTests
{
    protected override bool SendsOctetReasonPhrases => false;

    protected override async Task<TestResponse> SendAsync(AsyncApp app, TestRequest request, string mount = "/")
    {
        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp(mount, app));
        return await Http1TestClient.SendAsync(host.Endpoint, request, () => host.ErrorLog);
    }

    protected override async Task<TestResponse> SendAsync(SyncApp app, TestRequest request, string mount = "/")
    {
        await using var host = await KestrelTestApp.StartAsync(web => web.MapSyncApp(mount, app));
        return await Http1TestClient.SendAsync(host.Endpoint, request, () => host.ErrorLog);
    }
}
