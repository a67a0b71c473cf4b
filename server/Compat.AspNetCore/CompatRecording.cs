using System;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Microsoft.Extensions.Logging;

namespace Compat.AspNetCore;

/// <summary>
/// The host's <see cref="TrafficRecorder"/>, when <see cref="CompatOptions.RecordDirectory"/> is set: a singleton
/// the container disposes with the host, which writes what is queued and closes the files.
/// </summary>
internal sealed class CompatRecording(RecordingOptions? options, ILogger logger) : IAsyncDisposable
{
    public TrafficRecorder? Recorder { get; } = options is null ? null : new TrafficRecorder(options, logger);

    public ValueTask DisposeAsync() => Recorder?.DisposeAsync() ?? ValueTask.CompletedTask;
}
