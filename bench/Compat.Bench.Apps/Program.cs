using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The Kestrel peer: the same plaintext bytes from a minimal endpoint. Usage: Compat.Bench.Apps URL
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args.Length > 0 ? args[0] : "http://127.0.0.1:5100");
var app = builder.Build();
var body = "Hello, World!"u8.ToArray();
app.MapGet("/plaintext", (HttpContext context) =>
{
    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});
app.Run();
