using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Hosting;
using Compat.Hosting.Loading;
using Compat.Hosting.Recording;
using Compat.Testing;

namespace Compat.Migrate.Verify;

/// <summary>
/// Replays a recording through two builds of a handler library, each loaded in load contexts of its own, request
/// by request in the recorded order (so a handler that keeps state sees the same sequence in both), through
/// <see cref="GatewayTestHost"/>: the same request side and response rules as the servers.
/// </summary>
internal sealed class RecordingReplayer(VerifyOptions options)
{
    private readonly ResponseComparer _comparer = new(options.IgnoreHeaders);

    /// <summary>Replays every request and compares the answers.</summary>
    /// <param name="recording">The requests.</param>
    /// <param name="before">The old build's handlers by name.</param>
    /// <param name="after">The new build's handlers by name.</param>
    /// <returns>The report.</returns>
    public async Task<VerificationReport> ReplayAsync(RecordingDirectory recording, IReadOnlyList<LoadedHandler> before, IReadOnlyList<LoadedHandler> after)
    {
        var beforeByName = before.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var afterByName = after.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var results = new SortedDictionary<string, HandlerVerification>(StringComparer.Ordinal);
        var hosts = new Dictionary<(string Side, string Handler, string Mount, string Scheme), GatewayTestHost>();
        var abandoned = false;
        try
        {
            foreach (var (location, request) in recording.Requests)
            {
                if (!results.TryGetValue(request.Handler, out var result)) results[request.Handler] = result = new HandlerVerification(request.Handler);
                var summary = $"{request.Method} {request.Target}";
                var reason = !beforeByName.ContainsKey(request.Handler) ? $"no handler {request.Handler} in {options.Before}"
                    : !afterByName.ContainsKey(request.Handler) ? $"no handler {request.Handler} in {options.After}"
                    : NotReplayable(request);
                if (reason is not null)
                {
                    result.NotVerifiable.Add((location, summary, reason));
                    continue;
                }

                if (!abandoned)
                {
                    // A recording is grouped by handler: the hosts (and pool threads) of the handler before this one go.
                    foreach (var key in hosts.Keys.Where(k => k.Handler != request.Handler).ToList())
                    {
                        await hosts[key].DisposeAsync().ConfigureAwait(false);
                        hosts.Remove(key);
                    }
                }

                var old = await SendAsync("before", beforeByName[request.Handler], request).ConfigureAwait(false);
                var @new = old.Response is null ? default : await SendAsync("after", afterByName[request.Handler], request).ConfigureAwait(false);
                if ((old.Problem ?? @new.Problem) is { } problem)
                {
                    abandoned |= old.TimedOut || @new.TimedOut;
                    result.NotVerifiable.Add((location, summary, problem));
                    continue;
                }

                result.Replayed++;
                if (_comparer.Compare(old.Response!, @new.Response!) is { } difference) result.Different.Add((location, summary, difference));
                else result.Identical++;
            }
        }
        finally
        {
            // A handler that never finished holds its pool thread; draining that pool would wait for it forever.
            if (!abandoned)
            {
                foreach (var host in hosts.Values) await host.DisposeAsync().ConfigureAwait(false);
            }
        }

        var unexercised = before.Select(h => h.Name).Union(after.Select(h => h.Name)).Where(n => !results.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        return new VerificationReport(options.Before, options.After, options.Requests, [.. results.Values], unexercised, options.IgnoreHeaders);

        async Task<(TestResponse? Response, string? Problem, bool TimedOut)> SendAsync(string side, LoadedHandler handler, RecordedRequest request)
        {
            var key = (side, handler.Name, request.Mount, request.Scheme);
            if (!hosts.TryGetValue(key, out var host))
            {
                var hostOptions = new GatewayTestHostOptions
                {
                    ScriptName = request.Mount,
                    UrlScheme = request.Scheme,
                    Pool = new BoundedPoolOptions { ThreadCount = 2, QueueLength = 4, Name = $"verify-{side}" },
                };
                host = handler.Sync is not null ? new GatewayTestHost(handler.Sync, hostOptions) : new GatewayTestHost(handler.Async!, hostOptions);
                hosts[key] = host;
            }

            var send = host.SendAsync(ToTestRequest(request));
            if (await Task.WhenAny(send, Task.Delay(options.Timeout)).ConfigureAwait(false) != send)
            {
                return (null, $"did not finish within {options.Timeout.TotalSeconds:0} s in {(side == "before" ? options.Before : options.After)}", true);
            }

            var response = await send.ConfigureAwait(false);
            return response.Aborted && response.Body.Length > options.MaxResponseBytes
                ? (null, $"its response is over {options.MaxResponseBytes} bytes (--max-response-bytes)", false)
                : (response, null, false);
        }
    }

    // What a replay cannot reproduce faithfully; null when it can.
    private static string? NotReplayable(RecordedRequest request)
    {
        if (!request.BodyComplete) return "its body was not recorded whole (the handler did not read it to its end, or it was over the recording's cap)";
        if (request.Headers.Any(h => string.Equals(h.Key, "Upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            return "it asks for a protocol upgrade (WebSocket or a taken-over connection), which a replay cannot carry";
        }

        var query = request.Target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = Encoding.Latin1.GetBytes(query < 0 ? request.Target : request.Target[..query]);
        if (!PathDecoder.TryDecode(rawPath, out var path)) return "its target's path is not valid (the host would answer 400 without running the handler)";
        var mount = request.Mount.TrimEnd('/');
        return mount.Length == 0 || (path.StartsWith(mount, StringComparison.Ordinal) && (path.Length == mount.Length || path[mount.Length] == '/'))
            ? null
            : $"its target is outside its mount {request.Mount} (the host would answer 404 without running the handler)";
    }

    private TestRequest ToTestRequest(RecordedRequest request)
    {
        var chunked = request.Headers.Any(h => string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase));
        var hasBody = chunked || request.Headers.Any(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) || !request.Body.IsEmpty;
        return new TestRequest
        {
            Method = request.Method,
            Target = request.Target,
            Protocol = request.Protocol,
            // The test host adds Transfer-Encoding itself for a chunked body.
            Headers = [.. request.Headers.Where(h => !string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))],
            Body = hasBody ? request.Body.ToArray() : null,
            ChunkedBody = chunked,
            DisconnectAfterResponseBytes = options.MaxResponseBytes + 1,
        };
    }
}
