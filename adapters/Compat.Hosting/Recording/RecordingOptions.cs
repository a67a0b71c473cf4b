using System;
using System.Collections.Generic;

namespace Compat.Hosting.Recording;

/// <summary>Settings of a <see cref="TrafficRecorder"/>. Each default is a named constant with its reason.</summary>
public sealed class RecordingOptions
{
    /// <summary>Every request: what a developer recording on their own machine expects. Lower it in production.</summary>
    public const double DefaultSampleRate = 1.0;

    /// <summary>Bodies larger than this are not kept whole (64 KiB): replay is for handlers' logic, not bulk uploads.</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024;

    /// <summary>The whole directory stops growing at 100 MiB, so a forgotten recording cannot fill a disk.</summary>
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    /// <summary>What a redacted header's value becomes.</summary>
    public const string RedactedValue = "[redacted]";

    /// <summary>Headers whose values are credentials, always redacted.</summary>
    public static IReadOnlyList<string> AlwaysRedacted { get; } = ["Authorization", "Proxy-Authorization", "Cookie"];

    /// <summary>The directory the recording files go to; created when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>The fraction of requests recorded, from 0 (none) to 1 (all), drawn at random per request.</summary>
    public double SampleRate { get; init; } = DefaultSampleRate;

    /// <summary>The most body bytes kept per request; a longer body is recorded as incomplete.</summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>The most bytes of recording files in the directory, those already there included; then recording stops.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Headers redacted besides <see cref="AlwaysRedacted"/> (an API key header, say); case-insensitive.</summary>
    public IReadOnlyList<string> RedactHeaders { get; init; } = [];

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">One is out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) throw new ArgumentException("The recording directory must be given.", nameof(Directory));
        if (!(SampleRate is >= 0 and <= 1)) throw new ArgumentException($"The sample rate must be from 0 to 1, not {SampleRate}.", nameof(SampleRate));
        if (MaxRequestBytes < 0) throw new ArgumentException($"The largest body kept must be 0 or more, not {MaxRequestBytes}.", nameof(MaxRequestBytes));
        if (MaxBytes < 1) throw new ArgumentException($"The recording's size cap must be 1 or more, not {MaxBytes}.", nameof(MaxBytes));
    }
}
