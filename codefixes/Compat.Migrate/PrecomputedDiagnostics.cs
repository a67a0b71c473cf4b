using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Compat.Migrate;

/// <summary>Hands a Fix All provider the diagnostics the migrator already computed, by document.</summary>
internal sealed class PrecomputedDiagnostics(IReadOnlyDictionary<DocumentId, ImmutableArray<Diagnostic>> byDocument) : FixAllContext.DiagnosticProvider
{
    public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
        Task.FromResult<IEnumerable<Diagnostic>>(byDocument.TryGetValue(document.Id, out var diagnostics) ? diagnostics : ImmutableArray<Diagnostic>.Empty);

    public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult(Enumerable.Empty<Diagnostic>());

    public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
        Task.FromResult(byDocument.Where(pair => pair.Key.ProjectId == project.Id).SelectMany(pair => pair.Value));
}
