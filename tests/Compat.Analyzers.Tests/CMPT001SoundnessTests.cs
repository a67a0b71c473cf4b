using System.Threading.Tasks;
using Xunit;
using Analyze = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT001WriteCallAnalyzer>;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT001WriteCallAnalyzer, Compat.CodeFixes.CMPT001WriteCallCodeFix>;

namespace Compat.Analyzers.Tests;

/// <summary>
/// Handlers found by outside testing where CMPT001 crashed, offered a fix that did not compile, or offered one that
/// compiled and sent other bytes; and handlers it could obviously fix but did not. Each is now fixed correctly or
/// declined with its real reason. The fix tests compile the rewritten code: a fix that does not compile fails them.
/// </summary>
public sealed class CMPT001SoundnessTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Compat.Gateway;

        """;

    private static string Suffix(string reason) => $" (no automatic fix: {reason})";

    [Fact]
    public Task WriteCalledAndPassedFromAnExpressionBodiedLocalFunction_IsReportedWithoutCrashing()
    {
        // The helper-call planning cast the call's parent to a statement; an arrow body has none (AD0001).
        return Analyze.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|#0:write(new byte[] { 1 })|};
                    void Line(string s) => Row({|#1:write|}, s);
                    Line("a");
                    return [];
                }

                private static void Row(Write w, string s) { {|#2:w(new byte[] { (byte)s[0] })|}; }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix("write is used from a lambda or local function, where yield cannot go")),
            Analyze.Diagnostic("CMPT001").WithLocation(1).WithArguments("captured by a lambda or local function", " (no automatic fix: write is used inside a lambda, local function or accessor; only a handler method is rewritten)"),
            Analyze.Diagnostic("CMPT001").WithLocation(2).WithArguments("called", Suffix("'Row' is called outside a method's own body (in a lambda, local function or initializer)")));
    }

    [Fact]
    public Task WriteWithoutItsArgument_MidTyping_GetsNoFixAndNoCrash()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:{|CS7036:write|}|}();
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:{|CS7036:write|}|}();
                    return [];
                }
            }
            """);
    }

    [Fact]
    public Task LabelledWrites_KeepTheirLabels()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    var i = 0;
                    if (environ.QueryString.Length == 0) goto done;
                again: {|CMPT001:write(new byte[] { (byte)i })|};
                    if (++i < 3) goto again;
                done: {|CMPT001:write(new byte[] { 9 })|};
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    var i = 0;
                    if (environ.QueryString.Length == 0) goto done;
                    again: yield return new byte[] { (byte)i };
                    if (++i < 3) goto again;
                    done: yield return new byte[] { 9 };
                }
            }
            """);
    }

    [Fact]
    public Task ADeconstructingForeachWithoutBraces_IsRewritten()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    foreach (var (k, v) in new[] { ("a", "1"), ("b", "2") })
                        {|CMPT001:write(new byte[] { (byte)k[0], (byte)v[0] })|};
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var (k, v) in new[] { ("a", "1"), ("b", "2") })
                        yield return new byte[] { (byte)k[0], (byte)v[0] };
                }
            }
            """);
    }

    [Theory]
    [InlineData("dynamic", "write is converted to 'dynamic', which the fix does not follow")]
    [InlineData("object", "write is converted to 'object', which the fix does not follow")]
    public Task WriteStoredInAnotherType_GetsNoFix(string type, string reason)
    {
        return Analyze.VerifyAsync(Usings + $$"""
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {{type}} d = {|#0:write|};
                    return [];
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("converted to another delegate", Suffix(reason)));
    }

    [Fact]
    public Task AnUnsafeHandler_GetsNoFix()
    {
        return Analyze.VerifyAsync(Usings + """
            static class Handlers
            {
                public static unsafe IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    byte* scratch = stackalloc byte[4];
                    scratch[0] = 1;
                    {|#0:write(new byte[] { scratch[0] })|};
                    return [];
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix("the method is unsafe, and an iterator's body is a safe context (no pointers or unsafe blocks)")));
    }

    [Theory]
    [InlineData("#if TRACE_BODY\n        write(new byte[] { 9 });\n#endif")]
    [InlineData("#if DEBUG\n        var extra = 1;\n#else\n        var extra = 2;\n#endif")]
    [InlineData("#region body\n        var extra = 1;\n#endregion")]
    [InlineData("#pragma warning disable CS0219\n        var extra = 1;\n#pragma warning restore CS0219")]
    public Task AHandlerWithPreprocessorDirectives_GetsNoFix(string directives)
    {
        // compat migrate rewrote such handlers from their active code: the #if's other branch went, or an #endif on
        // the dropped return went with it and left the #if open.
        return Analyze.VerifyAsync(Usings + $$"""
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|#0:write(new byte[] { 1 })|};
            {{directives}}
                    return [];
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix(Compat.Analyzers.Migration.IteratorRewriteMethod.PreprocessorDirectives)));
    }

    [Fact]
    public Task AHandlerInsideARegionOrAnIf_IsStillFixed_AndTheDirectivesStayAroundIt()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                #region Handlers
            #if !LEGACY_OFF
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 1 })|};
                    return [];
                }
            #endif
                #endregion
            }
            """, Usings + """
            static class Handlers
            {
                #region Handlers
            #if !LEGACY_OFF
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            #endif
                #endregion
            }
            """);
    }

    [Fact]
    public Task ReturnsWithNoTypeOfTheirOwn_AreYieldedThroughTheirElementsOrACast()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 0 })|};
                    var parts = new List<byte[]> { new byte[] { 1 } };
                    var c = environ.QueryString.Length;
                    if (c == 1) return [new byte[] { 2 }, .. parts];
                    if (c == 2) return c > 1 ? [parts[0]] : [];
                    if (c == 3) return c switch { 3 => parts, _ => [] };
                    return Enumerable.Empty<byte[]>();
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 0 };
                    var parts = new List<byte[]> { new byte[] { 1 } };
                    var c = environ.QueryString.Length;
                    if (c == 1)
                    {
                        yield return new byte[] { 2 };
                        foreach (var chunk in parts)
                            yield return chunk;
                        yield break;
                    }
                    if (c == 2)
                    {
                        foreach (var chunk in (IEnumerable<byte[]>)(c > 1 ? [parts[0]] : []))
                            yield return chunk;
                        yield break;
                    }
                    if (c == 3)
                    {
                        foreach (var chunk in c switch { 3 => parts, _ => [] })
                            yield return chunk;
                        yield break;
                    }
                }
            }
            """);
    }

    [Theory]
    [InlineData("null!")]
    [InlineData("default!")]
    public Task AReturnOfNull_GetsNoFix(string value)
    {
        return Analyze.VerifyAsync(Usings + $$"""
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|#0:write(new byte[] { 0 })|};
                    return {{value}};
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix("a return of null or default, which the host treats as an error; return [] (or fix the handler) first")));
    }

    [Fact]
    public Task AWriteInsideAForeachOverASpan_GetsNoFix()
    {
        // The span's enumerator would live across the yield: CS4007, which the compiler reports only at emit.
        return Analyze.VerifyAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    foreach (var c in "abc"u8)
                        {|#0:write([c])|};
                    return [];
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix("a foreach over a Span or another ref struct would contain a yield, and its enumerator cannot be kept across one (CS4007); rewrite by hand")));
    }

    [Fact]
    public Task AHelpersParamrefToTheRemovedParameter_BecomesCode()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row({|CMPT001:write|}, 1);
                    return [];
                }

                /// <summary>Writes <paramref name="n"/> to <paramref name="sink"/>.</summary>
                /// <param name="sink">Where it goes.</param>
                /// <param name="n">The byte.</param>
                private static void Row(Write sink, byte n)
                {
                    {|CMPT001:sink(new[] { n })|};
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var chunk in Row(1))
                        yield return chunk;
                }

                /// <summary>Writes <paramref name="n"/> to <c>sink</c>.</summary>
                /// <param name="n">The byte.</param>
                private static IEnumerable<byte[]> Row(byte n)
                {
                    yield return new[] { n };
                }
            }
            """);
    }

    [Theory]
    [InlineData("Write audit = d => log.Add(d.Length);", "audit")]
    [InlineData("Write audit = log2.Add;", "audit")]
    public Task AWriteThatIsNotTheResponses_GetsNoFix(string declaration, string name)
    {
        // Taking every local of type Write for the response's turned the audit's calls into yields: other bytes.
        return Analyze.VerifyAsync(Usings + $$"""
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var log = new List<int>();
                    var log2 = new List<byte[]>();
                    {{declaration}}
                    {|#0:audit(new byte[] { 1 })|};
                    var write = start("200 OK", []);
                    {|#1:write(new byte[] { 2 })|};
                    return [];
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix($"'{name}' is a Write that does not come from startResponse; the fix follows only the write startResponse returned")),
            Analyze.Diagnostic("CMPT001").WithLocation(1).WithArguments("called", Suffix($"'{name}' is a Write that does not come from startResponse; the fix follows only the write startResponse returned")));
    }

    [Theory]
    [InlineData("try { {|#0:write(new byte[] { 1 })|}; tail.Add(new byte[] { 2 }); return tail; } finally { tail.Add(new byte[] { 3 }); }")]
    [InlineData("using var scope = new Scope(tail); {|#0:write(new byte[] { 1 })|}; return tail;")]
    [InlineData("foreach (var x in Lazy(tail)) { {|#0:write(new byte[] { 1 })|}; return tail; } return [];")]
    public Task AReturnedBodyReadAfterCleanupRuns_GetsNoFix(string body)
    {
        // The host enumerates a returned body after the handler's finally or Dispose ran; an iterator, before.
        return Analyze.VerifyAsync(Usings + $$"""
            sealed class Scope(List<byte[]> tail) : IDisposable { public void Dispose() => tail.Add(new byte[] { 3 }); }

            static class Handlers
            {
                static IEnumerable<int> Lazy(List<byte[]> tail) { try { yield return 1; } finally { tail.Add(new byte[] { 3 }); } }

                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    var tail = new List<byte[]>();
                    {{body}}
                }
            }
            """,
            Analyze.Diagnostic("CMPT001").WithLocation(0).WithArguments("called", Suffix("a non-empty return inside a try with finally, a using, or a foreach over a disposable enumerator: the host reads a returned body after that cleanup ran, an iterator reads it before; rewrite by hand")));
    }

    [Fact]
    public Task AReturnOfFreshArraysInsideAUsing_IsStillFixed()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    using var stream = new System.IO.MemoryStream(new byte[] { 7 });
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 1 })|};
                    return [stream.ToArray()];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    using var stream = new System.IO.MemoryStream(new byte[] { 7 });
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                    yield return stream.ToArray();
                }
            }
            """);
    }

    [Fact]
    public Task AWriteDeclaredThenAssignedInEachBranch_AndRestartedWithExcInfo_IsRewritten()
    {
        return Verify.VerifyFixAsync(Usings + """
            using System.Runtime.ExceptionServices;

            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    Write write;
                    switch (environ.QueryString.Length)
                    {
                        case 0:
                            write = start("200 OK", []);
                            break;
                        default:
                            write = start("404 Not Found", []);
                            break;
                    }

                    try
                    {
                        int.Parse(environ.QueryString);
                    }
                    catch (FormatException e)
                    {
                        write = start("400 Bad Request", [], ExceptionDispatchInfo.Capture(e));
                    }

                    {|CMPT001:write(new byte[] { 1 })|};
                    return [];
                }
            }
            """, Usings + """
            using System.Runtime.ExceptionServices;

            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    switch (environ.QueryString.Length)
                    {
                        case 0:
                            start("200 OK", []);
                            break;
                        default:
                            start("404 Not Found", []);
                            break;
                    }

                    try
                    {
                        int.Parse(environ.QueryString);
                    }
                    catch (FormatException e)
                    {
                        start("400 Bad Request", [], ExceptionDispatchInfo.Capture(e));
                    }

                    yield return new byte[] { 1 };
                }
            }
            """);
    }

    [Fact]
    public Task InvokeConditionalInvokeAndSuppressedCalls_AreRewritten_InAHandlerThatStartsWithALocalFunction()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    static byte[] B(byte b) => new[] { b };
                    var write = start("200 OK", []);
                    {|CMPT001:write.Invoke(B(1))|};
                    write?{|CMPT001:.Invoke(B(2))|};
                    {|CMPT001:write!(B(3))|};
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    static byte[] B(byte b) => new[] { b };
                    start("200 OK", []);
                    yield return B(1);
                    yield return B(2);
                    yield return B(3);
                }
            }
            """);
    }

    [Fact]
    public Task ExpressionBodiedHelpers_AreRewrittenWithTheirCallers()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row({|CMPT001:write|}, 1);
                    return [];
                }

                private static void Row(Write w, byte n) => Cell({|CMPT001:w|}, n);

                private static void Cell(Write sink, byte n) => {|CMPT001:sink(new[] { n, n })|};
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var chunk in Row(1))
                        yield return chunk;
                }

                private static IEnumerable<byte[]> Row(byte n)
                {
                    foreach (var chunk in Cell(n))
                        yield return chunk;
                }

                private static IEnumerable<byte[]> Cell(byte n)
                {
                    yield return new[] { n, n };
                }
            }
            """);
    }
}
