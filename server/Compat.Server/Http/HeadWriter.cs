using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Text;

namespace Compat.Server.Http;

/// <summary>
/// Writes a response head (a status line and header lines) into one span of the connection's output and commits
/// it with one Advance, instead of a GetSpan and Advance per piece: a head is twenty-odd pieces.
/// </summary>
/// <remarks>
/// Chars are written as octets: the runner validated every status and header char as ISO-8859-1 without controls.
/// The caller sizes the span with <see cref="SizeOf(string, IReadOnlyList{KeyValuePair{string, string}})"/> plus
/// whatever else it writes.
/// </remarks>
internal ref struct HeadWriter
{
    /// <summary>Room for the lines the sink adds itself: Content-Length, Transfer-Encoding and Connection.</summary>
    public const int FramingLines = 96;

    private readonly PipeWriter _output;
    private readonly Span<byte> _span;
    private int _written;

    public HeadWriter(PipeWriter output, int size)
    {
        _output = output;
        _span = output.GetSpan(size);
    }

    /// <summary>The bytes a status line, these headers and the blank line after them take.</summary>
    public static int SizeOf(string status, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var size = "HTTP/1.1 ".Length + status.Length + 2 + 2;
        for (var i = 0; i < headers.Count; i++)
        {
            size += SizeOf(headers[i].Key, headers[i].Value);
        }

        return size;
    }

    /// <summary>The bytes one header line takes.</summary>
    public static int SizeOf(string name, string value) => name.Length + 2 + value.Length + 2;

    public void StatusLine(string status)
    {
        Write("HTTP/1.1 "u8);
        WriteLatin1(status);
        Write("\r\n"u8);
    }

    public void Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        // Indexed, not foreach: the list is an interface, and its enumerator would be an allocation per response.
        for (var i = 0; i < headers.Count; i++)
        {
            Header(headers[i].Key, headers[i].Value);
        }
    }

    public void Header(string name, string value)
    {
        WriteLatin1(name);
        Write(": "u8);
        WriteLatin1(value);
        Write("\r\n"u8);
    }

    public void ContentLength(long value)
    {
        Write("Content-Length: "u8);
        Utf8Formatter.TryFormat(value, _span[_written..], out var digits);
        _written += digits;
        Write("\r\n"u8);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[_written..]);
        _written += bytes.Length;
    }

    /// <summary>Ends the head with its blank line and hands the bytes to the output.</summary>
    public void Complete()
    {
        Write("\r\n"u8);
        _output.Advance(_written);
    }

    private void WriteLatin1(string text) => _written += Encoding.Latin1.GetBytes(text, _span[_written..]);
}
