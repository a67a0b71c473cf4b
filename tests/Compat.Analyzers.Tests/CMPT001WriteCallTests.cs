using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT001WriteCallAnalyzer>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT001WriteCallTests
{
    private const string Passed = " (no automatic fix: write is passed, stored, or used inside an expression; only write(x); statements and calls of a helper in the same type become yields)";
    private const string Field = " (no automatic fix: write is kept in a field or property the fix does not follow)";
    private const string InLambda = " (no automatic fix: write is used inside a lambda, local function or accessor; only a handler method is rewritten)";

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Reports_EachCallOfWrite()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|#0:write(new byte[] { 1 })|};
                    {|#1:write(new byte[] { 2 })|};
                    return [];
                }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", ""),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("called", ""));
    }

    [Fact]
    public Task Reports_WhenWriteIsPassedToHelper()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Helper({|#0:write|});
                    Helper({|#1:start("200 OK", [], null)|});
                    return [];
                }

                static void Helper(Write w) => {|#2:w(new byte[] { 1 })|};
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("passed to another method", Passed),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("passed to another method", Passed),
            Verify.Diagnostic("CMPT001").WithLocation(2).WithArguments("called", " (no automatic fix: 'Hello' shares write with 'Helper' and cannot be rewritten with it: write is passed, stored, or used inside an expression; only write(x); statements and calls of a helper in the same type become yields)"));
    }

    [Fact]
    public Task Reports_WhyAWriteInsideALockHasNoFix()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                private static readonly object Gate = new();

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    lock (Gate) { {|#0:write(new byte[] { 1 })|}; }
                    return [];
                }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("called",
                " (no automatic fix: write is called inside a lock, where yield return would keep the lock held between chunks (C# 13 warns, CS9237) and an async iterator could not await; rewrite by hand)"));
    }

    [Fact]
    public Task Reports_NoFix_WhenTheHelperWithoutWriteWouldClashWithAnOverload()
    {
        const string Clash = "'Row' is neither shaped like a SyncApp nor a helper the fix can rewrite: another member has its name, which the helper without write could clash with or hide";
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row("a", {|#0:write|});
                    return [];
                }

                private static void Row(string name, Write w) { {|#1:w(new byte[] { 1 })|}; }

                private static void Row(string name) { }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("passed to another method", $" (no automatic fix: 'Row' shares write with 'Page' and cannot be rewritten with it: {Clash})"),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("called", $" (no automatic fix: {Clash})"));
    }

    [Fact]
    public Task Reports_WhyAHelperAndItsCallersAreLeftAlone()
    {
        const string Guarded = "write is passed to a helper inside a try with catch, or in a catch or finally, where C# forbids yield return";
        const string Grouped = "'Grouped' is used other than as a statement call passing a handler's write";
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Fine(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row({|#0:write|});
                    return [];
                }

                public static IEnumerable<byte[]> Guarded(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    try { Row({|#1:write|}); } catch (InvalidOperationException) { }
                    return [];
                }

                private static void Row(Write w) { {|#2:w(new byte[] { 1 })|}; }

                public static IEnumerable<byte[]> Public(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Shared({|#3:write|});
                    Grouped({|#4:write|});
                    Action<Write> later = Grouped;
                    return [];
                }

                internal static void Shared(Write w) { {|#5:w(new byte[] { 2 })|}; }

                private static void Grouped(Write w) { {|#6:w(new byte[] { 3 })|}; }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("passed to another method", $" (no automatic fix: 'Guarded' shares write with 'Fine' and cannot be rewritten with it: {Guarded})"),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("passed to another method", $" (no automatic fix: {Guarded})"),
            Verify.Diagnostic("CMPT001").WithLocation(2).WithArguments("called", $" (no automatic fix: 'Guarded' shares write with 'Row' and cannot be rewritten with it: {Guarded})"),
            Verify.Diagnostic("CMPT001").WithLocation(3).WithArguments("passed to another method", " (no automatic fix: 'Shared' shares write with 'Public' and cannot be rewritten with it: 'Shared' is neither shaped like a SyncApp nor a helper the fix can rewrite: it is not private, so code outside its type may call it)"),
            Verify.Diagnostic("CMPT001").WithLocation(4).WithArguments("passed to another method", " (no automatic fix: 'Shared' shares write with 'Public' and cannot be rewritten with it: 'Shared' is neither shaped like a SyncApp nor a helper the fix can rewrite: it is not private, so code outside its type may call it)"),
            Verify.Diagnostic("CMPT001").WithLocation(5).WithArguments("called", " (no automatic fix: 'Shared' is neither shaped like a SyncApp nor a helper the fix can rewrite: it is not private, so code outside its type may call it)"),
            Verify.Diagnostic("CMPT001").WithLocation(6).WithArguments("called", $" (no automatic fix: {Grouped})"));
    }

    [Fact]
    public Task Reports_WhenWriteIsStoredOrCapturedByALambda()
    {
        return Verify.VerifyAsync(Usings + """
            class Handlers
            {
                static Write? saved;

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    saved = {|#0:write|};
                    Action later = () => {|#1:write(new byte[] { 1 })|};
                    Func<Write> get = () => {|#2:write|};
                    return [];
                }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("stored in a field or property", Field),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("called from a lambda or local function", InLambda),
            Verify.Diagnostic("CMPT001").WithLocation(2).WithArguments("captured by a lambda or local function", InLambda));
    }

    [Fact]
    public Task Reports_CallsThroughAnAliasAndAField_ButNotTheAliasItself()
    {
        return Verify.VerifyAsync(Usings + """
            class Handlers
            {
                Write? field;

                public IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    var alias = write;
                    {|#0:alias(new byte[] { 1 })|};
                    field = {|#1:alias|};
                    {|#2:field(new byte[] { 2 })|};
                    return [];
                }
            }
            """,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Field),
            Verify.Diagnostic("CMPT001").WithLocation(1).WithArguments("stored in a field or property", Field),
            Verify.Diagnostic("CMPT001").WithLocation(2).WithArguments("called", Field));
    }

    [Fact]
    public Task DoesNotReport_AHandlerThatDiscardsWrite()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """);
    }

    [Fact]
    public Task DoesNotReport_ADelegateOfTheSameShapeNamedWrite_FromAnotherNamespace()
    {
        return Verify.VerifyAsync(Usings + """
            namespace Other { public delegate void Write(byte[] data); }

            static class Handlers
            {
                public static void Run(Other.Write write) => write(new byte[] { 1 });
            }
            """);
    }

    [Fact]
    public Task RegistersNothing_WhenCompatGatewayIsNotReferenced()
    {
        return Verify.VerifyAsync("""
            namespace Compat.Gateway2 { public delegate void Write(byte[] data); }
            static class Handlers
            {
                public static void Run(Compat.Gateway2.Write write) => write(new byte[] { 1 });
            }
            """, withGateway: false);
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp12, "Span<byte> local = stackalloc byte[4];", Across)]
    [InlineData(LanguageVersion.Preview, "Span<byte> local = stackalloc byte[4];", Across)]
    [InlineData(LanguageVersion.CSharp12, "ref byte local = ref Data[0];", " (no automatic fix: an iterator cannot have ref locals before C# 13)")]
    [InlineData(LanguageVersion.Preview, "ref byte local = ref Data[0];", Across)]
    public Task TheReasonForARefOrSpanLocal_DependsOnTheLanguageVersion(LanguageVersion version, string local, string reason)
    {
        return Verify.VerifyAsync(Usings + $$"""
            static class Handlers
            {
                static readonly byte[] Data = new byte[1];

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {{local}}
                    {|#0:write(new byte[] { 1 })|};
                    return [];
                }
            }
            """,
            withGateway: true,
            version,
            Verify.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", reason));
    }

    private const string Across = " (no automatic fix: a Span or ref local would be in scope across a yield, where an iterator cannot keep it; rewrite by hand)";
}
