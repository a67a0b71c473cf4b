using System;
using System.Net;
using System.Net.Sockets;

namespace Compat.Hosting;

/// <summary>
/// The Host header and an absolute-form target's authority: <c>uri-host [ ":" port ]</c> (RFC 9110 7.2, RFC 3986
/// 3.2.2). A host name is restricted to what DNS names use (letters, digits, <c>-</c>, <c>.</c>, <c>_</c>,
/// <c>~</c>): the rest of RFC 3986's reg-name (sub-delims such as <c>,</c> and <c>;</c>, percent-encoding) is how a
/// merged or forged Host smuggles a second name or markup into URLs an application builds, and no browser sends it.
/// An IP literal must parse as IPv6; a port is 1 to 5 digits up to 65535. No userinfo.
/// </summary>
public static class HostSyntax
{
    /// <summary>Whether the value is a valid host with an optional port.</summary>
    /// <param name="value">The Host value or authority.</param>
    /// <param name="nameLength">The length of the host part (without the port), when valid.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> value, out int nameLength)
    {
        nameLength = 0;
        if (value.IsEmpty) return false;
        int end;
        if (value[0] == '[')
        {
            end = value.IndexOf(']') + 1;
            if (end <= 1 || !IPAddress.TryParse(value[1..(end - 1)], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else
        {
            end = value.IndexOf(':');
            if (end < 0) end = value.Length;
            if (end == 0 || value[..end].ContainsAnyExcept(NameChars)) return false;
        }

        nameLength = end;
        return end == value.Length || (value[end] == ':' && IsPort(value[(end + 1)..]));
    }

    private static bool IsPort(ReadOnlySpan<char> port) =>
        port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange('0', '9') && int.Parse(port, provider: System.Globalization.CultureInfo.InvariantCulture) <= 65535;

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~");
}
