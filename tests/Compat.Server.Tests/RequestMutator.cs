using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Compat.Server.Tests;

/// <summary>
/// Seeded mutations of valid requests, for the fuzz tests: the bytes a confused or hostile client sends. Each case
/// is a seed request with one to four edits: a byte changed, a byte that means something to HTTP inserted (CR, LF,
/// space, tab, colon, NUL, DEL, a high byte, comma, semicolon, quote, #, @, %), bytes deleted, a line repeated or
/// moved, a number made huge, the end cut off.
/// </summary>
internal static class RequestMutator
{
    /// <summary>Valid requests the mutations start from, heads and bodies of every framing.</summary>
    public static readonly string[] Seeds =
    [
        "GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nCookie: a=1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: a:8080\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        "POST /chunks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
        "PUT http://example.com:81/p?q HTTP/1.1\r\nHost: other\r\nContent-Length: 3\r\n\r\nabc",
        "OPTIONS * HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
        "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "POST /expect HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
    ];

    private static readonly byte[] Meaningful = [(byte)'\r', (byte)'\n', (byte)' ', (byte)'\t', (byte)':', 0, 0x7F, 0xFF, (byte)',', (byte)';', (byte)'"', (byte)'#', (byte)'@', (byte)'%'];

    /// <summary>The case for a seed number: the same number always gives the same bytes.</summary>
    public static byte[] Case(int seed)
    {
        var random = new Random(seed);
        var bytes = Encoding.Latin1.GetBytes(Seeds[random.Next(Seeds.Length)]).ToList();
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            Mutate(bytes, random);
        }

        return [.. bytes];
    }

    /// <summary>A case whose head is one of the seeds' with a body, intact, and whose body is mutated: for the body decoder.</summary>
    public static byte[] BodyCase(int seed)
    {
        var random = new Random(seed);
        var withBody = Seeds.Where(s => s.Contains("Content-Length", StringComparison.Ordinal) || s.Contains("chunked", StringComparison.Ordinal)).ToArray();
        var text = withBody[random.Next(withBody.Length)];
        var headLength = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var body = Encoding.Latin1.GetBytes(text[headLength..]).ToList();
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            Mutate(body, random);
        }

        return [.. Encoding.Latin1.GetBytes(text[..headLength]), .. body];
    }

    private static void Mutate(List<byte> bytes, Random random)
    {
        if (bytes.Count == 0)
        {
            bytes.Add(Meaningful[random.Next(Meaningful.Length)]);
            return;
        }

        var at = random.Next(bytes.Count);
        switch (random.Next(8))
        {
            case 0:
                bytes[at] = (byte)random.Next(256);
                break;
            case 1:
            case 2:
                bytes.Insert(at, Meaningful[random.Next(Meaningful.Length)]);
                break;
            case 3:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 4)));
                break;
            case 4:
                RepeatLine(bytes, at);
                break;
            case 5:
                MoveLine(bytes, at, random.Next(bytes.Count));
                break;
            case 6:
                // A number made huge: a length or a chunk size past every limit.
                var digit = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                if (digit >= 0) bytes.InsertRange(digit, Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "99999999999" : "fffffffffffffff"));
                break;
            default:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
        }
    }

    private static (int Start, int End) LineAround(List<byte> bytes, int at)
    {
        if (bytes.Count == 0) return (0, 0);
        at = Math.Clamp(at, 0, bytes.Count - 1);
        var start = at == 0 ? 0 : bytes.LastIndexOf((byte)'\n', at - 1) + 1;
        var end = bytes.IndexOf((byte)'\n', at);
        return (start, end < 0 ? bytes.Count : end + 1);
    }

    private static void RepeatLine(List<byte> bytes, int at)
    {
        var (start, end) = LineAround(bytes, at);
        bytes.InsertRange(end, bytes.GetRange(start, end - start));
    }

    private static void MoveLine(List<byte> bytes, int from, int to)
    {
        var (start, end) = LineAround(bytes, from);
        var line = bytes.GetRange(start, end - start);
        bytes.RemoveRange(start, end - start);
        var (target, _) = LineAround(bytes, Math.Min(to, bytes.Count));
        bytes.InsertRange(Math.Min(target, bytes.Count), line);
    }
}
