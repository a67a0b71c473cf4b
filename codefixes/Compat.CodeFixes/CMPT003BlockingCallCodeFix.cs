using System.Collections.Immutable;
using System.Composition;
using Compat.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compat.CodeFixes;

/// <summary>CMPT003's fix: a known blocking call in an AsyncApp handler is awaited instead (see <see cref="AwaitInsteadOfBlockingCodeFix"/>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CMPT003BlockingCallCodeFix)), Shared]
public sealed class CMPT003BlockingCallCodeFix : AwaitInsteadOfBlockingCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingCall);

    /// <inheritdoc />
    protected override string EquivalenceKey => "CMPT003.Await";
}
