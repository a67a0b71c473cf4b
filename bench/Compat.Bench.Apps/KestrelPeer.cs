using System;
using System.Threading;
using Compat.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Compat.Bench.Apps;

/// <summary>
/// The Kestrel peer: the same bytes as the Compat handlers, from minimal endpoints; and the same handlers through
/// the ASP.NET Core host on the same app (/compat/...), for scenarios 3 and 8 and scenario 8's micro-benchmark. The
/// host's pool is configured as any app's: <c>Compat__PoolThreadCount</c> and the rest in the environment.
/// </summary>
public static class KestrelPeer
{
    /// <summary>The app, not started.</summary>
    /// <param name="url">Where it listens.</param>
    /// <returns>The app.</returns>
    public static WebApplication Build(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.Services.AddCompat();
        var app = builder.Build();
        app.MapAsyncApp("/compat/async", Plaintext.Async);
        app.MapSyncApp("/compat/write", Plaintext.Write);
        app.MapSyncApp("/compat/iterator", Plaintext.Iterator);
        app.MapSyncApp("/compat/slow", Slow.Write);
        var hello = "Hello, World!"u8.ToArray();
        var slow = "slow\n"u8.ToArray();

        app.MapGet("/plaintext", (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = hello.Length;
            return context.Response.Body.WriteAsync(hello).AsTask();
        });

        app.MapGet("/streamed", async (HttpContext context) =>
        {
            var size = Streamed.Size(context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty);
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = size;
            for (var left = size; left > 0; left -= Streamed.ChunkSize)
            {
                await context.Response.Body.WriteAsync(Streamed.Chunk.AsMemory(0, (int)Math.Min(left, Streamed.ChunkSize)));
            }
        });

        // The isolation peer: the same blocking work on the shared ThreadPool, with synchronous I/O allowed.
        app.MapGet("/slow", (HttpContext context) =>
        {
            context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
            Thread.Sleep(Slow.BlockMilliseconds);
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = slow.Length;
            context.Response.Body.Write(slow);
        });
        return app;
    }
}
