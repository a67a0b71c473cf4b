using System;
using System.IO;
using System.Threading.Tasks;
using Compat.Hosting.Loading;
using Compat.Hosting.Recording;

namespace Compat.Migrate.Verify;

/// <summary><c>compat verify</c>: read the recording, load both builds, replay, report.</summary>
internal static class VerifyCommand
{
    /// <summary>Runs the command.</summary>
    /// <returns>0 no differences, 1 differences, 2 a recording or build that cannot be used.</returns>
    public static async Task<int> RunAsync(VerifyOptions options, TextWriter output, TextWriter errors)
    {
        var (report, problem) = await VerifyAsync(options).ConfigureAwait(false);
        if (report is null)
        {
            errors.WriteLine($"compat verify: {problem}");
            return 2;
        }

        TextReport.Write(report, output);
        if (options.Html is { } html)
        {
            try
            {
                HtmlReport.Write(report, html);
                output.WriteLine($"Report written to {html}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.WriteLine($"compat verify: --html {html}: cannot write: {ex.Message}");
                return 2;
            }
        }

        return report.HasDifferences ? 1 : 0;
    }

    /// <summary>Reads, loads and replays; the report, or why there is none.</summary>
    public static Task<(VerificationReport? Report, string? Problem)> VerifyAsync(VerifyOptions options)
    {
        var recording = RecordingDirectory.Read(options.Requests);
        return ProblemOf(recording, $"--requests {options.Requests}") is { } problem
            ? Task.FromResult<(VerificationReport?, string?)>((null, problem))
            : VerifyAsync(options, recording);
    }

    /// <summary>Why a recording cannot be replayed: lines that are not requests, or no request at all; null when it can.</summary>
    /// <param name="recording">The recording as read.</param>
    /// <param name="source">How the user named it, such as <c>--requests DIR</c>.</param>
    public static string? ProblemOf(RecordingDirectory recording, string source) =>
        recording.Problems.Count > 0
            ? $"{source}: these lines are not requests (docs/recording.md):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", recording.Problems)}"
            : recording.Requests.Count == 0 ? $"{source}: no recorded requests (*{RecordingFormat.FileExtension} files)" : null;

    /// <summary>Loads both builds and replays a recording already read.</summary>
    public static async Task<(VerificationReport? Report, string? Problem)> VerifyAsync(VerifyOptions options, RecordingDirectory recording)
    {
        try
        {
            // One loader per build: each assembly path gets its own load context, so both load side by side, each
            // with static state of its own that only this replay has touched.
            var before = new HandlerLoader().LoadAll(options.Before);
            var after = new HandlerLoader().LoadAll(options.After);
            return (await new RecordingReplayer(options).ReplayAsync(recording, before, after).ConfigureAwait(false), null);
        }
        catch (HandlerLoadException ex)
        {
            return (null, ex.Message);
        }
    }
}
