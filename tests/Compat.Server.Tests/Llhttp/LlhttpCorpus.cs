using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Compat.Server.Tests.Llhttp;

/// <summary>
/// llhttp's request cases, in the project's own form: llhttp-requests.jsonl beside this file, one case a line (see
/// README.md there for the fields, the source and the license). Byte strings are JSON strings of ISO-8859-1 chars,
/// one char per byte, so the file reads like the requests and still holds any byte exactly.
/// </summary>
internal static class LlhttpCorpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, LlhttpCase>> Cases = new(Load);

    public static string DataFile => Path.Combine(Compat.Conformance.RepositoryPaths.Root, "tests", "Compat.Server.Tests", "Llhttp", "llhttp-requests.jsonl");

    public static IReadOnlyDictionary<string, LlhttpCase> All => Cases.Value;

    private static IReadOnlyDictionary<string, LlhttpCase> Load() =>
        File.ReadLines(DataFile)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<Line>(line)!)
            .Select(c => new LlhttpCase(
                c.id,
                c.strict,
                Encoding.Latin1.GetBytes(c.raw),
                [.. c.messages.Select(m => new LlhttpMessage(m.method, m.url, [.. m.headers.Select(h => new KeyValuePair<string, string>(h[0], h[1]))], Encoding.Latin1.GetBytes(m.body)))],
                c.error,
                c.paused))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);

#pragma warning disable IDE1006 // The file's field names.
    private sealed record Line(string id, bool strict, string raw, string? error, bool paused, Message[] messages);

    private sealed record Message(string method, string url, string[][] headers, string body);
#pragma warning restore IDE1006
}
