using System;
using System.Threading.Tasks;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

public sealed class TakeoverAndHintsTests
{
    [Fact]
    public async Task TakeOver_GivesTheOldStyleHandlerTheRawConnection_AndTheServerWritesNothingMore()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/lines", ExtensionHandlers.LineProtocol));
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /lines HTTP/1.1\r\nHost: a\r\n\r\nPING\nECHO hi there\nNOPE\nQUIT\n");
        var all = await connection.ReadToCloseAsync();

        Assert.Equal("HELLO compat line protocol\nPONG\nhi there\nERR unknown command 'NOPE'\nBYE\n", all);

        // A handler that took the connection over owes no response: nothing is logged as a failure.
        await Task.Delay(100);
        Assert.DoesNotContain("failed", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLineProtocolSample_EndsAtALineTooLong_InsteadOfReadingItWhole()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/lines", ExtensionHandlers.LineProtocol));
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        // Ten times the limit with no end of line: the sample answers once it has read the limit, and closes.
        await connection.SendAsync("GET /lines HTTP/1.1\r\nHost: a\r\n\r\nPING\n" + new string('x', ExtensionHandlers.MaxLineLength * 10));
        var all = await connection.ReadToCloseAsync();

        Assert.Equal("HELLO compat line protocol\nPONG\nERR line too long\n", all);
    }

    [Fact]
    public async Task EarlyHints_GoOutAs103BeforeTheFinalResponse()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/hints", ExtensionHandlers.HintedPage));
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /hints HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 103 Early Hints\r\nLink: </hints/style.css>; rel=preload; as=style\r\n\r\nHTTP/1.1 200 OK\r\n", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarlyHints_AreNotSentToHttp10Clients()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/hints", ExtensionHandlers.HintedPage));
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /hints HTTP/1.0\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", all, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP/1.1 103", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_PrintsThe103()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/hints", ExtensionHandlers.HintedPage));
        var start = new System.Diagnostics.ProcessStartInfo("curl", $"--silent --include http://{server.Endpoint}/hints") { RedirectStandardOutput = true };
        using var curl = System.Diagnostics.Process.Start(start)!;

        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();

        Assert.StartsWith("HTTP/1.1 103 Early Hints", output, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", output, StringComparison.Ordinal);
    }
}
