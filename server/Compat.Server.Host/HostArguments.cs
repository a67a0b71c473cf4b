using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Compat.Adapters;
using Compat.Hosting.Recording;
using Microsoft.Extensions.Logging;

namespace Compat.Server.Host;

/// <summary>The parsed command line of compat-server.</summary>
internal sealed class HostArguments
{
    public const string Usage = """
        Usage: compat-server [options]

        Serves Compat handlers of both styles over HTTP/1.1. With no --mount it serves the bundled samples.

        Options:
          --bind ADDRESS:PORT         Listen here; repeatable. Default 127.0.0.1:8080. Port 0 picks a free port.
                                      ADDRESS is an IPv4 address, [IPv6], or localhost (127.0.0.1 and [::1];
                                      127.0.0.1 alone with port 0).
          --bind unix:PATH            Listen on a Unix domain socket (an nginx upstream); a stale socket file
                                      is replaced, and removed on exit.
          --mount PREFIX=SPEC         Mount a handler at a path prefix; repeatable. SPEC is
                                      ASSEMBLY.dll:Namespace.Type.Member, a static method, property or field
                                      whose signature makes it a SyncApp or an AsyncApp (detected).
          --threads N                 Pool threads for old-style handlers (default 32).
          --queue N                   Requests that may wait for a pool thread; more get 503 (default 128).
          --max-held-threads N        Pool threads old-style WebSockets and taken-over connections may keep;
                                      more such upgrades get 503 (default: half the threads, rounded up).
          --max-connections N         Open connections; more get 503 (default 10000).
          --max-body BYTES            Largest request body; more gets 413 (default 30000000).
          --headers-timeout SECONDS   Time to send a request head; then 408 (default 30).
          --keepalive-timeout SECONDS Idle time between requests; then close (default 130).
          --shutdown-timeout SECONDS  Time in-flight requests get on SIGTERM or Ctrl+C (default 30).
          --min-body-rate BYTES       Slowest request body, in bytes a second after a 5 s grace; then 408;
                                      0 turns it off (default 240).
          --body-idle-timeout SECONDS Longest wait for the next request body byte; then 408 (default 30).
          --min-response-rate BYTES   Slowest a client may take a response, in bytes a second; a send that waits
                                      longer than its bytes need at this rate (and 5 s) aborts the connection;
                                      0 turns it off (default 240).
          --allowed-hosts LIST        Host names requests may name, comma-separated: name, *.name for its
                                      subdomains, or * for any (default *). Others get 400.
          --record DIR                Record a sample of the requests to mounted handlers into DIR, one file per
                                      handler, for 'compat verify' (format: docs/recording.md). Authorization,
                                      Proxy-Authorization and Cookie values are redacted.
          --record-sample RATE        The fraction of requests recorded, 0 to 1 (default 1; 0.01 in production).
          --record-max-body BYTES     Body bytes kept per request; a longer body is marked incomplete (default 65536).
          --record-max-bytes BYTES    Size of DIR's recordings at which recording stops (default 104857600).
          --record-redact LIST        More headers to redact, comma-separated (an API key header, say).
          --no-access-log             Do not log one line per request.
          --log-level LEVEL           trace, debug, information, warning, error, critical or none (default
                                      information). Warnings and errors go to stderr, the rest to stdout.
          --log-format FORMAT         text (one line an entry, UTC timestamps) or json (one JSON object an entry,
                                      for log shippers). Default text.
          --help                      Show this.
          --version                   Show the version.

        Every option can also be set in the environment: --max-body as COMPAT_MAX_BODY, --no-access-log as
        COMPAT_NO_ACCESS_LOG=true; the repeatable --bind and --mount as COMPAT_BIND and COMPAT_MOUNT, entries
        separated by ';'. The command line wins: one --bind there replaces COMPAT_BIND.

        On SIGTERM or Ctrl+C the server stops accepting, serves requests already arriving, and gives in-flight
        ones the shutdown timeout; a second signal exits at once. Exit codes: 0 stopped cleanly; 1 could not
        listen, stopped with handlers that ignored cancellation (named on stderr), or a second signal; 2 bad
        arguments.

        """;

