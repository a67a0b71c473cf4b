using System.Collections.Immutable;
using System.Composition;
using Compat.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compat.CodeFixes;

/// <summary>CMPT004's fix: a call with an ...Async counterpart in an AsyncApp handler is awaited instead (see <see cref="AwaitInsteadOfBlockingCodeFix"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CMPT004AsyncCounterpartCodeFix)), Shared]
public sealed class CMPT004AsyncCounterpartCodeFix : AwaitInsteadOfBlockingCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncCounterpart);

    /// <inheritdoc />
    protected override string EquivalenceKey => "CMPT004.Await";
}
