using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Compat.Migrate.Verify;

/// <summary>What <c>compat verify</c> was asked to do.</summary>
internal sealed record VerifyOptions
{
    /// <summary>The longest a replayed request may take in one build; then it is reported, not waited for.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Responses larger than this (16 MiB) are not compared: a replay holds both in memory.</summary>
    public const long DefaultMaxResponseBytes = 16L * 1024 * 1024;

    public const string Usage = """
        Usage: compat verify --before OLD.dll --after NEW.dll --requests DIR [options]

        Loads both builds side by side (each in load contexts of its own), replays every recorded request
        through the same handler of each, and compares what a client would receive: status, headers in
        order (Date and --ignore-header ones left out) and body bytes. Prints per handler: requests replayed,
        identical, different (with the first differing header or byte offset and an excerpt of both), not
        verifiable (with the reason), and the handlers no recorded request reached.

        --before OLD.dll          the build before the change
        --after NEW.dll           the build after it
        --requests DIR            a recording (compat-server --record DIR; format in docs/recording.md)
        --ignore-header NAME      leave this header out of the comparison too; repeatable
        --html FILE               also write the report as a web page, differences side by side
        --timeout SECONDS         longest wait for one replayed request (default 30)
        --max-response-bytes N    largest response compared (default 16777216)
        --help                    show this

        Requests run in the recorded order, through the real handlers: a handler with side effects (a
        database, files) has them twice, once per build. Point it at a test environment.
        Exit codes: 0 no request answered differently, 1 some did, 2 bad arguments, a build that does not
        load, or a recording line that is not a request.
        """;

    public required string Before { get; init; }

    public required string After { get; init; }

    public required string Requests { get; init; }

    public IReadOnlyList<string> IgnoreHeaders { get; init; } = [];

    public string? Html { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public long MaxResponseBytes { get; init; } = DefaultMaxResponseBytes;

    /// <summary>Reads the arguments after <c>verify</c>.</summary>
    /// <returns>The options, or null when --help was asked.</returns>
    /// <exception cref="UsageException">The arguments are wrong; the message names the one.</exception>
    public static VerifyOptions? Parse(IReadOnlyList<string> args)
    {
        string? before = null, after = null, requests = null, html = null;
        var ignore = new List<string>();
        var timeout = DefaultTimeout;
        var maxResponse = DefaultMaxResponseBytes;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h") return null;
            if (!name.StartsWith('-')) throw new UsageException($"unexpected argument '{name}'; give --before, --after and --requests");
            if (i + 1 >= args.Count) throw new UsageException($"{name} needs a value");
            var value = args[++i];
            switch (name)
            {
                case "--before": before = ExistingFile(name, value); break;
                case "--after": after = ExistingFile(name, value); break;
                case "--requests":
                    requests = Path.GetFullPath(value);
                    if (!Directory.Exists(requests)) throw new UsageException($"--requests {value}: no such directory");
                    break;
                case "--ignore-header": ignore.Add(value); break;
                case "--html": html = Path.GetFullPath(value); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(Number(name, value, 1, 86_400)); break;
                case "--max-response-bytes": maxResponse = Number(name, value, 1, long.MaxValue - 1); break;
                default: throw new UsageException($"unknown option {name}");
            }
        }

        return new VerifyOptions
        {
            Before = before ?? throw new UsageException("--before OLD.dll is required"),
            After = after ?? throw new UsageException("--after NEW.dll is required"),
            Requests = requests ?? throw new UsageException("--requests DIR is required"),
            IgnoreHeaders = ignore,
            Html = html,
            Timeout = timeout,
            MaxResponseBytes = maxResponse,
        };
    }

    private static string ExistingFile(string name, string value)
    {
        var path = Path.GetFullPath(value);
        return File.Exists(path) ? path : throw new UsageException($"{name} {value}: no such file");
    }

    private static long Number(string name, string text, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'");
}