    /// <summary>The environment variables that carry options, with this prefix; <c>COMPAT_CALLER_DIRECTORY</c> is scripts/run.sh's.</summary>
    public const string EnvironmentPrefix = "COMPAT_";

    private const string CallerDirectoryVariable = "COMPAT_CALLER_DIRECTORY";

    // Options that take no value, and those that may be given more than once.
    private static readonly string[] Flags = ["--help", "-h", "--version", "--no-access-log"];
    private static readonly string[] Repeatable = ["--bind", "--mount"];

    public List<IPEndPoint> Endpoints { get; } = [];

    public List<string> UnixSockets { get; } = [];

    public List<(string Prefix, string Spec)> Mounts { get; } = [];

    public bool Help { get; private set; }

    public bool Version { get; private set; }

    public bool AccessLog { get; private set; } = true;

    public LogLevel LogLevel { get; private set; } = LogLevel.Information;

    public bool JsonLogs { get; private set; }

    /// <summary>Where relative paths start: the caller's directory, which scripts/run.sh passes on as it changes to the repository.</summary>
    public string BaseDirectory { get; private set; } = Environment.CurrentDirectory;

    public ServerOptions Options { get; private set; } = new();

    /// <summary>Parses the command line over the options the environment sets.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">Environment variables; only <see cref="EnvironmentPrefix"/> ones are read. Null for none.</param>
    /// <exception cref="UsageException">An option, or the variable that set it, is wrong; the message names it.</exception>
    public static HostArguments Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var parsed = new HostArguments();
        if (environment?.GetValueOrDefault(CallerDirectoryVariable) is { Length: > 0 } caller) parsed.BaseDirectory = caller;
        var defaults = new ServerOptions();
        var pool = new BoundedPoolOptions();
        int threads = pool.ThreadCount, queue = pool.QueueLength, maxConnections = defaults.MaxConcurrentConnections;
        int? maxHeld = null;
        string? maxHeldSource = null;
        long maxBody = defaults.MaxRequestBodySize;
        TimeSpan headers = defaults.RequestHeadersTimeout, keepAlive = defaults.KeepAliveTimeout, shutdown = defaults.ShutdownTimeout;
        var allowedHosts = defaults.AllowedHosts;
        var minBodyRate = defaults.MinRequestBodyDataRate;
        var minResponseRate = defaults.MinResponseDataRate;
        var bodyIdle = defaults.RequestBodyIdleTimeout;
        string? recordDirectory = null;
        var recordSample = RecordingOptions.DefaultSampleRate;
        var recordMaxBody = RecordingOptions.DefaultMaxRequestBytes;
        var recordMaxBytes = RecordingOptions.DefaultMaxBytes;
        string[] recordRedact = [];
        string? recordSource = null;
        foreach (var (name, value, source) in Settings(args, environment))
        {
            string Value() => value ?? throw new UsageException($"{source} needs a value.");
            switch (name)
            {
                case "--help" or "-h": parsed.Help = true; break;
                case "--version": parsed.Version = true; break;
                case "--no-access-log": parsed.AccessLog = false; break;
                case "--bind": parsed.AddBind(source, Value()); break;
                case "--mount": parsed.Mounts.Add(ParseMount(source, Value())); break;
                case "--threads": threads = (int)Number(source, Value(), 1, 4096); break;
                case "--queue": queue = (int)Number(source, Value(), 0, 1_000_000); break;
                case "--max-held-threads": maxHeld = (int)Number(source, Value(), 0, 4096); maxHeldSource = source; break;
                case "--max-connections": maxConnections = (int)Number(source, Value(), 1, 1_000_000); break;
                case "--max-body": maxBody = Number(source, Value(), 1, long.MaxValue); break;
                case "--headers-timeout": headers = TimeSpan.FromSeconds(Number(source, Value(), 1, 86_400)); break;
                case "--keepalive-timeout": keepAlive = TimeSpan.FromSeconds(Number(source, Value(), 1, 86_400)); break;
                case "--shutdown-timeout": shutdown = TimeSpan.FromSeconds(Number(source, Value(), 0, 86_400)); break;
                case "--allowed-hosts": allowedHosts = AllowedHosts(source, Value()); break;
                case "--min-body-rate": minBodyRate = Number(source, Value(), 0, 1_000_000_000) is var rate and > 0 ? rate : null; break;
                case "--min-response-rate": minResponseRate = Number(source, Value(), 0, 1_000_000_000) is var responseRate and > 0 ? responseRate : null; break;
                case "--body-idle-timeout": bodyIdle = TimeSpan.FromSeconds(Number(source, Value(), 1, 86_400)); break;
                case "--record": recordDirectory = Path.GetFullPath(NonEmpty(source, Value()), parsed.BaseDirectory); break;
                case "--record-sample": recordSample = Rate(source, Value()); recordSource ??= source; break;
                case "--record-max-body": recordMaxBody = (int)Number(source, Value(), 0, int.MaxValue); recordSource ??= source; break;
                case "--record-max-bytes": recordMaxBytes = Number(source, Value(), 1, long.MaxValue); recordSource ??= source; break;
                case "--record-redact": recordRedact = HeaderNames(source, Value()); recordSource ??= source; break;
                case "--log-level": parsed.LogLevel = Level(source, Value()); break;
                case "--log-format": parsed.JsonLogs = Format(source, Value()); break;
                default: throw source == name ? new UsageException($"Unknown option '{name}'.") : NotAnOption(source);
            }
        }

