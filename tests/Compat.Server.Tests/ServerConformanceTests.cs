using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Gateway;
using Compat.Testing;

namespace Compat.Server.Tests;

/// <summary>The docs/gateway.md rule suite against the bundled server, over real sockets.</summary>
public sealed class ServerConformanceTests : GatewayConformanceTests
{
    protected override async Task<TestResponse> SendAsync(AsyncApp app, TestRequest request, string mount = "/")
    {
        await using var server = await TestServer.StartAsync(s => s.Mount(mount, app));
        return await Http1TestClient.SendAsync(server.Endpoint, request, () => server.ErrorLog);
    }

    protected override async Task<TestResponse> SendAsync(SyncApp app, TestRequest request, string mount = "/")
    {
        await using var server = await TestServer.StartAsync(s => s.Mount(mount, app));
        return await Http1TestClient.SendAsync(server.Endpoint, request, () => server.ErrorLog);
    }
}
