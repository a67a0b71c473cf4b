using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Compat.Server.Tests.Llhttp;

/// <summary>
/// Reads llhttp's request cases from ../shared/corpora/llhttp-requests (beside the repository; never copied in).
/// Format: a heading, a meta comment, an http block (each newline is CRLF on the wire; a line ending in a
/// backslash continues without one; escapes \r \n \t \f \xHH and octal), and a log block with llhttp's callbacks.
/// </summary>
internal static partial class LlhttpCorpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, LlhttpCase>> Cases = new(Load);

    public static string Directory => Path.Combine(Compat.Conformance.RepositoryPaths.Root, "..", "shared", "corpora", "llhttp-requests");

    public static IReadOnlyDictionary<string, LlhttpCase> All => Cases.Value;

    private static IReadOnlyDictionary<string, LlhttpCase> Load()
    {
        var cases = new Dictionary<string, LlhttpCase>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.md").Where(f => !f.EndsWith("README.md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            foreach (var item in Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllLines(file)))
            {
                var id = item.Id;
                for (var n = 2; cases.ContainsKey(id); n++) id = $"{item.Id} #{n}";
                cases[id] = item with { Id = id };
            }
        }

        return cases;
    }

    private static IEnumerable<LlhttpCase> Parse(string file, string[] lines)
    {
        var title = string.Empty;
        var meta = string.Empty;
        byte[]? raw = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                title = line.TrimStart('#').Trim();
            }
            else if (line.StartsWith("<!-- meta=", StringComparison.Ordinal))
            {
                meta = line;
            }
            else if (line == "```http")
            {
                var block = Block(lines, ref i);
                raw = Wire(block);
            }
            else if (line == "```log" && raw is not null)
            {
                var (messages, error, paused) = ReadLog(Block(lines, ref i));
                var strict = meta.Contains("\"type\": \"request\"", StringComparison.Ordinal) || meta.Contains("\"type\":\"request\"", StringComparison.Ordinal);
                strict &= !meta.Contains("noScan", StringComparison.Ordinal) && !meta.Contains("loose", StringComparison.Ordinal) && !file.StartsWith("lenient", StringComparison.Ordinal);
                yield return new LlhttpCase($"{file}: {title}", strict, raw, messages, error, paused);
                raw = null;
            }
        }
    }

    private static List<string> Block(string[] lines, ref int i)
    {
        var block = new List<string>();
        while (lines[++i] != "```") block.Add(lines[i]);
        return block;
    }

    private static byte[] Wire(List<string> block)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < block.Count; i++)
        {
            var line = block[i];
            var continued = line.EndsWith('\\') && !line.EndsWith("\\\\", StringComparison.Ordinal);
            Unescape(continued ? line[..^1] : line, bytes);
            if (!continued && i < block.Count - 1) bytes.AddRange("\r\n"u8.ToArray());
        }

        return [.. bytes];
    }

    private static void Unescape(string text, List<byte> bytes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'r': bytes.Add((byte)'\r'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'f': bytes.Add((byte)'\f'); break;
                case 'x':
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    var end = i;
                    while (end < text.Length && end - i < 3 && text[end] is >= '0' and <= '7') end++;
                    bytes.Add((byte)Convert.ToInt32(text[i..end], 8));
                    i = end - 1;
                    break;
                default: bytes.Add((byte)next); break;
            }
        }
    }

    private static (List<LlhttpMessage> Messages, string? Error, bool Paused) ReadLog(List<string> log)
    {
        var messages = new List<LlhttpMessage>();
        string method = string.Empty, url = string.Empty, name = string.Empty, value = string.Empty;
        var headers = new List<KeyValuePair<string, string>>();
        var body = new List<byte>();
        foreach (var line in log)
        {
            var span = SpanLine().Match(line);
            if (span.Success)
            {
                var text = Latin1(span.Groups[2].Value);
                switch (span.Groups[1].Value)
                {
                    case "method": method += text; break;
                    case "url": url += text; break;
                    case "header_field": name += text; break;
                    case "header_value": value += text; break;
                    case "body": body.AddRange(Encoding.Latin1.GetBytes(text)); break;
                }
            }
            else if (line.EndsWith("header_value complete", StringComparison.Ordinal))
            {
                headers.Add(new(name, value));
                name = value = string.Empty;
            }
            else if (line.EndsWith("message complete", StringComparison.Ordinal))
            {
                messages.Add(new LlhttpMessage(method, url, [.. headers], [.. body]));
                method = url = string.Empty;
                headers.Clear();
                body.Clear();
            }
            else if (ErrorLine().Match(line) is { Success: true } error)
            {
                var code = int.Parse(error.Groups[1].Value, CultureInfo.InvariantCulture);
                return (messages, code is 22 or 23 ? null : error.Groups[2].Value, code is 22 or 23);
            }
        }

        return (messages, null, false);
    }

    private static string Latin1(string escaped)
    {
        var bytes = new List<byte>();
        Unescape(escaped, bytes);
        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    [GeneratedRegex("""span\[(\w+)\]="(.*)"$""")]
    private static partial Regex SpanLine();

    [GeneratedRegex("""error code=(\d+) reason="(.*)"$""")]
    private static partial Regex ErrorLine();
}
