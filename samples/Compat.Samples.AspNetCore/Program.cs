using System;
using System.Net;
using Compat.AspNetCore;
using Compat.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

// The same sample handlers as the bundled server, on Kestrel. Behind a proxy (see README, "Several instances
// behind nginx") the forwarded headers set REMOTE_ADDR, the URL scheme and the PathBase that prefixes SCRIPT_NAME.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddCompat();
builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedPrefix;

    // Trust proxies on this machine only; list the real proxies' addresses in production.
    options.KnownIPNetworks.Add(new System.Net.IPNetwork(IPAddress.Loopback, 8));
});

var app = builder.Build();
app.UseForwardedHeaders();
app.UseWebSockets();

// Tells which instance answered, so a load-balanced setup can be checked.
var instance = app.Configuration["Instance"] ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
app.Use((context, next) =>
{
    context.Response.Headers["X-Compat-Instance"] = instance;
    return next(context);
});

foreach (var (prefix, handler) in SampleMounts.Sync) app.MapSyncApp(prefix, handler);
foreach (var (prefix, handler) in SampleMounts.Async) app.MapAsyncApp(prefix, handler);

app.Run();
