using System.Collections.Immutable;

namespace Compat.Analyzers;

/// <summary>
/// The Diagnostic.Properties every Compat rule uses to hand its fix decision to the code fixes and to
/// <c>compat migrate</c>: <see cref="Fix"/> names the rewrite when there is one, <see cref="NoFixReason"/> says why
/// there is none. One contract, so a tool can read any rule's decision the same way.
/// </summary>
public static class FixProperties
{
    /// <summary>The key of the rewrite the fix will make ("Iterator", "AsyncIterator", "Await", ...).</summary>
    public const string Fix = "Fix";

    /// <summary>The key of the reason no fix is offered.</summary>
    public const string NoFixReason = "NoFixReason";

    /// <summary>The properties for a decision: the fix's kind, or the reason there is none.</summary>
    /// <param name="fix">The rewrite when <paramref name="noFixReason"/> is null.</param>
    /// <param name="noFixReason">Why no fix is offered, or null.</param>
    /// <returns>The properties.</returns>
    public static ImmutableDictionary<string, string?> For(string fix, string? noFixReason) =>
        noFixReason is null
            ? ImmutableDictionary<string, string?>.Empty.Add(Fix, fix)
            : ImmutableDictionary<string, string?>.Empty.Add(NoFixReason, noFixReason);

    /// <summary>The end of a rule's message: empty when a fix is offered, " (no automatic fix: reason)" otherwise.</summary>
    /// <param name="noFixReason">Why no fix is offered, or null.</param>
    /// <returns>The suffix.</returns>
    public static string MessageSuffix(string? noFixReason) => noFixReason is null ? string.Empty : $" (no automatic fix: {noFixReason})";

    /// <summary>Whether a diagnostic carries the given fix (any fix when <paramref name="fix"/> is null).</summary>
    /// <param name="properties">The diagnostic's properties.</param>
    /// <param name="fix">The rewrite looked for, or null.</param>
    /// <returns>True when the fix is offered.</returns>
    public static bool Offers(ImmutableDictionary<string, string?> properties, string? fix = null) =>
        properties.TryGetValue(Fix, out var kind) && kind is not null && (fix is null || kind == fix);
}
