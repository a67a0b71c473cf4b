using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Compat.Testing;

namespace Compat.Migrate.Verify;

/// <summary>
/// Compares what a client received from two builds for the same request, as it would be on the wire: the status,
/// the headers in order (the host's framing headers included), then the body bytes; Date and the headers the user
/// ignores do not count.
/// </summary>
/// <param name="ignoredHeaders">Header names left out of the comparison, case-insensitive (Date always is).</param>
internal sealed class ResponseComparer(IEnumerable<string> ignoredHeaders)
{
    /// <summary>Bytes shown before the first differing one in an excerpt.</summary>
    public const int ExcerptBefore = 16;

    /// <summary>Bytes shown from the first differing one on.</summary>
    public const int ExcerptAfter = 32;

    private readonly HashSet<string> _ignored = new(ignoredHeaders.Append("Date"), StringComparer.OrdinalIgnoreCase);

    /// <summary>The first difference, or null when the responses are the same.</summary>
    public ResponseDifference? Compare(TestResponse before, TestResponse after)
    {
        if (before.Status != after.Status) return new("status", before.Status, after.Status);
        if (before.Aborted != after.Aborted) return new("ending", Ending(before), Ending(after));

        var beforeHeaders = before.Headers.Where(h => !_ignored.Contains(h.Key)).ToList();
        var afterHeaders = after.Headers.Where(h => !_ignored.Contains(h.Key)).ToList();
        for (var i = 0; i < Math.Max(beforeHeaders.Count, afterHeaders.Count); i++)
        {
            var b = i < beforeHeaders.Count ? $"{beforeHeaders[i].Key}: {beforeHeaders[i].Value}" : "(no more headers)";
            var a = i < afterHeaders.Count ? $"{afterHeaders[i].Key}: {afterHeaders[i].Value}" : "(no more headers)";
            if (b != a) return new($"header {i + 1}", b, a);
        }

        var offset = before.Body.AsSpan().CommonPrefixLength(after.Body);
        if (offset == before.Body.Length && offset == after.Body.Length) return null;
        return new(
            $"body at byte {offset} (lengths {before.Body.Length} and {after.Body.Length})",
            Text(before.Body, offset),
            Text(after.Body, offset),
            Hex(before.Body, offset),
            Hex(after.Body, offset),
            offset);
    }

    private static string Ending(TestResponse response) => response.Aborted ? "the connection was cut" : "the response completed";

    private static (int Start, int End) Window(byte[] body, int offset) =>
        (Math.Max(0, offset - ExcerptBefore), Math.Min(body.Length, offset + ExcerptAfter));

    // Printable ASCII as it is, everything else as an escape, so an excerpt is one line and shows what differs.
    private static string Text(byte[] body, int offset)
    {
        var (start, end) = Window(body, offset);
        if (start == end) return "(end of body)";
        var text = new StringBuilder();
        if (start > 0) text.Append('…');
        for (var i = start; i < end; i++)
        {
            var b = body[i];
            text.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        if (end < body.Length) text.Append('…');
        return text.ToString();
    }

    private static string Hex(byte[] body, int offset)
    {
        var (start, end) = Window(body, offset);
        return start == end ? "(end of body)" : $"{start:x8}: {Convert.ToHexString(body, start, end - start).ToLowerInvariant()}";
    }
}
