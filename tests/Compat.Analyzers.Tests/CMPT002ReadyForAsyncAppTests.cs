using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT002ReadyForAsyncAppAnalyzer>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT002ReadyForAsyncAppTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Reports_ASyncAppThatReturnsItsWholeBody()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|#0:Hello|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """,
            Verify.Diagnostic("CMPT002").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Hello", string.Empty));
    }

    [Fact]
    public Task Reports_WhenWriteIsObtainedButNeverUsed()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|#0:Hello|}(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    return [new byte[] { 1 }];
                }
            }
            """,
            Verify.Diagnostic("CMPT002").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Hello", string.Empty));
    }

    [Fact]
    public Task DoesNotReport_AHandlerThatStillWrites_EvenFromALambda()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Direct(Environ environ, StartResponse start)
                {
                    start("200 OK", [])(new byte[] { 1 });
                    return [];
                }

                public static IEnumerable<byte[]> Indirect(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Action flush = () => write(new byte[] { 1 });
                    flush();
                    return [];
                }
            }
            """);
    }

    [Fact]
    public Task DoesNotReport_MethodsOfAnotherShape()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> NotAHandler(Environ environ) => [];

                public static IEnumerable<string> Strings(Environ environ, StartResponse start) => [];
            }
            """);
    }
}
