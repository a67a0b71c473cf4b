using System.Threading.Tasks;
using Xunit;
using Analyze = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT002ReadyForAsyncAppAnalyzer>;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT002ReadyForAsyncAppAnalyzer, Compat.CodeFixes.CMPT002ReadyForAsyncAppCodeFix>;

namespace Compat.Analyzers.Tests;

/// <summary>Handlers where CMPT002's fix did not compile, found by outside testing: each is fixed or declined.</summary>
public sealed class CMPT002SoundnessTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using Compat.Gateway;

        """;

    [Fact]
    public Task ASpanLocalLiveAcrossAnInsertedAwait_GetsNoFix()
    {
        return Analyze.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|#0:Page|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    Span<byte> scratch = stackalloc byte[2];
                    scratch[0] = 1;
                    Thread.Sleep(1);
                    yield return scratch.ToArray();
                }
            }
            """,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult("CMPT002", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments(
                "Page", " (no automatic fix: 'Sleep' cannot be awaited: a Span or ref local would be in scope across an await, where an async method cannot keep it; rewrite by hand)"));
    }

    [Fact]
    public Task ALocalFunctionsParameterNamedLikeStartResponse_IsLeftAlone()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:Page|}(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    yield return new[] { (byte)Twice(x => x * 2) };
                    static int Twice(Func<int, int> start)
                    {
                        var x = start(1);
                        return x;
                    }
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    yield return new[] { (byte)Twice(x => x * 2) };
                    static int Twice(Func<int, int> start)
                    {
                        var x = start(1);
                        return x;
                    }
                }
            }
            """);
    }

    [Fact]
    public Task AStartResponseNamedThroughAnAlias_BecomesAsyncStartResponseWithItsUsing()
    {
        return Verify.VerifyFixAsync("""
            using System.Collections.Generic;
            using SR = Compat.Gateway.StartResponse;

            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:Page|}(Compat.Gateway.Environ environ, SR start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using Compat.Gateway;
            using SR = Compat.Gateway.StartResponse;

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Compat.Gateway.Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """);
    }

    [Fact]
    public Task FixAll_RewritesEveryHandlerOfADocument_ThoughEachAddsTheSameUsing()
    {
        // A merging batch fixer saw each rewrite add `using System;` at the same place and dropped all but one.
        return Verify.VerifyFixAsync("""
            using System.Collections.Generic;
            using Compat.Gateway;

            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:One|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }

                public static IEnumerable<byte[]> {|CMPT002:Two|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    return [new byte[] { 2 }];
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using Compat.Gateway;

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> One(Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Two(Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 2 };
                }
            }
            """);
    }

    [Fact]
    public Task AHandlerUsedAsASyncAppInItsDocument_IsNotOffered_SinceTheRewriteWouldNotCompile()
    {
        // The analyzer judges the handler's own shape; the fix checks the rewritten document against the compiler
        // and offers nothing when the rewrite adds an error, here CS0123 on the field.
        const string Source = Usings + """
            static class Handlers
            {
                public static readonly SyncApp App = Mounted;

                public static IEnumerable<byte[]> {|CMPT002:Mounted|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """;
        return Verify.VerifyFixAsync(Source, Source);
    }
}
