using System;
using System.Linq;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Compat.Samples;
using Compat.Server;
using Compat.Server.Host;

try
{
    var arguments = HostArguments.Parse(args);
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

    await using var server = new CompatServer(arguments.Options, arguments.AccessLog ? Console.Out : null, Console.Error);
    if (arguments.Mounts.Count == 0)
    {
        foreach (var (prefix, app) in SampleMounts.Sync) server.Mount(prefix, app);
        foreach (var (prefix, app) in SampleMounts.Async) server.Mount(prefix, app);
    }

    // scripts/run.sh changes to the repository root: relative paths are the caller's, which it passes on.
    var callerDirectory = Environment.GetEnvironmentVariable("COMPAT_CALLER_DIRECTORY");
    foreach (var (prefix, spec) in arguments.Mounts)
    {
        var (sync, async) = HandlerLoader.Load(spec, string.IsNullOrEmpty(callerDirectory) ? null : callerDirectory);
        try
        {
            if (sync is not null) server.Mount(prefix, sync);
            else server.Mount(prefix, async!);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--mount {prefix}={spec}: {ex.Message}");
        }
    }

    try
    {
        await server.StartAsync();
    }
    catch (SocketException ex)
    {
        Console.Error.WriteLine($"compat-server: cannot listen on {string.Join(", ", arguments.Options.Endpoints)}: {ex.Message}");
        return 1;
    }

    foreach (var endpoint in server.Endpoints) Console.Out.WriteLine($"compat-server: listening on http://{endpoint}/");
    Console.Out.WriteLine($"compat-server: mounted {string.Join(", ", server.Mounts.Prefixes)}; SIGTERM or Ctrl+C stops gracefully");

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
    Console.Out.WriteLine($"compat-server: {signal}: draining in-flight requests (up to {arguments.Options.ShutdownTimeout.TotalSeconds:0}s)");
    await server.StopAsync();
    if (server.AbandonedRequests.Count > 0)
    {
        // Their handlers ignored cancellation past the timeout; their pool threads end with the process.
        Console.Error.WriteLine($"compat-server: stopped after {arguments.Options.ShutdownTimeout.TotalSeconds:0}s with handlers still running: {string.Join(", ", server.AbandonedRequests.Select(a => $"{a.Key} ({a.Value})"))}");
        return 1;
    }

    Console.Out.WriteLine("compat-server: stopped");
    return 0;
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"compat-server: {ex.Message}");
    Console.Error.WriteLine("Try 'compat-server --help'.");
    return 2;
}
