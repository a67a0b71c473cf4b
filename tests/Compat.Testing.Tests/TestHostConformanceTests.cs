using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Gateway;

namespace Compat.Testing.Tests;

/// <summary>The docs/gateway.md rule suite against the in-process test host; old-style handlers go through the adapter.</summary>
public sealed class TestHostConformanceTests : GatewayConformanceTests
{
    protected override async Task<TestResponse> SendAsync(AsyncApp app, TestRequest request, string mount = "/")
    {
        await using var host = new GatewayTestHost(app, new GatewayTestHostOptions { ScriptName = mount });
        return await host.SendAsync(request);
    }

    protected override async Task<TestResponse> SendAsync(SyncApp app, TestRequest request, string mount = "/")
    {
        await using var host = new GatewayTestHost(app, new GatewayTestHostOptions { ScriptName = mount });
        return await host.SendAsync(request);
    }
}
