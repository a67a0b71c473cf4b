using System.IO;
using System.Linq;

namespace Compat.Migrate.Verify;

/// <summary>The report as the terminal shows it: one block per handler, then the handlers nothing reached.</summary>
internal static class TextReport
{
    public static void Write(VerificationReport report, TextWriter output)
    {
        output.WriteLine($"compat verify: {report.Before} -> {report.After}, requests from {report.Requests}");
        if (report.IgnoredHeaders.Count > 0) output.WriteLine($"  headers not compared: Date, {string.Join(", ", report.IgnoredHeaders)}");
        foreach (var handler in report.Handlers)
        {
            output.WriteLine();
            output.WriteLine($"{handler.Name}: {(handler.Different.Count > 0 ? handler.Verdict.ToUpperInvariant() : handler.Verdict)}");
            output.WriteLine($"  replayed {handler.Replayed}, identical {handler.Identical}, different {handler.Different.Count}, not verifiable {handler.NotVerifiable.Count}");
            foreach (var (location, request, difference) in handler.Different)
            {
                output.WriteLine($"  {location} {request}: {difference.What}");
                output.WriteLine($"    before: {difference.Before}");
                output.WriteLine($"    after:  {difference.After}");
                if (difference.BeforeHex is not null)
                {
                    output.WriteLine($"    before hex: {difference.BeforeHex}");
                    output.WriteLine($"    after hex:  {difference.AfterHex}");
                }
            }

            foreach (var (location, request, reason) in handler.NotVerifiable)
            {
                output.WriteLine($"  {location} {request}: not verifiable: {reason}");
            }
        }

        output.WriteLine();
        output.WriteLine(report.Unexercised.Count == 0
            ? "Every handler was exercised by the recording."
            : $"Not exercised by the recording ({report.Unexercised.Count}): {string.Join(", ", report.Unexercised)}");
        var different = report.Handlers.Count(h => h.Different.Count > 0);
        output.WriteLine($"Summary: {report.Handlers.Count} handlers replayed, {report.Handlers.Count(h => h.Verified)} identical, {different} different, {report.Handlers.Sum(h => h.NotVerifiable.Count)} requests not verifiable.");
    }
}
