using System.Collections.Generic;
using System.Linq;

namespace Compat.Migrate.Verify;

/// <summary>What <c>compat verify</c> found, per handler.</summary>
/// <param name="Before">The old build.</param>
/// <param name="After">The new build.</param>
/// <param name="Requests">The recording directory.</param>
/// <param name="Handlers">Every handler the recording exercised, in name order.</param>
/// <param name="Unexercised">Handlers of either build that no recorded request reached.</param>
/// <param name="IgnoredHeaders">Headers left out of the comparison besides Date.</param>
internal sealed record VerificationReport(
    string Before,
    string After,
    string Requests,
    IReadOnlyList<HandlerVerification> Handlers,
    IReadOnlyList<string> Unexercised,
    IReadOnlyList<string> IgnoredHeaders)
{
    /// <summary>Whether any request was answered differently.</summary>
    public bool HasDifferences => Handlers.Any(h => h.Different.Count > 0);
}
