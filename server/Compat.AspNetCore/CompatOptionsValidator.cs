using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace Compat.AspNetCore;

/// <summary>
/// Checks <see cref="CompatOptions"/> when the host starts, naming the configuration key of each bad value, so that
/// a typo in appsettings.json stops the application at once instead of surfacing at the first MapSyncApp.
/// </summary>
internal sealed class CompatOptionsValidator : IValidateOptions<CompatOptions>
{
    public ValidateOptionsResult Validate(string? name, CompatOptions options)
    {
        var failures = new List<string>();
        if (options.PoolThreadCount < 1) failures.Add(Failure(nameof(CompatOptions.PoolThreadCount), options.PoolThreadCount, "must be at least 1"));
        if (options.PoolQueueLength < 0) failures.Add(Failure(nameof(CompatOptions.PoolQueueLength), options.PoolQueueLength, "cannot be negative"));
        if (options.PoolMaxHeldThreads is { } held && (held < 0 || held > options.PoolThreadCount)) failures.Add(Failure(nameof(CompatOptions.PoolMaxHeldThreads), held, $"must be from 0 to {nameof(CompatOptions.PoolThreadCount)}"));
        if (!(options.MinResponseDataRate >= 0)) failures.Add($"{CompatOptions.SectionName}:{nameof(CompatOptions.MinResponseDataRate)} cannot be negative; 0 turns it off (it is {options.MinResponseDataRate})");
        if (!(options.MinResponseDataRateGracePeriodSeconds >= 0)) failures.Add($"{CompatOptions.SectionName}:{nameof(CompatOptions.MinResponseDataRateGracePeriodSeconds)} cannot be negative (it is {options.MinResponseDataRateGracePeriodSeconds})");
        if (options.RetryAfterSeconds < 0) failures.Add(Failure(nameof(CompatOptions.RetryAfterSeconds), options.RetryAfterSeconds, "cannot be negative"));
        if (options.PauseWriterThreshold < 2) failures.Add(Failure(nameof(CompatOptions.PauseWriterThreshold), options.PauseWriterThreshold, "must be at least 2 bytes"));
        if (!(options.RecordSampleRate is >= 0 and <= 1)) failures.Add($"{CompatOptions.SectionName}:{nameof(CompatOptions.RecordSampleRate)} must be from 0 to 1 (it is {options.RecordSampleRate})");
        if (options.RecordMaxRequestBytes < 0) failures.Add(Failure(nameof(CompatOptions.RecordMaxRequestBytes), options.RecordMaxRequestBytes, "cannot be negative"));
        if (options.RecordMaxBytes < 1) failures.Add($"{CompatOptions.SectionName}:{nameof(CompatOptions.RecordMaxBytes)} must be at least 1 (it is {options.RecordMaxBytes})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Failure(string key, int value, string rule) => $"{CompatOptions.SectionName}:{key} {rule} (it is {value})";
}