        if (maxHeld > threads)
        {
            throw new UsageException($"{maxHeldSource} must be at most the pool's {threads} threads (--threads), not {maxHeld}.");
        }

        if (recordDirectory is null && recordSource is not null)
        {
            throw new UsageException($"{recordSource} needs --record DIR too.");
        }

        parsed.Options = new ServerOptions
        {
            Endpoints = parsed.Endpoints.Count + parsed.UnixSockets.Count > 0 ? [.. parsed.Endpoints] : defaults.Endpoints,
            UnixSockets = [.. parsed.UnixSockets],
            Pool = new BoundedPoolOptions { ThreadCount = threads, QueueLength = queue, MaxHeldThreads = maxHeld },
            MaxConcurrentConnections = maxConnections,
            MaxRequestBodySize = maxBody,
            RequestHeadersTimeout = headers,
            KeepAliveTimeout = keepAlive,
            ShutdownTimeout = shutdown,
            AllowedHosts = allowedHosts,
            MinRequestBodyDataRate = minBodyRate,
            MinResponseDataRate = minResponseRate,
            RequestBodyIdleTimeout = bodyIdle,
            Recording = recordDirectory is null ? null : new RecordingOptions
            {
                Directory = recordDirectory,
                SampleRate = recordSample,
                MaxRequestBytes = recordMaxBody,
                MaxBytes = recordMaxBytes,
                RedactHeaders = recordRedact,
            },
        };
        return parsed;
    }

    private static long Number(string source, string text, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{source} must be a whole number from {min} to {max}, not '{text}'.");

    private static string NonEmpty(string source, string text) =>
        text.Length > 0 ? text : throw new UsageException($"{source} needs a directory.");

    private static double Rate(string source, string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw new UsageException($"{source} must be a fraction from 0 to 1 (0.01 records one request in a hundred), not '{text}'.");

    private static string[] HeaderNames(string source, string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && Array.TrueForAll(names, n => n.AsSpan().IndexOfAny(" \t:;\"()<>@[]{}/?=") < 0)
            ? names
            : throw new UsageException($"{source} '{text}': give header names separated by commas, such as X-Api-Key.");
    }

    private static string[] AllowedHosts(string source, string text)
    {
        var hosts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return hosts.Length > 0 && Array.TrueForAll(hosts, ServerOptions.IsValidAllowedHost)
            ? hosts
            : throw new UsageException($"{source} '{text}': give host names without port, *.name for subdomains, or *, separated by commas.");
    }

    // The options in the order they apply: the environment's first, then the command line's, which win; a repeatable
    // option on the command line replaces the environment's entries for it. Each carries what to name in an error.
    private static List<(string Name, string? Value, string Source)> Settings(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        List<(string Name, string? Value, string Source)> commandLine = [];
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = Array.IndexOf(Flags, name) >= 0 || i + 1 >= args.Count ? null : args[++i];
            commandLine.Add((name, value, name));
        }

        List<(string Name, string? Value, string Source)> settings = [];
        foreach (var (variable, value) in (environment ?? new Dictionary<string, string>()).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) || variable == CallerDirectoryVariable) continue;
            var name = "--" + variable[EnvironmentPrefix.Length..].ToLowerInvariant().Replace('_', '-');
            if (name is "--help" or "--version") throw NotAnOption(variable);

            if (Array.IndexOf(Flags, name) >= 0)
            {
                if (Truth(variable, value)) settings.Add((name, null, variable));
            }
            else if (Array.IndexOf(Repeatable, name) >= 0)
            {
                if (commandLine.Exists(c => c.Name == name)) continue;
                foreach (var entry in value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) settings.Add((name, entry, variable));
            }
            else
            {
                settings.Add((name, value, variable));
            }
        }

        settings.AddRange(commandLine);
        return settings;
    }

    private static UsageException NotAnOption(string variable) => new($"{variable} is not a compat-server option (see --help for the COMPAT_ variables).");

    private static bool Truth(string variable, string value) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" => true,
        "0" or "false" or "no" or "" => false,
        _ => throw new UsageException($"{variable} must be true or false, not '{value}'."),
    };

    private static LogLevel Level(string source, string text) =>
        Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) && !char.IsDigit(text[0])
            ? level
            : throw new UsageException($"{source} must be trace, debug, information, warning, error, critical or none, not '{text}'.");

    private static bool Format(string source, string text) => text.ToLowerInvariant() switch
    {
        "text" => false,
        "json" => true,
        _ => throw new UsageException($"{source} must be text or json, not '{text}'."),
    };

    private void AddBind(string source, string text)
    {
        if (text.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["unix:".Length..];
            if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal)) throw new UsageException($"{source} '{text}' is not unix:PATH.");
            UnixSockets.Add(Path.GetFullPath(path, BaseDirectory));
            return;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && string.Equals(text[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            // Both loopbacks, as a browser may try either; with port 0 they would get two different ports.
            Endpoints.Add(new IPEndPoint(IPAddress.Loopback, port));
            if (port != 0 && Socket.OSSupportsIPv6) Endpoints.Add(new IPEndPoint(IPAddress.IPv6Loopback, port));
            return;
        }

        Endpoints.Add(IPEndPoint.TryParse(text, out var endpoint) && colon > 0 && text[(colon + 1)..].Length > 0
            ? endpoint
            : throw new UsageException($"{source} '{text}' is not ADDRESS:PORT or unix:PATH (for example 127.0.0.1:8080, [::1]:8080 or unix:/run/compat.sock)."));
    }

    private static (string Prefix, string Spec) ParseMount(string source, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 || !text.StartsWith('/'))
        {
            throw new UsageException($"{source} '{text}' is not PREFIX=ASSEMBLY.dll:Namespace.Type.Member (PREFIX starts with /).");
        }

        return (text[..equals], text[(equals + 1)..]);
    }
}
