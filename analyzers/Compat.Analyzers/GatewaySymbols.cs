using Microsoft.CodeAnalysis;

namespace Compat.Analyzers;

/// <summary>
/// The Compat.Gateway types, resolved once per compilation. When the compilation does not reference
/// Compat.Gateway, <see cref="TryCreate"/> fails and the analyzers register nothing.
/// </summary>
internal sealed class GatewaySymbols
{
    private GatewaySymbols(INamedTypeSymbol write, INamedTypeSymbol startResponse, INamedTypeSymbol asyncStartResponse, INamedTypeSymbol environ, Compilation compilation)
    {
        Write = write;
        StartResponse = startResponse;
        AsyncStartResponse = asyncStartResponse;
        Environ = environ;
        ByteArray = compilation.CreateArrayTypeSymbol(compilation.GetSpecialType(SpecialType.System_Byte));
        EnumerableOfByteArray = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T).Construct(ByteArray);
        var memory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        var asyncEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        AsyncEnumerableOfMemory = memory is null || asyncEnumerable is null
            ? null
            : asyncEnumerable.Construct(memory.Construct(compilation.GetSpecialType(SpecialType.System_Byte)));
    }

    public INamedTypeSymbol Write { get; }

    public INamedTypeSymbol StartResponse { get; }

    public INamedTypeSymbol AsyncStartResponse { get; }

    public INamedTypeSymbol Environ { get; }

    public IArrayTypeSymbol ByteArray { get; }

    public INamedTypeSymbol EnumerableOfByteArray { get; }

    public INamedTypeSymbol? AsyncEnumerableOfMemory { get; }

    /// <summary>Whether a type is Compat.Gateway.Write.</summary>
    public bool IsWrite(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, Write);

    public static bool TryCreate(Compilation compilation, out GatewaySymbols symbols)
    {
        var write = compilation.GetTypeByMetadataName("Compat.Gateway.Write");
        var start = compilation.GetTypeByMetadataName("Compat.Gateway.StartResponse");
        var asyncStart = compilation.GetTypeByMetadataName("Compat.Gateway.AsyncStartResponse");
        var environ = compilation.GetTypeByMetadataName("Compat.Gateway.Environ");
        if (write is null || start is null || asyncStart is null || environ is null)
        {
            symbols = null!;
            return false;
        }

        symbols = new GatewaySymbols(write, start, asyncStart, environ, compilation);
        return true;
    }

    /// <summary>(Environ, StartResponse) returning IEnumerable&lt;byte[]&gt;: the SyncApp shape.</summary>
    public bool IsSyncAppShaped(IMethodSymbol method) =>
        method.Parameters.Length == 2
        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, Environ)
        && SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, StartResponse)
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, EnumerableOfByteArray);

    /// <summary>(Environ, AsyncStartResponse) returning IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;: the AsyncApp shape.</summary>
    public bool IsAsyncAppShaped(IMethodSymbol method) =>
        method.Parameters.Length == 2
        && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, Environ)
        && SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, AsyncStartResponse)
        && SymbolEqualityComparer.Default.Equals(method.ReturnType, AsyncEnumerableOfMemory);
}
