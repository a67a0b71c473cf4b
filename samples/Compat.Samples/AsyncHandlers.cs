using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>New-style handlers: the body is a returned async iterable that the server pulls.</summary>
public static class AsyncHandlers
{
    private const int DownloadChunk = 64 * 1024;
    private const int MaxDownloadMiB = 1024;

    /// <summary>The greeting, the last step of the migration ladder (CMPT002's fix).</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The body.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse startResponse)
    {
        startResponse("200 OK", Greeting.Headers);
        for (var i = 1; i <= 4; i++)
        {
            await Task.Yield();
            yield return Greeting.Line(environ, i);
        }
    }

    /// <summary>Streams <c>?mib=N</c> MiB (default 64) of a repeating pattern in 64 KiB chunks, as fast as the client reads.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The body.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Download(Environ environ, AsyncStartResponse startResponse)
    {
        var mib = QueryInt(environ.QueryString, "mib") ?? 64;
        if (mib is < 0 or > MaxDownloadMiB)
        {
            startResponse("400 Bad Request", [new("Content-Type", "text/plain")]);
            yield return Encoding.ASCII.GetBytes($"mib must be 0 to {MaxDownloadMiB}\n");
            yield break;
        }

        var length = (long)mib * 1024 * 1024;
        startResponse("200 OK", [
            new("Content-Type", "application/octet-stream"),
            new("Content-Length", length.ToString(CultureInfo.InvariantCulture)),
            new("Content-Disposition", $"attachment; filename=\"{mib}MiB.bin\""),
        ]);
        var chunk = new byte[DownloadChunk];
        for (var i = 0; i < chunk.Length; i++) chunk[i] = (byte)('a' + (i % 26));
        for (long sent = 0; sent < length; sent += chunk.Length)
        {
            await Task.Yield();
            yield return chunk;
        }
    }

    /// <summary>An index page that links every sample.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The page.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Index(Environ environ, AsyncStartResponse startResponse)
    {
        if (environ.PathInfo is not ("" or "/"))
        {
            startResponse("404 Not Found", [new("Content-Type", "text/plain")]);
            yield return Encoding.UTF8.GetBytes($"No sample at {WebUtility.HtmlEncode(environ.PathInfo)}; see /\n");
            yield break;
        }

        var page = Encoding.UTF8.GetBytes("""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Compat samples</title></head>
            <body>
            <h1>Compat samples</h1>
            <p>Old-style and new-style handlers, side by side on one server.</p>
            <ul>
            <li><a href="/legacy">/legacy</a>: a legacy handler that calls write() (SyncApp, runs on the bounded pool)</li>
            <li><a href="/migrated">/migrated</a>: the same handler migrated to an iterator (same bytes)</li>
            <li><a href="/async">/async</a>: the same handler as an AsyncApp</li>
            <li><a href="/download?mib=64">/download?mib=64</a>: a large streamed download</li>
            <li><a href="/environ">/environ</a>: the request as a handler sees it (CGI keys)</li>
            <li><a href="/chat">/chat</a>: a chat room on WebSockets (open it in two tabs)</li>
            <li>/ws/echo and /ws/legacy-echo: WebSocket echo, new and old style</li>
            <li>/lines: a line protocol on a taken-over connection (<code>nc HOST PORT</code>, then <code>GET /lines HTTP/1.1</code>, Host, an empty line, then PING)</li>
            <li><a href="/hints">/hints</a>: a page sent after a 103 Early Hints (<code>curl -i</code> shows both)</li>
            <li>/upload: POST a body, get its SHA-256 (<code>curl --data-binary @file http://HOST/upload</code>)</li>
            </ul>
            </body>
            </html>

            """);
        startResponse("200 OK", [new("Content-Type", "text/html; charset=utf-8"), new("Content-Length", page.Length.ToString(CultureInfo.InvariantCulture))]);
        await Task.Yield();
        yield return page;
    }

    private static int? QueryInt(string query, string name)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[..eq] == name)
            {
                return int.TryParse(pair[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;
            }
        }

        return null;
    }
}
