using System;
using System.Collections.Generic;
using System.Text;

namespace Compat.Migrate;

/// <summary>
/// A line diff in the unified format (<c>diff -u</c>, <c>git diff</c>), with three lines of context, that
/// <c>patch -p1</c> and <c>git apply</c> accept.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    // Past this many cells the middle of the files is shown as replaced whole instead of diffed line by line.
    private const long MaxTableCells = 16_000_000;

    /// <summary>The diff of two texts; empty when their lines are equal.</summary>
    /// <param name="oldName">The name after <c>---</c>.</param>
    /// <param name="newName">The name after <c>+++</c>.</param>
    /// <param name="oldText">The text before.</param>
    /// <param name="newText">The text after.</param>
    /// <returns>The diff, lines ending in <c>\n</c>.</returns>
    public static string Create(string oldName, string newName, string oldText, string newText)
    {
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        foreach (var (start, end) in Hunks(edits))
        {
            if (output.Length == 0)
            {
                output.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
            }

            int oldStart = edits[start].OldIndex, newStart = edits[start].NewIndex, oldCount = 0, newCount = 0;
            for (var i = start; i < end; i++)
            {
                if (edits[i].Kind != '+') oldCount++;
                if (edits[i].Kind != '-') newCount++;
            }

            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            for (var i = start; i < end; i++)
            {
                var edit = edits[i];
                AppendLine(output, edit.Kind, edit.Kind == '+' ? b[edit.NewIndex] : a[edit.OldIndex]);
            }
        }

        return output.ToString();
    }

    // Unified ranges are 1-based; an empty range names the line before it.
    private static string Range(int start, int count) => count == 0 ? $"{start},0" : count == 1 ? $"{start + 1}" : $"{start + 1},{count}";

    // A last line without a newline is marked so that it differs from the same line with one, as diff -u has it.
    private const char NoNewline = '\0';

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        // A CR stays on its line, so a CRLF file's diff applies to it with patch or git apply.
        var lines = text.Split('\n');
        // A final newline ends the last line; it does not start another.
        if (text.EndsWith('\n'))
        {
            return lines[..^1];
        }

        lines[^1] += NoNewline;
        return lines;
    }

    private static void AppendLine(StringBuilder output, char kind, string line)
    {
        output.Append(kind);
        if (line.EndsWith(NoNewline))
        {
            output.Append(line.AsSpan(0, line.Length - 1)).Append("\n\\ No newline at end of file\n");
        }
        else
        {
            output.Append(line).Append('\n');
        }
    }

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;

        var edits = new List<Edit>(a.Length + b.Length);
        for (var i = 0; i < prefix; i++) edits.Add(new Edit(' ', i, i));
        int n = a.Length - prefix - suffix, m = b.Length - prefix - suffix;
        if ((long)(n + 1) * (m + 1) > MaxTableCells)
        {
            for (var i = 0; i < n; i++) edits.Add(new Edit('-', prefix + i, prefix));
            for (var j = 0; j < m; j++) edits.Add(new Edit('+', prefix + n, prefix + j));
        }
        else
        {
            MiddleEdits(a, b, prefix, n, m, edits);
        }

        for (var i = 0; i < suffix; i++) edits.Add(new Edit(' ', prefix + n + i, prefix + m + i));
        return edits;
    }

    // The longest common subsequence of the middle parts, walked from the front: deletions before insertions.
    private static void MiddleEdits(string[] a, string[] b, int offset, int n, int m, List<Edit> edits)
    {
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[offset + i] == b[offset + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[offset + x] == b[offset + y])
            {
                edits.Add(new Edit(' ', offset + x++, offset + y++));
            }
            else if (y >= m || (x < n && lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit('-', offset + x++, offset + y));
            }
            else
            {
                edits.Add(new Edit('+', offset + x, offset + y++));
            }
        }
    }

    // Runs of changes with their context; runs closer than twice the context share a hunk.
    private static IEnumerable<(int Start, int End)> Hunks(List<Edit> edits)
    {
        var i = 0;
        while (i < edits.Count)
        {
            while (i < edits.Count && edits[i].Kind == ' ') i++;
            if (i == edits.Count) yield break;
            var start = Math.Max(0, i - Context);
            var lastChange = i;
            var j = i;
            while (j < edits.Count && j - lastChange <= 2 * Context)
            {
                if (edits[j].Kind != ' ') lastChange = j;
                j++;
            }

            var end = Math.Min(edits.Count, lastChange + Context + 1);
            yield return (start, end);
            i = end;
        }
    }

    private readonly record struct Edit(char Kind, int OldIndex, int NewIndex);
}
