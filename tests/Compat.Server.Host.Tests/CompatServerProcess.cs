using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Compat.Server.Host.Tests;

/// <summary>compat-server as a real process, the way a user runs it.</summary>
internal sealed partial class CompatServerProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CompatServerProcess(string arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "compat-server.dll");
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", $"\"{host}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) _process.StartInfo.Environment[name] = value;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            _stdout.Enqueue(e.Data);
            if (Listening().Match(e.Data) is { Success: true } match) _listening.TrySetResult(match.Groups[1].Value);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) _stderr.Enqueue(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _stdout);

    public string Errors => string.Join('\n', _stderr);

    public Process Process => _process;

    public static CompatServerProcess Start(string arguments, IReadOnlyDictionary<string, string>? environment = null) => new(arguments, environment);

    /// <summary>The base address once the server says it is listening.</summary>
    public async Task<string> BaseAddressAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(Patience);
        if (first != _listening.Task) throw new InvalidOperationException($"compat-server exited with {_process.ExitCode}: {Errors}");
        return await _listening.Task;
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    // In text and in JSON logs (where the message is a quoted field).
    [GeneratedRegex(@"listening on (http://[^\s/""]+|unix:[^\s""]+)")]
    private static partial Regex Listening();
}
