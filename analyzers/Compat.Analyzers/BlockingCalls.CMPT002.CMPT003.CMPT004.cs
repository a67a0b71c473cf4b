using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Compat.Analyzers;

/// <summary>
/// The known blocking members, resolved once per compilation: waiting on tasks, sleeping, and synchronous stream,
/// reader and file I/O. Matched by symbol (an override of Stream.Read counts as Stream.Read).
/// </summary>
internal sealed class BlockingCalls
{
    private static readonly string[] StreamMembers = ["Read", "ReadByte", "ReadExactly", "ReadAtLeast", "Write", "WriteByte", "Flush", "CopyTo"];
    private static readonly string[] ReaderMembers = ["Read", "ReadBlock", "ReadLine", "ReadToEnd"];
    private static readonly string[] FileMembers = ["ReadAllText", "ReadAllBytes", "ReadAllLines", "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines"];

    private readonly ImmutableHashSet<ISymbol> _members;
    private readonly INamedTypeSymbol? _stream;
    private readonly INamedTypeSymbol? _textReader;

    public BlockingCalls(Compilation compilation)
    {
        var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        void Add(string type, params string[] names)
        {
            if (compilation.GetTypeByMetadataName(type) is not { } symbol) return;
            foreach (var name in names)
            {
                members.UnionWith(symbol.GetMembers(name));
            }
        }

        Add("System.Threading.Tasks.Task", "Wait", "WaitAll", "WaitAny");
        Add("System.Threading.Tasks.Task`1", "Result");
        Add("System.Threading.Tasks.ValueTask`1", "Result");
        Add("System.Runtime.CompilerServices.TaskAwaiter", "GetResult");
        Add("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult");
        Add("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult");
        Add("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult");
        Add("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult");
        Add("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult");
        Add("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter", "GetResult");
        Add("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter", "GetResult");
        Add("System.Threading.Thread", "Sleep");
        Add("System.IO.Stream", StreamMembers);
        Add("System.IO.TextReader", ReaderMembers);
        Add("System.IO.File", FileMembers);
        _members = members.ToImmutableHashSet(SymbolEqualityComparer.Default);
        _stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        _textReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
    }

    /// <summary>Whether the member (a method or property, possibly an override or a constructed generic) is known to block.</summary>
    public bool IsBlocking(ISymbol member)
    {
        for (var current = member; current is not null; current = Overridden(current))
        {
            if (_members.Contains(current.OriginalDefinition)) return true;
        }

        // Derived streams and readers that hide rather than override still block.
        return member is IMethodSymbol method && method.ContainingType is { } type
            && ((Inherits(type, _stream) && StreamMembers.Contains(method.Name)) || (Inherits(type, _textReader) && ReaderMembers.Contains(method.Name)));
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    private static bool Inherits(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type.BaseType; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType)) return true;
        }

        return false;
    }
}
