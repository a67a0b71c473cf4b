using System;
using System.Buffers;
using System.Text;
using Compat.Gateway;

namespace Compat.Server.Http;

/// <summary>The character classes of RFC 9110 the parser needs, as vectorizable searches.</summary>
internal static class HttpChars
{
    private static readonly SearchValues<byte> TokenChars = SearchValues.Create(Encoding.ASCII.GetBytes(ResponseValidator.TokenCharacters));

    private static readonly SearchValues<byte> FieldValueChars = SearchValues.Create(BuildFieldValueChars());

    /// <summary>A non-empty run of tchar.</summary>
    public static bool IsToken(ReadOnlySpan<byte> text) => !text.IsEmpty && text.IndexOfAnyExcept(TokenChars) < 0;

    /// <summary>The first byte that is not HTAB, SP, VCHAR or obs-text; -1 when all are valid.</summary>
    public static int IndexOfInvalidFieldValueByte(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(FieldValueChars);

    private static byte[] BuildFieldValueChars()
    {
        var chars = new byte[1 + (0x7E - 0x20 + 1) + (0xFF - 0x80 + 1)];
        var count = 0;
        chars[count++] = (byte)'\t';
        for (var b = 0x20; b <= 0x7E; b++) chars[count++] = (byte)b;
        for (var b = 0x80; b <= 0xFF; b++) chars[count++] = (byte)b;
        return chars;
    }
}
