using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Compat.Gateway;
using Microsoft.Extensions.Logging;

namespace Compat.Hosting.Recording;

/// <summary>
/// Records a sample of the requests a host serves into a directory, one file per handler, in
/// <see cref="RecordingFormat"/>, for <c>compat verify</c> to replay. A host's <see cref="RequestRunner"/> calls it
/// (<see cref="RequestRunnerOptions.Recorder"/>); a request that is not sampled costs one random draw. It never
/// blocks or fails a request: requests are handed to a writer task through a bounded queue (when the writer falls
/// behind, a request is not recorded, and the count is logged), which writes them in batches, and a write error or
/// the size cap stops the recording, not the server.
/// </summary>
public sealed partial class TrafficRecorder : IAsyncDisposable
{
    // At most this many requests wait for the writer: with bodies at their cap, 64 MiB at the defaults.
    private const int QueueLength = 1024;

    // How long the writer lets sampled requests gather once one has arrived: a busy server's recording then costs a
    // wake-up, a write and a flush per batch instead of per request.
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    private readonly RecordingOptions _options;
    private readonly ILogger _logger;
    private readonly HashSet<string> _redacted;
    private readonly ConcurrentDictionary<AsyncApp, string> _names = new();
    private readonly Channel<RecordedRequest> _queue = Channel.CreateBounded<RecordedRequest>(new BoundedChannelOptions(QueueLength) { SingleReader = true });
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private readonly Task _writer;
    private long _bytes;
    private long _dropped;
    private TaskCompletionSource _hurry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    /// <summary>Creates the directory when missing and starts the writer.</summary>
    /// <param name="options">Where and how much to record.</param>
    /// <param name="logger">Where the recorder says it started, stopped, or fell behind; none when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The directory cannot be created or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be created or read.</exception>
    public TrafficRecorder(RecordingOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _redacted = new HashSet<string>(RecordingOptions.AlwaysRedacted.Concat(options.RedactHeaders), StringComparer.OrdinalIgnoreCase);
        Directory.CreateDirectory(options.Directory);
        _bytes = Directory.GetFiles(options.Directory, "*" + RecordingFormat.FileExtension).Sum(f => new FileInfo(f).Length);
        _writer = Task.Run(WriteAsync);
        Started(_logger, options.SampleRate * 100, Path.GetFullPath(options.Directory), options.MaxBytes);
    }

    /// <summary>Whether recording has stopped (its size cap, a write error, or disposal).</summary>
    public bool Stopped => _stopped;

    /// <summary>Sampled requests that were not recorded because the writer was behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Names a mounted handler, so its requests are recorded; requests to anything else (the host's 404) are not.</summary>
    /// <param name="app">The delegate the host runs (an old-style handler's adapted one).</param>
    /// <param name="name">Its name (<see cref="HandlerNames"/>).</param>
    public void Register(AsyncApp app, string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _names[app] = name;
    }

    /// <summary>
    /// Decides whether to record a request about to run and, if so, starts its capture: the request's line and
    /// headers now, before the handler can change the environ, and its body as the handler reads it.
    /// </summary>
    /// <param name="app">The handler about to run.</param>
    /// <param name="environ">Its environ, complete; its body reader and input stream are replaced by recording ones.</param>
    /// <returns>The capture to finish when the handler is done, or null when the request is not recorded.</returns>
    internal RequestCapture? Begin(AsyncApp app, Environ environ)
    {
        if (_stopped || (_options.SampleRate < 1 && Random.Shared.NextDouble() >= _options.SampleRate) || !_names.TryGetValue(app, out var name))
        {
            return null;
        }

        try
        {
            return RequestCapture.Start(this, name, environ, _options.MaxRequestBytes, _redacted);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // An environ a handler's middleware left odd is served as it is, just not recorded.
            return null;
        }
    }

    /// <summary>Queues a finished capture for the writer; never waits.</summary>
    internal void Enqueue(RecordedRequest request)
    {
        if (_stopped) return;
        if (!_queue.Writer.TryWrite(request)) Interlocked.Increment(ref _dropped);
        else if (_queue.Reader.Count >= QueueLength / 2) Volatile.Read(ref _hurry).TrySetResult();
    }

    /// <summary>Writes what is queued, closes the files and stops recording.</summary>
    /// <returns>Completes when the files are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Volatile.Read(ref _hurry).TrySetResult();
        await _writer.ConfigureAwait(false);
        _stopped = true;
        if (Dropped > 0) FellBehind(_logger, Dropped);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Half a queue, or the recorder's disposal, cuts the window short. A signal given just before the
                // swap below is lost, which costs at most one window's wait.
                await Task.WhenAny(Volatile.Read(ref _hurry).Task, Task.Delay(BatchWindow)).ConfigureAwait(false);
                if (_hurry.Task.IsCompleted && !reader.Completion.IsCompleted) Volatile.Write(ref _hurry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                while (!_stopped && reader.TryRead(out var request)) Append(request);
                foreach (var file in _files.Values) await file.FlushAsync().ConfigureAwait(false);
                if (_stopped) break;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Stop();
            WriteFailed(_logger, ex, _options.Directory);
        }
        finally
        {
            foreach (var file in _files.Values)
            {
                try
                {
                    await file.DisposeAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Its last bytes were lost with the error already logged; the file stays as far as it got.
                }
            }

            _files.Clear();
            // Nothing queued after a stop is written; a waiting TryWrite just fails.
            while (reader.TryRead(out _))
            {
            }
        }
    }

    private void Append(RecordedRequest request)
    {
        byte[] line;
        try
        {
            line = RecordingFormat.Write(request);
        }
        catch (ArgumentException)
        {
            // Text JSON cannot hold (a lone surrogate a middleware put in a header): that request only is left out.
            return;
        }

        if (_bytes + line.Length + 1 > _options.MaxBytes)
        {
            Stop();
            CapReached(_logger, _options.Directory, _options.MaxBytes);
            return;
        }

        if (!_files.TryGetValue(request.Handler, out var file))
        {
            var path = Path.Combine(_options.Directory, FileName(request.Handler));
            file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
            _files[request.Handler] = file;
            if (EndsMidLine(path))
            {
                // An earlier recording was cut off mid-line (a full disk, a killed process): that line stays a
                // reported problem, and this one starts on a line of its own.
                file.WriteByte((byte)'\n');
                _bytes++;
            }
        }

        file.Write(line);
        file.WriteByte((byte)'\n');
        _bytes += line.Length + 1;
    }

    private static bool EndsMidLine(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (read.Length == 0) return false;
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() != '\n';
    }

    private void Stop()
    {
        _stopped = true;
        _queue.Writer.TryComplete();
    }

    // The handler's name with anything a file system may refuse replaced; the name inside each line is what counts.
    private static string FileName(string handler)
    {
        var name = new StringBuilder(handler.Length + RecordingFormat.FileExtension.Length);
        foreach (var c in handler) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' ? c : '_');
        return name.Append(RecordingFormat.FileExtension).ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "recording {Percent}% of requests to {Directory} (up to {MaxBytes} bytes)")]
    private static partial void Started(ILogger logger, double percent, string directory, long maxBytes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "recording stopped: {Directory} reached its cap of {MaxBytes} bytes; requests are served as before")]
    private static partial void CapReached(ILogger logger, string directory, long maxBytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "recording stopped: writing to {Directory} failed; requests are served as before")]
    private static partial void WriteFailed(ILogger logger, Exception error, string directory);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Count} sampled requests were not recorded: the recording's writer was behind")]
    private static partial void FellBehind(ILogger logger, long count);
}
