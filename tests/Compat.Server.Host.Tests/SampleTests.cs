using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Compat.Samples;
using Compat.Testing;
using Xunit;

namespace Compat.Server.Host.Tests;

public sealed class SampleTests
{
    [Fact]
    public async Task TheLegacyMigratedAndAsyncGreetings_SendTheSameBytes()
    {
        var options = new GatewayTestHostOptions { ScriptName = "/hello" };
        await using var legacy = new GatewayTestHost(LegacyHandlers.Hello, options);
        await using var migrated = new GatewayTestHost(MigratedHandlers.Hello, options);
        await using var async = new GatewayTestHost(AsyncHandlers.Hello, options);

        var responses = await Task.WhenAll(legacy.GetAsync("/hello"), migrated.GetAsync("/hello"), async.GetAsync("/hello"));

        Assert.All(responses, r => Assert.Equal(responses[0].Body, r.Body));
        Assert.All(responses, r => Assert.Equal(responses[0].Headers.Where(h => h.Key != "Date"), r.Headers.Where(h => h.Key != "Date")));
        Assert.StartsWith("line 1: hello from /hello\n", responses[0].BodyText, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUpload_AnswersTheBodysLengthAndSha256()
    {
        await using var host = new GatewayTestHost(LegacyHandlers.UploadChecksum);
        var body = new byte[1_000_000];
        new System.Random(3).NextBytes(body);

        var response = await host.SendAsync(new TestRequest { Method = "POST", Body = body, ChunkedBody = true });

        Assert.Equal($"1000000 bytes, sha256 {System.Convert.ToHexStringLower(SHA256.HashData(body))}\n", response.BodyText);
    }

    [Theory]
    [InlineData("/?mib=3", 200, 3 * 1024 * 1024)]
    [InlineData("/?mib=0", 200, 0)]
    [InlineData("/?mib=5000", 400, -1)]
    [InlineData("/?mib=x", 400, -1)]
    public async Task TheDownload_StreamsTheSizeAsked(string target, int status, int length)
    {
        await using var host = new GatewayTestHost(AsyncHandlers.Download);

        var response = await host.GetAsync(target);

        Assert.Equal(status, response.StatusCode);
        if (length >= 0) Assert.Equal(length, response.Body.Length);
    }
}
