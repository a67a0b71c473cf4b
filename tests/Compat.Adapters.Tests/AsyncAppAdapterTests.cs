using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Adapters.Tests;

public sealed class AsyncAppAdapterTests
{
    [Fact]
    public void AnAsyncHandler_RunsBehindTheSyncInterface_AndItsBodyIsDisposedOnceWithTheIterable()
    {
        var finallies = 0;
        async IAsyncEnumerable<ReadOnlyMemory<byte>> Handler(Environ environ, AsyncStartResponse start)
        {
            try
            {
                start("201 Created", [new("X-Style", "async")]);
                await Task.Yield();
                yield return "one,"u8.ToArray();
                await Task.Delay(1);
                yield return "two"u8.ToArray();
            }
            finally
            {
                finallies++;
            }
        }

        string? status = null;
        var sync = new AsyncAppAdapter(Handler).AsSyncApp();
        var body = sync(new Environ(), (s, headers, _) => { status = s; return _ => throw new InvalidOperationException("write is unused"); });
        string text;
        using (var enumerator = body.GetEnumerator())
        {
            var chunks = new List<byte[]>();
            while (enumerator.MoveNext()) chunks.Add(enumerator.Current);
            text = Encoding.ASCII.GetString([.. chunks.SelectMany(c => c)]);
            ((IDisposable)body).Dispose();
        }

        Assert.Equal("201 Created", status);
        Assert.Equal("one,two", text);
        Assert.Equal(1, finallies);
    }

    [Fact]
    public void ABodyReader_IsMadeFromInput_WhenTheSyncHostGaveOnlyAStream()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse start)
        {
            var result = await environ.BodyReader!.ReadAtLeastAsync(5);
            start("200 OK", []);
            yield return result.Buffer.ToArray();
        }

        var environ = new Environ { Input = new MemoryStream("hello"u8.ToArray()) };
        var body = new AsyncAppAdapter(Echo).Invoke(environ, (_, _, _) => _ => { });

        Assert.Equal("hello", Encoding.ASCII.GetString(body.Single()));
    }

    [Fact]
    public async Task ARoundTrip_AsyncToSyncToAsync_SendsTheSameBytesAsTheOriginal()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Original(Environ environ, AsyncStartResponse start)
        {
            start("200 OK", [new("Content-Type", "text/plain"), new("X-Path", environ.PathInfo)]);
            for (var i = 0; i < 100; i++)
            {
                await Task.Yield();
                yield return Encoding.ASCII.GetBytes($"line {i}\n");
            }
        }

        await using var direct = new GatewayTestHost(Original);
        await using var roundTrip = new GatewayTestHost(new AsyncAppAdapter(Original).AsSyncApp());

        var expected = await direct.GetAsync("/x");
        var actual = await roundTrip.GetAsync("/x");

        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Headers.Where(h => h.Key != "Date"), actual.Headers.Where(h => h.Key != "Date"));
        Assert.Equal(expected.Body, actual.Body);
    }
}
