using System;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Hosting;
using Compat.Hosting.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compat.AspNetCore;

/// <summary>Mounts Compat handlers on ASP.NET Core endpoint routing.</summary>
public static class CompatEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Mounts an old-style handler at a path prefix. It runs on the host's <see cref="BoundedPool"/>, never on a
    /// request thread, so <c>AllowSynchronousIO</c> stays off; write() is backpressured by the response's PipeWriter.
    /// </summary>
    /// <param name="endpoints">The route builder (a WebApplication, for instance).</param>
    /// <param name="prefix">The prefix, such as <c>/legacy</c>; it becomes SCRIPT_NAME (after any PathBase).</param>
    /// <param name="handler">The handler.</param>
    /// <param name="options">The adapter's buffer settings for this handler; from <see cref="CompatOptions"/> when null.</param>
    /// <param name="name">
    /// Its name in recordings (<see cref="CompatOptions.RecordDirectory"/>), <c>Namespace.Type.Member</c> as
    /// <c>compat verify</c> finds it in a build; the method's when null. Give one for a lambda.
    /// </param>
    /// <returns>The endpoints' convention builder, for authorization, CORS and the like.</returns>
    public static IEndpointConventionBuilder MapSyncApp(this IEndpointRouteBuilder endpoints, string prefix, SyncApp handler, SyncAppAdapterOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        var services = endpoints.ServiceProvider;
        var settings = options ?? new SyncAppAdapterOptions { PauseWriterThreshold = services.GetRequiredService<IOptions<CompatOptions>>().Value.PauseWriterThreshold };
        var adapter = new SyncAppAdapter(handler, services.GetRequiredService<BoundedPool>(), settings);
        return Map(endpoints, prefix, adapter.AsAsyncApp(), name ?? HandlerNames.Of(handler), prereadBody: true);
    }

    /// <summary>Mounts a new-style handler at a path prefix.</summary>
    /// <param name="endpoints">The route builder (a WebApplication, for instance).</param>
    /// <param name="prefix">The prefix, such as <c>/api</c>; it becomes SCRIPT_NAME (after any PathBase).</param>
    /// <param name="handler">The handler.</param>
    /// <param name="name">Its name in recordings, as for <see cref="MapSyncApp"/>; the method's when null.</param>
    /// <returns>The endpoints' convention builder, for authorization, CORS and the like.</returns>
    public static IEndpointConventionBuilder MapAsyncApp(this IEndpointRouteBuilder endpoints, string prefix, AsyncApp handler, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return Map(endpoints, prefix, handler, name ?? HandlerNames.Of(handler), prereadBody: false);
    }

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string prefix, AsyncApp app, string name, bool prereadBody)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        endpoints.ServiceProvider.GetRequiredService<CompatRecording>().Recorder?.Register(app, name);
        var mount = prefix.TrimEnd('/');
        var runner = endpoints.ServiceProvider.GetRequiredService<RequestRunner>();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Compat.AspNetCore");
        var errors = new LoggerTextWriter(logger);

        // Routing picks the endpoint; the builder every host shares splits SCRIPT_NAME from PATH_INFO by the same
        // mount, so the environ is the bundled server's.
        var mounts = new MountTable();
        mounts.Add(mount, app);
        var builder = new EnvironBuilder(mounts);
        var rate = MinResponseRate.Of(endpoints.ServiceProvider.GetRequiredService<IOptions<CompatOptions>>().Value);
        RequestDelegate handle = prereadBody
            ? context => HandleOldStyleAsync(context, builder, runner, errors, rate)
            : context => HandleAsync(context, builder, runner, errors, rate);

        // One pattern: a catch-all parameter is optional, so it matches the prefix itself too; a second, literal
        // pattern for the prefix made routing weigh two candidates for every request to it.
        return endpoints.Map(mount + "/{**compatPathInfo}", handle);
    }

    // An old-style handler reads on its pool thread: a small body is read first, with no thread held (BodyPreread).
    // Not async itself: a request without a body (most of them) goes straight on, with no state machine of its own.
    private static System.Threading.Tasks.Task HandleOldStyleAsync(HttpContext context, EnvironBuilder builder, RequestRunner runner, LoggerTextWriter errors, MinResponseRate? rate)
    {
        var preread = new RequestFeatures(context).CanHaveBody ? BodyPreread.ReadAsync(context.Request) : ValueTask.CompletedTask;
        return preread.IsCompletedSuccessfully
            ? HandleAsync(context, builder, runner, errors, rate)
            : HandleAfterPrereadAsync(preread, context, builder, runner, errors, rate);
    }

    private static async System.Threading.Tasks.Task HandleAfterPrereadAsync(ValueTask preread, HttpContext context, EnvironBuilder builder, RequestRunner runner, LoggerTextWriter errors, MinResponseRate? rate)
    {
        await preread.ConfigureAwait(false);
        await HandleAsync(context, builder, runner, errors, rate).ConfigureAwait(false);
    }

    private static async System.Threading.Tasks.Task HandleAsync(HttpContext context, EnvironBuilder builder, RequestRunner runner, LoggerTextWriter errors, MinResponseRate? rate)
    {
        var (environ, app) = EnvironFactory.Create(context, builder, errors, rate, out var sink);
        await runner.RunAsync(app, environ, sink).ConfigureAwait(false);
    }
}
