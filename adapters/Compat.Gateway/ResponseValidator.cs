using System;
using System.Collections.Generic;
using System.Globalization;

namespace Compat.Gateway;

/// <summary>
/// Checks what a handler hands to <see cref="StartResponse"/> or <see cref="AsyncStartResponse"/> before a host
/// puts it on the wire: no header injection, no chars that are not octets, no framing headers.
/// </summary>
public static class ResponseValidator
{
    private static readonly bool[] TokenChars = BuildTokenChars();

    /// <summary>Validates a status such as <c>"200 OK"</c> and returns its code.</summary>
    /// <param name="status">Three digits, optionally a space and a reason phrase.</param>
    /// <returns>The status code, 200 to 999.</returns>
    /// <exception cref="ArgumentException">The status is malformed, informational, or has a forbidden char.</exception>
    public static int ParseStatus(string status)
    {
        if (status is null) throw new ArgumentNullException(nameof(status));
        if (status.Length < 3 || !IsDigit(status[0]) || !IsDigit(status[1]) || !IsDigit(status[2]) || (status.Length > 3 && status[3] != ' '))
        {
            throw new ArgumentException($"Status '{Printable(status)}' must be three digits, optionally followed by a space and a reason phrase, such as \"200 OK\".", nameof(status));
        }

        var code = ((status[0] - '0') * 100) + ((status[1] - '0') * 10) + (status[2] - '0');
        if (code < 200)
        {
            throw new ArgumentException($"Status {code} is informational; a handler's final status must be 200 or above (interim responses are the host's or an extension's).", nameof(status));
        }

        var bad = IndexOfForbiddenChar(status, 4);
        if (bad >= 0)
        {
            throw new ArgumentException($"Status '{Printable(status)}' has a forbidden char {Describe(status[bad])} at index {bad}; reason phrases are ISO-8859-1 text without control chars.", nameof(status));
        }

        return code;
    }

    /// <summary>
    /// Validates response headers and returns the Content-Length they declare, if any.
    /// </summary>
    /// <param name="headers">The handler's headers.</param>
    /// <returns>The declared Content-Length, or null.</returns>
    /// <exception cref="ArgumentException">A name is not a token, a value has a forbidden char, a header is hop-by-hop, or Content-Length is invalid or repeated.</exception>
    public static long? ValidateHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (headers is null) throw new ArgumentNullException(nameof(headers));
        long? contentLength = null;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = (headers[i].Key, headers[i].Value);
            if (string.IsNullOrEmpty(name) || !IsToken(name))
            {
                throw new ArgumentException($"Response header name '{Printable(name ?? string.Empty)}' (header {i}) is not an RFC 9110 token.", nameof(headers));
            }

            if (value is null)
            {
                throw new ArgumentException($"Response header '{name}' has a null value.", nameof(headers));
            }

            var bad = IndexOfForbiddenChar(value, 0);
            if (bad >= 0)
            {
                throw new ArgumentException($"Response header '{name}' has a forbidden char {Describe(value[bad])} at index {bad}; values are ISO-8859-1 text without CR, LF, NUL or other control chars (no header injection).", nameof(headers));
            }

            if (IsHopByHop(name))
            {
                throw new ArgumentException($"Response header '{name}' is hop-by-hop; framing and connection management are the host's job.", nameof(headers));
            }

            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (contentLength is not null)
                {
                    throw new ArgumentException("Response header 'Content-Length' is given more than once.", nameof(headers));
                }

                if (value.Length == 0 || value.Length > 18 || !AllDigits(value))
                {
                    throw new ArgumentException($"Response header 'Content-Length' value '{value}' is not a non-negative decimal integer.", nameof(headers));
                }

                contentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return contentLength;
    }

    /// <summary>True for headers that only describe one connection and so belong to the host.</summary>
    /// <param name="name">A header name.</param>
    /// <returns>Whether the header is hop-by-hop.</returns>
    public static bool IsHopByHop(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        return name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Connection", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Keep-Alive", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Upgrade", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Trailer", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The characters of an RFC 9110 token (tchar): header names and methods are made of them.</summary>
    public const string TokenCharacters = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>True when every char is an RFC 9110 tchar.</summary>
    /// <param name="text">The candidate token.</param>
    /// <returns>Whether it is a non-empty token.</returns>
    public static bool IsToken(string text)
    {
        if (text is null) throw new ArgumentNullException(nameof(text));
        foreach (var c in text)
        {
            if (!IsTokenChar(c)) return false;
        }

        return text.Length > 0;
    }

    // A table rather than a chain of comparisons: every header name of every response is checked char by char.
    private static bool IsTokenChar(char c) => c < TokenChars.Length && TokenChars[c];

    private static bool[] BuildTokenChars()
    {
        var table = new bool[128];
        foreach (var c in TokenCharacters)
        {
            table[c] = true;
        }

        return table;
    }

    // Field values are VCHAR, obs-text, SP and HTAB (RFC 9110 5.5); anything above 0xFF is not an octet.
    private static int IndexOfForbiddenChar(string text, int start)
    {
        if (start >= text.Length) return -1;
#if NET
        // Printable ASCII, the usual case, is checked a vector at a time; from the first other char on, char by char.
        var printable = text.AsSpan(start).IndexOfAnyExceptInRange(' ', '~');
        if (printable < 0) return -1;
        start += printable;
#endif
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0xFF || c == 0x7F || (c < 0x20 && c != '\t')) return i;
        }

        return -1;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (!IsDigit(c)) return false;
        }

        return true;
    }

    private static string Describe(char c) => string.Format(CultureInfo.InvariantCulture, "U+{0:X4}", (int)c);

    private static string Printable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < 0x20 || chars[i] == 0x7F) chars[i] = '?';
        }

        return new string(chars);
    }
}
