using System;
using System.Globalization;
using Compat.Gateway;

namespace Compat.Server.Http;

/// <summary>A minimum data rate as a handler left it in its environ (<see cref="ServerEnvironKeys"/>).</summary>
internal static class EnvironDataRate
{
    /// <summary>The rate under <paramref name="key"/>: null when the handler set null, the server's when absent or not a number.</summary>
    /// <param name="environ">The request's environ, or null between requests.</param>
    /// <param name="key">The environ key.</param>
    /// <param name="server">The server's rate.</param>
    /// <returns>The rate, in bytes a second, or null for none.</returns>
    public static double? Read(Environ? environ, string key, double? server) =>
        environ is null || !environ.TryGetValue(key, out var rate) ? server
        : rate is null ? null
        : rate is IConvertible number ? number.ToDouble(CultureInfo.InvariantCulture)
        : server;
}
