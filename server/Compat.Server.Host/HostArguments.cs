using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Compat.Adapters;

namespace Compat.Server.Host;

/// <summary>The parsed command line of compat-server.</summary>
internal sealed class HostArguments
{
    public const string Usage = """
        Usage: compat-server [options]

        Serves Compat handlers of both styles over HTTP/1.1. With no --mount it serves the bundled samples.

        Options:
          --bind ADDRESS:PORT         Listen here; repeatable. Default 127.0.0.1:8080. Port 0 picks a free port.
                                      ADDRESS is an IPv4 address, [IPv6], or localhost.
          --mount PREFIX=SPEC         Mount a handler at a path prefix; repeatable. SPEC is
                                      ASSEMBLY.dll:Namespace.Type.Member, a static method, property or field
                                      whose signature makes it a SyncApp or an AsyncApp (detected).
          --threads N                 Pool threads for old-style handlers (default 32).
          --queue N                   Requests that may wait for a pool thread; more get 503 (default 128).
          --max-connections N         Open connections; more get 503 (default 10000).
          --max-body BYTES            Largest request body; more gets 413 (default 30000000).
          --headers-timeout SECONDS   Time to send a request head; then 408 (default 30).
          --keepalive-timeout SECONDS Idle time between requests; then close (default 130).
          --shutdown-timeout SECONDS  Time in-flight requests get on SIGTERM or Ctrl+C (default 30).
          --min-body-rate BYTES       Slowest request body, in bytes a second after a 5 s grace; then 408;
                                      0 turns it off (default 240).
          --body-idle-timeout SECONDS Longest wait for the next request body byte; then 408 (default 30).
          --allowed-hosts LIST        Host names requests may name, comma-separated: name, *.name for its
                                      subdomains, or * for any (default *). Others get 400.
          --no-access-log             Do not print one line per request.
          --help                      Show this.
          --version                   Show the version.

        On SIGTERM or Ctrl+C the server stops accepting, serves requests already arriving, and gives in-flight
        ones the shutdown timeout; a second signal exits at once. Exit codes: 0 stopped cleanly; 1 could not
        listen, stopped with handlers that ignored cancellation (named on stderr), or a second signal; 2 bad
        arguments.

        """;

    public List<IPEndPoint> Endpoints { get; } = [];

    public List<(string Prefix, string Spec)> Mounts { get; } = [];

    public bool Help { get; private set; }

    public bool Version { get; private set; }

    public bool AccessLog { get; private set; } = true;

    public ServerOptions Options { get; private set; } = new();

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new HostArguments();
        var defaults = new ServerOptions();
        var pool = new BoundedPoolOptions();
        int threads = pool.ThreadCount, queue = pool.QueueLength, maxConnections = defaults.MaxConcurrentConnections;
        long maxBody = defaults.MaxRequestBodySize;
        TimeSpan headers = defaults.RequestHeadersTimeout, keepAlive = defaults.KeepAliveTimeout, shutdown = defaults.ShutdownTimeout;
        var allowedHosts = defaults.AllowedHosts;
        var minBodyRate = defaults.MinRequestBodyDataRate;
        var bodyIdle = defaults.RequestBodyIdleTimeout;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--help" or "-h": parsed.Help = true; break;
                case "--version": parsed.Version = true; break;
                case "--no-access-log": parsed.AccessLog = false; break;
                case "--bind": parsed.Endpoints.Add(ParseEndpoint(Value())); break;
                case "--mount": parsed.Mounts.Add(ParseMount(Value())); break;
                case "--threads": threads = (int)Number(name, Value(), 1, 4096); break;
                case "--queue": queue = (int)Number(name, Value(), 0, 1_000_000); break;
                case "--max-connections": maxConnections = (int)Number(name, Value(), 1, 1_000_000); break;
                case "--max-body": maxBody = Number(name, Value(), 1, long.MaxValue); break;
                case "--headers-timeout": headers = TimeSpan.FromSeconds(Number(name, Value(), 1, 86_400)); break;
                case "--keepalive-timeout": keepAlive = TimeSpan.FromSeconds(Number(name, Value(), 1, 86_400)); break;
                case "--shutdown-timeout": shutdown = TimeSpan.FromSeconds(Number(name, Value(), 0, 86_400)); break;
                case "--allowed-hosts": allowedHosts = AllowedHosts(Value()); break;
                case "--min-body-rate": minBodyRate = Number(name, Value(), 0, 1_000_000_000) is var rate and > 0 ? rate : null; break;
                case "--body-idle-timeout": bodyIdle = TimeSpan.FromSeconds(Number(name, Value(), 1, 86_400)); break;
                default: throw new UsageException($"Unknown option '{name}'.");
            }
        }

        parsed.Options = new ServerOptions
        {
            Endpoints = parsed.Endpoints.Count > 0 ? [.. parsed.Endpoints] : defaults.Endpoints,
            Pool = new BoundedPoolOptions { ThreadCount = threads, QueueLength = queue },
            MaxConcurrentConnections = maxConnections,
            MaxRequestBodySize = maxBody,
            RequestHeadersTimeout = headers,
            KeepAliveTimeout = keepAlive,
            ShutdownTimeout = shutdown,
            AllowedHosts = allowedHosts,
            MinRequestBodyDataRate = minBodyRate,
            RequestBodyIdleTimeout = bodyIdle,
        };
        return parsed;
    }

    private static long Number(string name, string text, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'.");

    private static string[] AllowedHosts(string text)
    {
        var hosts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return hosts.Length > 0 && Array.TrueForAll(hosts, ServerOptions.IsValidAllowedHost)
            ? hosts
            : throw new UsageException($"--allowed-hosts '{text}': give host names without port, *.name for subdomains, or *, separated by commas.");
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && string.Equals(text[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPEndPoint.TryParse(text, out var endpoint) && colon > 0 && text[(colon + 1)..].Length > 0
            ? endpoint
            : throw new UsageException($"--bind '{text}' is not ADDRESS:PORT (for example 127.0.0.1:8080 or [::1]:8080).");
    }

    private static (string Prefix, string Spec) ParseMount(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || !text.StartsWith('/'))
        {
            throw new UsageException($"--mount '{text}' is not PREFIX=ASSEMBLY.dll:Namespace.Type.Member (PREFIX starts with /).");
        }

        return (text[..equals], text[(equals + 1)..]);
    }
}
