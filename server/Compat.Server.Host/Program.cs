using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Compat.Hosting.Loading;
using Compat.Samples;
using Compat.Server;
using Compat.Server.Host;
using Microsoft.Extensions.Logging;

try
{
    var arguments = HostArguments.Parse(args, Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
        .ToDictionary(v => (string)v.Key, v => (string?)v.Value ?? string.Empty, StringComparer.Ordinal));
    if (arguments.Help)
    {
        Console.Out.Write(HostArguments.Usage);
        return 0;
    }

    if (arguments.Version)
    {
        Console.Out.WriteLine($"compat-server {typeof(CompatServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
        return 0;
    }

    using var loggerFactory = HostLogging.Create(arguments);
    var log = loggerFactory.CreateLogger("compat-server");
    CompatServer created;
    try
    {
        created = new CompatServer(arguments.Options, loggerFactory);
    }
    catch (Exception ex) when (arguments.Options.Recording is { } recording && ex is IOException or UnauthorizedAccessException)
    {
        throw new UsageException($"--record {recording.Directory}: cannot record there: {ex.Message}");
    }

    await using var server = created;
    if (arguments.Mounts.Count == 0)
    {
        foreach (var (prefix, app) in SampleMounts.Sync) server.Mount(prefix, app);
        foreach (var (prefix, app) in SampleMounts.Async) server.Mount(prefix, app);
    }

    var loader = new HandlerLoader(arguments.BaseDirectory);
    foreach (var (prefix, spec) in arguments.Mounts)
    {
        try
        {
            var (sync, async) = loader.Load(spec);
            // Recorded under the member the spec names, which is what compat verify finds in another build.
            var name = spec[(spec.LastIndexOf(':') + 1)..];
            if (sync is not null) server.Mount(prefix, sync, name);
            else server.Mount(prefix, async!, name);
        }
        catch (Exception ex) when (ex is ArgumentException or HandlerLoadException)
        {
            throw new UsageException($"--mount {prefix}={spec}: {ex.Message}");
        }
    }

    foreach (var warning in loader.Warnings) log.LogWarning("{Warning}", warning);
    try
    {
        await server.StartAsync();
    }
    catch (Exception ex) when (ex is SocketException or IOException)
    {
        Console.Error.WriteLine($"compat-server: cannot listen on {string.Join(", ", arguments.Options.Endpoints.Select(e => e.ToString()).Concat(arguments.Options.UnixSockets.Select(p => $"unix:{p}")))}: {ex.Message}");
        return 1;
    }

    foreach (var endpoint in server.Endpoints) log.LogInformation("listening on http://{Endpoint}/", endpoint);
    foreach (var path in arguments.Options.UnixSockets) log.LogInformation("listening on unix:{Path}", path);
    log.LogInformation("mounted {Prefixes}; SIGTERM or Ctrl+C stops gracefully", string.Join(", ", server.Mounts.Prefixes));

    var stop = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
    void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!stop.TrySetResult(context.Signal))
        {
            // A second signal while draining: the operator wants out now.
            Console.Error.WriteLine($"compat-server: {context.Signal} again: exiting without waiting for in-flight requests");
            Environment.Exit(1);
        }
    }

    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    var signal = await stop.Task;
    log.LogInformation("{Signal}: draining in-flight requests (up to {Seconds:0}s)", signal, arguments.Options.ShutdownTimeout.TotalSeconds);
    await server.StopAsync();
    if (server.AbandonedRequests.Count > 0)
    {
        // Their handlers ignored cancellation past the timeout; their pool threads end with the process.
        log.LogError("stopped after {Seconds:0}s with handlers still running: {Abandoned}", arguments.Options.ShutdownTimeout.TotalSeconds, string.Join(", ", server.AbandonedRequests.Select(a => $"{a.Key} ({a.Value})")));
        return 1;
    }

    log.LogInformation("stopped");
    return 0;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"compat-server: {ex.Message}");
    Console.Error.WriteLine("Try 'compat-server --help'.");
    return 2;
}
