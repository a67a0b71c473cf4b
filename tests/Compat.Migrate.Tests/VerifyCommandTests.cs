using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.Migrate.Tests;

/// <summary><c>compat verify</c> as users run it, on two builds of a handler library and a recording.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using Compat.Gateway;

        namespace Shop;

        """;

    // The old build: write() handlers.
    private const string Before = Usings + """
        public static class Handlers
        {
            public static IEnumerable<byte[]> Menu(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                foreach (var item in new[] { "tea", "coffee", "cake" }) write(Encoding.UTF8.GetBytes(item + "\n"));
                return [];
            }

            public static IEnumerable<byte[]> Order(Environ environ, StartResponse startResponse)
            {
                using var body = new MemoryStream();
                environ.Input.CopyTo(body);
                var write = startResponse("201 Created", [new("Content-Type", "text/plain")]);
                write(Encoding.UTF8.GetBytes($"ordered {body.Length} bytes: {Encoding.UTF8.GetString(body.ToArray())}\n"));
                return [];
            }

            public static IEnumerable<byte[]> Price(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain"), new("X-Currency", "EUR")]);
                write(Encoding.UTF8.GetBytes($"price of {environ.PathInfo.TrimStart('/')}: 10 euros\n"));
                return [];
            }

            public static IEnumerable<byte[]> Slow(Environ environ, StartResponse startResponse)
            {
                Thread.Sleep(TimeSpan.FromSeconds(4));
                startResponse("200 OK", []);
                return [];
            }

            public static IEnumerable<byte[]> Unused(Environ environ, StartResponse startResponse)
            {
                startResponse("204 No Content", []);
                return [];
            }
        }
        """;

    // The new build: Menu and Order migrated by hand the way CMPT001 does it, Price changed in its body and a header.
    private const string After = Usings + """
        public static class Handlers
        {
            public static IEnumerable<byte[]> Menu(Environ environ, StartResponse startResponse)
            {
                startResponse("200 OK", [new("Content-Type", "text/plain")]);
                foreach (var item in new[] { "tea", "coffee", "cake" }) yield return Encoding.UTF8.GetBytes(item + "\n");
            }

            public static IEnumerable<byte[]> Order(Environ environ, StartResponse startResponse)
            {
                using var body = new MemoryStream();
                environ.Input.CopyTo(body);
                startResponse("201 Created", [new("Content-Type", "text/plain")]);
                yield return Encoding.UTF8.GetBytes($"ordered {body.Length} bytes: {Encoding.UTF8.GetString(body.ToArray())}\n");
            }

            public static IEnumerable<byte[]> Price(Environ environ, StartResponse startResponse)
            {
                startResponse("200 OK", [new("Content-Type", "text/plain"), new("X-Currency", environ.QueryString == "usd" ? "USD" : "EUR")]);
                yield return Encoding.UTF8.GetBytes($"price of {environ.PathInfo.TrimStart('/')}: 12 euros\n");
            }

            public static IEnumerable<byte[]> Slow(Environ environ, StartResponse startResponse)
            {
                Thread.Sleep(TimeSpan.FromSeconds(4));
                startResponse("200 OK", []);
                return [];
            }

            public static IEnumerable<byte[]> Added(Environ environ, StartResponse startResponse)
            {
                startResponse("204 No Content", []);
                return [];
            }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("compat-verify-").FullName;
    private readonly string _before;
    private readonly string _after;
    private readonly string _requests;

    public VerifyCommandTests()
    {
        _before = HandlerAssembly.Compile(Path.Combine(_directory, "before"), "Shop", Before);
        _after = HandlerAssembly.Compile(Path.Combine(_directory, "after"), "Shop", After);
        _requests = Directory.CreateDirectory(Path.Combine(_directory, "requests")).FullName;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task MigratedHandlers_AreIdentical_OnTheirRecordedRequests_AndExitIs0()
    {
        Record(
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu" },
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu/today?x=1", Protocol = "HTTP/1.0" },
            new RecordedRequest
            {
                Handler = "Shop.Handlers.Order", Mount = "/order", Method = "POST", Target = "/order",
                Headers = [new("Content-Type", "text/plain"), new("Content-Length", "9")], Body = "1 x cake\n"u8.ToArray(),
            },
            new RecordedRequest
            {
                Handler = "Shop.Handlers.Order", Mount = "/order", Method = "POST", Target = "/order",
                Headers = [new("Transfer-Encoding", "chunked")], Body = "2 x tea\n"u8.ToArray(),
            });

        var (exit, output, errors) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests);

        Assert.True(exit == 0, output + errors);
        Assert.Contains("Shop.Handlers.Menu: identical\n  replayed 2, identical 2, different 0, not verifiable 0", output, StringComparison.Ordinal);
        Assert.Contains("Shop.Handlers.Order: identical\n  replayed 2, identical 2, different 0, not verifiable 0", output, StringComparison.Ordinal);
        Assert.Contains("Not exercised by the recording (4): Shop.Handlers.Added, Shop.Handlers.Price, Shop.Handlers.Slow, Shop.Handlers.Unused", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedHandler_IsCaught_AtTheFirstDifferingByte_AndHeader_AndExitIs1()
    {
        Record(
            new RecordedRequest { Handler = "Shop.Handlers.Price", Mount = "/price", Target = "/price/cake" },
            new RecordedRequest { Handler = "Shop.Handlers.Price", Mount = "/price", Target = "/price/tea?usd" },
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu" });

        var (exit, output, _) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests);

        Assert.Equal(1, exit);
        Assert.Contains("Shop.Handlers.Price: DIFFERENT\n  replayed 2, identical 0, different 2, not verifiable 0", output, StringComparison.Ordinal);
        // "price of cake: 1" is the common prefix: the 17th byte, offset 16, is where 10 and 12 part.
        Assert.Contains(
            "  Shop.Handlers.Price.jsonl:1 GET /price/cake: body at byte 16 (lengths 24 and 24)\n" +
            "    before: price of cake: 10 euros\\n\n" +
            "    after:  price of cake: 12 euros\\n\n" +
            "    before hex: 00000000: 7072696365206f662063616b653a203130206575726f730a\n" +
            "    after hex:  00000000: 7072696365206f662063616b653a203132206575726f730a\n",
            output,
            StringComparison.Ordinal);
        Assert.Contains(
            "  Shop.Handlers.Price.jsonl:2 GET /price/tea?usd: header 2\n    before: X-Currency: EUR\n    after:  X-Currency: USD\n",
            output,
            StringComparison.Ordinal);
        Assert.Contains("Shop.Handlers.Menu: identical", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatAReplayCannotReproduce_IsReportedNotVerifiable_NeverPassed()
    {
        Record(
            new RecordedRequest { Handler = "Shop.Handlers.Order", Mount = "/order", Method = "POST", Target = "/order", Headers = [new("Content-Length", "100000")], Body = new byte[10], BodyComplete = false },
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu", Headers = [new("Upgrade", "websocket"), new("Connection", "Upgrade")] },
            new RecordedRequest { Handler = "Shop.Handlers.Unused", Mount = "/unused", Target = "/unused" },
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/elsewhere" },
            new RecordedRequest { Handler = "Shop.Handlers.Slow", Mount = "/slow", Target = "/slow" });

        var (exit, output, _) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests, "--timeout", "1");

        Assert.Equal(0, exit);
        Assert.Contains("POST /order: not verifiable: its body was not recorded whole", output, StringComparison.Ordinal);
        Assert.Contains("GET /menu: not verifiable: it asks for a protocol upgrade (WebSocket or a taken-over connection)", output, StringComparison.Ordinal);
        Assert.Contains($"GET /unused: not verifiable: no handler Shop.Handlers.Unused in {_after}", output, StringComparison.Ordinal);
        Assert.Contains("GET /elsewhere: not verifiable: its target is outside its mount /menu", output, StringComparison.Ordinal);
        Assert.Contains($"GET /slow: not verifiable: did not finish within 1 s in {_before}", output, StringComparison.Ordinal);
        Assert.Contains("Shop.Handlers.Menu: not fully verified", output, StringComparison.Ordinal);
        Assert.DoesNotContain(": identical", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIgnoredHeader_IsLeftOutOfTheComparison_SoTheBodyIsWhereTheyPart()
    {
        Record(new RecordedRequest { Handler = "Shop.Handlers.Price", Mount = "/price", Target = "/price/tea?usd" });

        var (exit, output, _) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests, "--ignore-header", "x-currency");

        Assert.Equal(1, exit);
        Assert.Contains("  headers not compared: Date, x-currency\n", output, StringComparison.Ordinal);
        Assert.Contains("GET /price/tea?usd: body at byte 15 (lengths 23 and 23)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResponseOverTheLimit_IsNotVerifiable_NotComparedInPart()
    {
        Record(new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu" });

        var (exit, output, _) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests, "--max-response-bytes", "10");

        Assert.Equal(0, exit);
        Assert.Contains("GET /menu: not verifiable: its response is over 10 bytes (--max-response-bytes)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "verify", "--after", "x.dll" }, "compat verify: --after x.dll: no such file")]
    [InlineData(new[] { "verify", "--before" }, "compat verify: --before needs a value")]
    [InlineData(new[] { "verify", "--colour", "red" }, "compat verify: unknown option --colour")]
    [InlineData(new[] { "verify", "--timeout", "soon" }, "compat verify: --timeout must be a whole number from 1 to 86400, not 'soon'")]
    public async Task BadArguments_ExitWith2_AndNameTheArgument(string[] args, string message)
    {
        var (exit, _, errors) = await ToolProcess.RunToolAsync(_directory, args);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordingLineThatIsNotARequest_StopsTheRun_NamingItsFileAndLine()
    {
        File.WriteAllText(Path.Combine(_requests, "hand-written.jsonl"), "{\"handler\":\"Shop.Handlers.Menu\",\"target\":\"/menu\"}\n{\"handler\":\"Shop.Handlers.Menu\",\"tagret\":\"/menu\"}\n");

        var (exit, _, errors) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests);

        Assert.Equal(2, exit);
        Assert.Contains("hand-written.jsonl:2: unknown field \"tagret\"", errors, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task TheHtmlReport_ShowsEachDifferenceSideBySide_InABrowser()
    {
        Record(
            new RecordedRequest { Handler = "Shop.Handlers.Price", Mount = "/price", Target = "/price/cake" },
            new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu" });
        var html = Path.Combine(_directory, "report.html");

        var (exit, output, _) = await ToolProcess.RunToolAsync(_directory, "verify", "--before", _before, "--after", _after, "--requests", _requests, "--html", html);
        var dom = await Chromium.DumpDomAsync(html);

        Assert.Equal(1, exit);
        Assert.Contains($"Report written to {html}", output, StringComparison.Ordinal);
        // Set by the page's script: it ran, and counted what the tables hold.
        Assert.Contains("data-handlers=\"2\" data-differences=\"1\"", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"side before\">price of cake: 10 euros\\n\n00000000: 7072696365206f662063616b653a203130206575726f730a</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"side after\">price of cake: 12 euros\\n\n00000000: 7072696365206f662063616b653a203132206575726f730a</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"different\">different</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"identical\">identical</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<li>Shop.Handlers.Unused</li>", dom, StringComparison.Ordinal);
    }

    private void Record(params RecordedRequest[] requests)
    {
        foreach (var group in requests.GroupBy(r => r.Handler))
        {
            File.WriteAllLines(Path.Combine(_requests, group.Key + RecordingFormat.FileExtension), group.Select(r => Encoding.UTF8.GetString(RecordingFormat.Write(r))));
        }
    }
}
