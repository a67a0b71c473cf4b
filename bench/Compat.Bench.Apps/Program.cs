using System;
using System.Threading;
using Compat.Bench.Apps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

// The Kestrel peer: the same bytes as the Compat handlers, from minimal endpoints. Usage: Compat.Bench.Apps URL
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args.Length > 0 ? args[0] : "http://127.0.0.1:5100");
var app = builder.Build();
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

app.Run();
