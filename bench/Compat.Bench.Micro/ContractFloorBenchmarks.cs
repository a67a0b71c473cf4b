using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Compat.Bench.Apps;
using Compat.Gateway;
using Compat.Hosting;

namespace Compat.Bench.Micro;

/// <summary>
/// What the gateway contract itself costs per request, with no server: the environ as every host builds it (the
/// shared <see cref="EnvironBuilder"/> with a connection's cache, the keys a host adds, one request header), a
/// start_response that checks the status and headers, and the plaintext handler's body pulled to its end and
/// disposed. A host cannot cost less than this per request on top of its transport, so it is the floor under
/// scenario 8's comparison with Kestrel's minimal endpoint, which has none of it. With one header (wrk's, scenario
/// 8's) and with the sixteen a browser sends for a page.
/// </summary>
[MemoryDiagnoser]
public class ContractFloorBenchmarks
{
    // What Chromium sent for a page on a site it had visited, values shortened.
    private static readonly KeyValuePair<string, string>[] BrowserHeaders =
    [
        new("Host", "127.0.0.1:5100"), new("Connection", "keep-alive"), new("sec-ch-ua", "\"Chromium\";v=\"131\""),
        new("sec-ch-ua-mobile", "?0"), new("sec-ch-ua-platform", "\"Linux\""), new("Upgrade-Insecure-Requests", "1"),
        new("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0"), new("Accept", "text/html,*/*;q=0.8"),
        new("Sec-Fetch-Site", "none"), new("Sec-Fetch-Mode", "navigate"), new("Sec-Fetch-User", "?1"),
        new("Sec-Fetch-Dest", "document"), new("Accept-Encoding", "gzip, deflate, br"), new("Accept-Language", "en-US,en;q=0.9"),
        new("Cookie", "session=abc"), new("If-None-Match", "\"v1\""),
    ];

    private static readonly byte[] RawPath = "/compat/async"u8.ToArray();
    private static readonly object Aborted = CancellationToken.None;
    private readonly PipeReader _reader = PipeReader.Create(Stream.Null);
    private EnvironBuilder _builder = null!;
    private EnvironCache _cache = null!;

    /// <summary>How many request headers: wrk's one, or a browser's sixteen.</summary>
    [Params(1, 16)]
    public int Headers { get; set; }

    /// <summary>The plaintext handler mounted as scenario 8 mounts it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var mounts = new MountTable();
        mounts.Add("/compat/async", Plaintext.Async);
        _builder = new EnvironBuilder(mounts);
        _cache = new EnvironCache();
    }

    /// <summary>One request's environ, start_response and body.</summary>
    /// <returns>The body's length.</returns>
    [Benchmark]
    public async Task<int> OneRequest()
    {
        var (environ, app) = _builder.Build(
            new RequestFacts
            {
                Method = "GET",
                RawPath = RawPath,
                QueryString = string.Empty,
                Protocol = "HTTP/1.1",
                UrlScheme = "http",
                Host = "127.0.0.1:5100",
                LocalAddr = "127.0.0.1",
                LocalPort = "5100",
                RemoteAddr = "127.0.0.1",
                RemotePort = "40000",
                HeaderCount = Headers,
            },
            _cache);
        environ.Errors = TextWriter.Null;
        environ[EnvironKeys.RequestAborted] = Aborted;
        environ.BodyReader = _reader;
        environ.Input = Stream.Null;
        for (var i = 0; i < Headers; i++)
        {
            environ.AddRequestHeader(BrowserHeaders[i].Key, BrowserHeaders[i].Value);
        }

        var length = 0;
        var status = 0;
        AsyncStartResponse start = (line, headers, _) =>
        {
            status = ResponseValidator.ParseStatus(line);
            ResponseValidator.ValidateHeaders(headers);
        };
        var body = app(environ, start).GetAsyncEnumerator();
        await using (body.ConfigureAwait(false))
        {
            while (await body.MoveNextAsync().ConfigureAwait(false))
            {
                length += body.Current.Length;
            }
        }

        return status == 200 ? length : throw new InvalidOperationException($"The handler answered {status}.");
    }
}
