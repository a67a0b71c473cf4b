using System;
using System.Buffers;

namespace Compat.Server.Http;

/// <summary>
/// Parses an HTTP/1.x request head (RFC 9112), strictly. It keeps no state: given the bytes received so far it
/// either fills a <see cref="RequestHead"/> and says how much it used, returns false for "need more bytes" (and
/// the caller consumes nothing), or throws <see cref="BadRequestException"/>. Limits are checked before a line is
/// looked at, so an oversized head is refused as soon as it is known to be oversized.
/// </summary>
internal static class Http1Parser
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';

    /// <summary>Parses a whole head if the buffer holds one.</summary>
    /// <param name="buffer">Bytes received and not yet consumed.</param>
    /// <param name="head">Receives the request; reset first.</param>
    /// <param name="limits">The size limits.</param>
    /// <param name="consumed">The end of the head, when it returns true.</param>
    /// <returns>True when a complete head was parsed.</returns>
    public static bool TryParseHead(in ReadOnlySequence<byte> buffer, RequestHead head, ServerOptions limits, out SequencePosition consumed)
    {
        head.Reset();
        consumed = buffer.Start;
        var reader = new SequenceReader<byte>(buffer);

        // RFC 9112 2.2: a server should ignore empty lines before the request line (left over after a body).
        while (reader.IsNext("\r\n"u8, advancePast: true))
        {
        }

        if (!TryReadLine(ref reader, limits.MaxRequestLineSize, out var line))
        {
            if (reader.Remaining > limits.MaxRequestLineSize) ThrowHelper.Reject(RequestRejectionReason.RequestLineTooLong, $"no end of the request line within {limits.MaxRequestLineSize} bytes");
            return false;
        }

        ParseRequestLine(line, head);
        long headerBytes = 0;
        var headerCount = 0;
        while (true)
        {
            var budget = limits.MaxRequestHeadersTotalSize - headerBytes;
            if (!TryReadLine(ref reader, budget, out line))
            {
                if (reader.Remaining > budget) ThrowHelper.Reject(RequestRejectionReason.HeadersTooLarge, $"the headers exceed {limits.MaxRequestHeadersTotalSize} bytes");
                return false;
            }

            if (line.IsEmpty)
            {
                break;
            }

            headerBytes += line.Length + 2;
            if (headerBytes > limits.MaxRequestHeadersTotalSize) ThrowHelper.Reject(RequestRejectionReason.HeadersTooLarge, $"the headers exceed {limits.MaxRequestHeadersTotalSize} bytes");
            if (++headerCount > limits.MaxRequestHeaderCount) ThrowHelper.Reject(RequestRejectionReason.HeadersTooLarge, $"more than {limits.MaxRequestHeaderCount} headers");
            ParseHeaderLine(line, head);
        }

        head.Complete();
        if (!limits.IsAllowedHost(head.HostName))
        {
            ThrowHelper.Reject(RequestRejectionReason.InvalidHost, "the host is not one of the allowed hosts");
        }

        consumed = reader.Position;
        return true;
    }

    /// <summary>Reads one CRLF-terminated line, without the CRLF; a bare LF is refused.</summary>
    /// <param name="reader">The input.</param>
    /// <param name="maxLength">The line's limit; a longer line is not searched past.</param>
    /// <param name="line">The line: a slice of the input, or a copy when it spans buffer segments.</param>
    /// <returns>False when no complete line is there yet.</returns>
    internal static bool TryReadLine(ref SequenceReader<byte> reader, long maxLength, out ReadOnlySpan<byte> line)
    {
        var window = maxLength + 2;

        // Almost every line lies inside the current segment: found there with one search, and no copy.
        var span = reader.UnreadSpan;
        var searched = span.Length > window ? span[..(int)window] : span;
        var lf = searched.IndexOf(LF);
        if (lf >= 0)
        {
            if (lf == 0 || span[lf - 1] != CR) ThrowHelper.Reject(RequestRejectionReason.BareLineFeed, "a line ends in LF without CR");
            line = span[..(lf - 1)];
            reader.Advance(lf + 1);
            return true;
        }

        // No LF within the window, or nothing after this segment to look in: no line yet.
        if (searched.Length == window || reader.Remaining == span.Length)
        {
            line = default;
            return false;
        }

        return TryReadSplitLine(ref reader, window, out line);
    }

    private static bool TryReadSplitLine(ref SequenceReader<byte> reader, long window, out ReadOnlySpan<byte> line)
    {
        var unread = reader.UnreadSequence;
        var windowReader = new SequenceReader<byte>(unread.Length > window ? unread.Slice(0, window) : unread);
        if (!windowReader.TryReadTo(out ReadOnlySequence<byte> withCr, LF))
        {
            line = default;
            return false;
        }

        if (withCr.IsEmpty || withCr.Slice(withCr.Length - 1).FirstSpan[0] != CR)
        {
            ThrowHelper.Reject(RequestRejectionReason.BareLineFeed, "a line ends in LF without CR");
        }

        line = withCr.Slice(0, withCr.Length - 1).ToArray();
        reader.Advance(withCr.Length + 1);
        return true;
    }

    private static void ParseRequestLine(ReadOnlySpan<byte> line, RequestHead head)
    {
        var methodEnd = line.IndexOf(Space);
        if (methodEnd <= 0) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestLine, "no method");
        var method = line[..methodEnd];
        if (!HttpChars.IsToken(method)) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestLine, "the method is not a token");
        if (method.SequenceEqual("CONNECT"u8)) ThrowHelper.Reject(RequestRejectionReason.UnsupportedMethod, "CONNECT: this is an origin server, not a tunnel");

        var rest = line[(methodEnd + 1)..];
        var targetEnd = rest.IndexOf(Space);
        if (targetEnd <= 0) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestLine, "no request target, or more than one space before it");
        var target = rest[..targetEnd];
        var invalid = target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E);
        if (invalid >= 0) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, $"byte 0x{target[invalid]:X2} in the request target");
        if (target.Contains((byte)'#')) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, "a fragment (#) in the request target, which a client never sends");

        head.SetRequestLine(method, target, ParseVersion(rest[(targetEnd + 1)..]));
    }

    private static bool ParseVersion(ReadOnlySpan<byte> version)
    {
        if (version.SequenceEqual("HTTP/1.1"u8)) return true;
        if (version.SequenceEqual("HTTP/1.0"u8)) return false;
        if (version.Length == 8 && version.StartsWith("HTTP/"u8) && char.IsAsciiDigit((char)version[5]) && version[6] == '.' && char.IsAsciiDigit((char)version[7]))
        {
            ThrowHelper.Reject(RequestRejectionReason.UnsupportedHttpVersion, "only HTTP/1.0 and HTTP/1.1 are served here");
        }

        ThrowHelper.Reject(RequestRejectionReason.InvalidRequestLine, "the version is not HTTP/x.y, or the line has extra spaces");
        return false;
    }

    private static void ParseHeaderLine(ReadOnlySpan<byte> line, RequestHead head)
    {
        if (line[0] is Space or Tab) ThrowHelper.Reject(RequestRejectionReason.ObsoleteLineFolding, "a header line starts with whitespace (obs-fold)");
        var colon = line.IndexOf((byte)':');
        if (colon < 0) ThrowHelper.Reject(RequestRejectionReason.InvalidHeaderName, "a header line has no colon");
        var name = line[..colon];
        if (name.IsEmpty) ThrowHelper.Reject(RequestRejectionReason.InvalidHeaderName, "an empty header name");
        if (name[^1] is Space or Tab) ThrowHelper.Reject(RequestRejectionReason.WhitespaceBeforeColon, "whitespace between a header name and its colon");
        if (!HttpChars.IsToken(name)) ThrowHelper.Reject(RequestRejectionReason.InvalidHeaderName, "a header name is not a token");

        var value = line[(colon + 1)..].Trim(" \t"u8);
        var bad = HttpChars.IndexOfInvalidFieldValueByte(value);
        if (bad >= 0)
        {
            ThrowHelper.Reject(value[bad] == CR ? RequestRejectionReason.BareCarriageReturn : RequestRejectionReason.InvalidHeaderValue,
                $"byte 0x{value[bad]:X2} in the value of a header");
        }

        head.AddHeader(name, value);
    }
}
