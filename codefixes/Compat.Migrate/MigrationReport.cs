using System.Collections.Generic;

namespace Compat.Migrate;

/// <summary>What a migration changed and what it left.</summary>
/// <param name="ChangedFiles">Each changed file, with its text before and after.</param>
/// <param name="Migrated">The handlers the fix rewrote, and the helpers rewritten with them.</param>
/// <param name="Skipped">The handlers it left, with the reason.</param>
/// <param name="NewErrors">Compiler errors the changes would introduce; when any, nothing may be written.</param>
internal sealed record MigrationReport(
    IReadOnlyList<ChangedFile> ChangedFiles,
    IReadOnlyList<HandlerLocation> Migrated,
    IReadOnlyList<SkippedHandler> Skipped,
    IReadOnlyList<string> NewErrors);

/// <summary>One file the fix changed.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Before">The text it has.</param>
/// <param name="After">The text it would have.</param>
internal sealed record ChangedFile(string Path, Microsoft.CodeAnalysis.Text.SourceText Before, Microsoft.CodeAnalysis.Text.SourceText After);

/// <summary>A handler (or other member) where the rule's diagnostics were found.</summary>
/// <param name="Path">Its file.</param>
/// <param name="Line">1-based line of its first diagnostic.</param>
/// <param name="Column">1-based column of its first diagnostic.</param>
/// <param name="Name">The member's name.</param>
/// <param name="IsHelper">True for a method that takes write from a handler rather than a handler itself.</param>
/// <param name="FullName">
/// <c>Namespace.Type.Member</c> as reflection spells it (a nested type after <c>+</c>): the name recordings and
/// <c>compat verify</c> know the handler by. Empty for a member without a symbol.
/// </param>
internal sealed record HandlerLocation(string Path, int Line, int Column, string Name, bool IsHelper = false, string FullName = "")
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}({Line},{Column}): {Name}{(IsHelper ? " (helper)" : string.Empty)}";
}

/// <summary>A handler the fix left alone, and why.</summary>
/// <param name="Location">Where.</param>
/// <param name="Reason">Why no fix applied.</param>
internal sealed record SkippedHandler(HandlerLocation Location, string Reason);
