using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Compat.Hosting;
using Compat.Server.Http;
using Xunit;
using Xunit.Abstractions;

namespace Compat.Server.Tests;

/// <summary>
/// A seeded mutation fuzzer (<see cref="RequestMutator"/>) over the parser, the body decoder and the whole server.
/// Invariants: parsing ends in a head, "need more", or a refusal with a 4xx (or 501/505); never another exception,
/// and the same whatever the bytes' segmentation; a body ends in its bytes or a 4xx; over a socket no case gets a
/// 500, every case ends in a response or a close within the timeouts, and the next client is served. CI runs fixed
/// seeds in seconds; <c>bench/fuzz.sh</c> runs more.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int CiCases = 20_000;
    private const int CiSocketCases = 1_000;
    private static readonly int[] RefusalStatuses = [400, 408, 413, 414, 417, 431, 501, 505];
    private static readonly ServerOptions Options = new();

    [Fact]
    public void FuzzedHeads_ParseOrAreRefused_TheSameInEverySegmentation() => FuzzHeads(Enumerable.Range(0, CiCases));

    [Fact]
    public Task FuzzedBodies_DecodeOrAreRefusedWithA4xx() => FuzzBodiesAsync(Enumerable.Range(0, CiCases));

    [Fact]
    public Task FuzzedRequests_OverSockets_NeverGetA500_AndTheNextClientIsServed() => FuzzSocketsAsync(Enumerable.Range(0, CiSocketCases));

    [Fact]
    [Trait("Category", "Soak")]
    public async Task Fuzz_ForAsManyCasesAsGiven()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("COMPAT_FUZZ_CASES"), out var n) ? n : 100_000;
        var first = int.TryParse(Environment.GetEnvironmentVariable("COMPAT_FUZZ_SEED"), out var seed) ? seed : Environment.TickCount & 0xFFFFFF;
        output.WriteLine($"{cases} cases from seed {first}");
        FuzzHeads(Enumerable.Range(first, cases));
        await FuzzBodiesAsync(Enumerable.Range(first, cases));
        await FuzzSocketsAsync(Enumerable.Range(first, cases / 10));
    }

    private void FuzzHeads(IEnumerable<int> seeds)
    {
        var outcomes = new Dictionary<string, int>();
        foreach (var seed in seeds)
        {
            var bytes = RequestMutator.Case(seed);
            var whole = Outcome(seed, new ReadOnlySequence<byte>(bytes));
            foreach (var size in new[] { 1, 7, 64 })
            {
                var split = Outcome(seed, SegmentedSequence.Of(bytes, size));
                Assert.True(whole == split, $"seed {seed}: one buffer gives {whole}, segments of {size} give {split}");
            }

            var kind = whole.Split(' ')[0] + (whole.StartsWith("refused", StringComparison.Ordinal) ? " " + whole.Split(' ')[1] : string.Empty);
            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        output.WriteLine($"heads: {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))}");
    }

    private static string Outcome(int seed, ReadOnlySequence<byte> sequence)
    {
        var head = new RequestHead();
        try
        {
            if (!Http1Parser.TryParseHead(sequence, head, Options, out var end)) return "more";
            return $"head {head.Method} {head.Target} [{string.Join("|", head.Headers)}] {head.ContentLength} {head.Chunked} {sequence.Slice(0, end).Length}";
        }
        catch (BadRequestException ex)
        {
            Assert.True(RefusalStatuses.Contains(ex.StatusCode), $"seed {seed}: refused with {ex.StatusCode}: {ex.Message}");
            return $"refused {ex.Reason}";
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"seed {seed}: the parser threw {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private async Task FuzzBodiesAsync(IEnumerable<int> seeds)
    {
        int decoded = 0, refused = 0;
        foreach (var seed in seeds)
        {
            var bytes = RequestMutator.BodyCase(seed);
            var head = new RequestHead();
            SequencePosition end;
            try
            {
                if (!Http1Parser.TryParseHead(new ReadOnlySequence<byte>(bytes), head, Options, out end) || !head.HasBody) continue;
            }
            catch (BadRequestException)
            {
                continue;
            }

            var input = new Pipe();
            await input.Writer.WriteAsync(bytes.AsMemory((int)new ReadOnlySequence<byte>(bytes).Slice(0, end).Length));
            await input.Writer.CompleteAsync();
            var body = new RequestBody(input.Reader, head, Options, null);
            try
            {
                await ReadToEndAsync(body.Reader).WaitAsync(TimeSpan.FromSeconds(5));
                decoded++;
            }
            catch (HttpStatusException ex)
            {
                Assert.True(ex.StatusCode is >= 400 and < 500, $"seed {seed}: the body ended in {ex.StatusCode}: {ex.Message}");
                refused++;
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed}: decoding the body threw {ex.GetType().Name}: {ex.Message}", ex);
            }
        }

        output.WriteLine($"bodies: {decoded} decoded, {refused} refused with a 4xx");
    }

    private static async Task ReadToEndAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) return;
        }
    }

    private async Task FuzzSocketsAsync(IEnumerable<int> seeds)
    {
        var options = new ServerOptions
        {
            Endpoints = [new(IPAddress.Loopback, 0)],
            RequestHeadersTimeout = TimeSpan.FromSeconds(2),
            RequestBodyIdleTimeout = TimeSpan.FromSeconds(2),
        };
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/", Handlers.Echo);
            s.Mount("/upload", Handlers.EchoSync);
        }, options);
        var statuses = new Dictionary<string, int>();
        foreach (var seed in seeds)
        {
            using (var connection = await RawConnection.OpenAsync(server.Endpoint))
            {
                await connection.SendAsync(RequestMutator.Case(seed));
                connection.ShutdownSend();
                var response = await connection.ReadToCloseAsync();
                Assert.False(response.Contains("HTTP/1.1 500 ", StringComparison.Ordinal), $"seed {seed}: {response}");
                var status = response.Length >= 12 ? response[9..12] : "closed";
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            using var next = await RawConnection.OpenAsync(server.Endpoint);
            await next.SendAsync("GET /next HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", await next.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        output.WriteLine($"over sockets: {string.Join(", ", statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}"))}");
        Assert.DoesNotContain("the handler failed", server.ErrorLog, StringComparison.Ordinal);
    }
}
