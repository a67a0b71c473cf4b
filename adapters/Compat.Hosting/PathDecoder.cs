using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Compat.Hosting;

/// <summary>Turns a request target's raw path bytes into the percent-decoded UTF-8 text of PATH_INFO.</summary>
public static class PathDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Percent-decodes and then decodes UTF-8 strictly. Fails (the host answers 400) on a malformed escape,
    /// invalid UTF-8, or a decoded NUL, which no file system or router handles safely.
    /// </summary>
    /// <param name="raw">The path bytes as received.</param>
    /// <param name="path">The decoded path.</param>
    /// <returns>True when the path is valid.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> raw, [NotNullWhen(true)] out string? path)
    {
        path = null;
        var decoded = raw.IndexOf((byte)'%') < 0 ? raw : PercentDecode(raw);
        if (decoded.IsEmpty && !raw.IsEmpty)
        {
            return false;
        }

        if (decoded.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        try
        {
            path = StrictUtf8.GetString(decoded);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // Returns an empty span for a malformed escape; a non-empty input always decodes to at least one byte.
    private static ReadOnlySpan<byte> PercentDecode(ReadOnlySpan<byte> raw)
    {
        var output = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                output[length++] = raw[i];
                continue;
            }

            if (i + 2 >= raw.Length || HexValue(raw[i + 1]) is not int high || HexValue(raw[i + 2]) is not int low)
            {
                return [];
            }

            output[length++] = (byte)((high << 4) | low);
            i += 2;
        }

        return output.AsSpan(0, length);
    }

    private static int? HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => null,
    };
}
