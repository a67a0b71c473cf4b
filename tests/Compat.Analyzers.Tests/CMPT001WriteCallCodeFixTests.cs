using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT001WriteCallAnalyzer, Compat.CodeFixes.CMPT001WriteCallCodeFix>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT001WriteCallCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Fix_TurnsWritesIntoYieldReturns_AndYieldsTheReturnedIterableAfter()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 1 })|};
                    {|CMPT001:write(new byte[] { 2 })|};
                    return [new byte[] { 3 }];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                    yield return new byte[] { 2 };
                    yield return new byte[] { 3 };
                }
            }
            """);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public Task Fix_EndsTheLinesItAdds_AsTheFileEndsItsLines(string newLine)
    {
        // A return of two items becomes two lines and a yield break: each ends as the file's lines do, whatever the
        // machine's newline (a CRLF file fixed on Linux had LF alone on those lines).
        return Verify.VerifyFixAsync((Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    if (environ.QueryString.Length > 0)
                    {
                        {|CMPT001:write(new byte[] { 1 })|};
                        return [new byte[] { 2 }, new byte[] { 3 }];
                    }

                    return [];
                }
            }
            """).ReplaceLineEndings(newLine), (Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    if (environ.QueryString.Length > 0)
                    {
                        yield return new byte[] { 1 };
                        yield return new byte[] { 2 };
                        yield return new byte[] { 3 };
                        yield break;
                    }
                }
            }
            """).ReplaceLineEndings(newLine));
    }

    [Fact]
    public Task Fix_HandlesLoopsBranchesEarlyReturnsAndAnAlias()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                static IEnumerable<byte[]> Rest() => [];

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    var send = write;
                    foreach (var item in new[] { "a", "b" })
                    {
                        {|CMPT001:send(new byte[] { (byte)item[0] })|};
                    }

                    if (environ.QueryString.Length == 0)
                        return [new byte[] { 0 }];

                    return Rest();
                }
            }
            """, Usings + """
            static class Handlers
            {
                static IEnumerable<byte[]> Rest() => [];

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var item in new[] { "a", "b" })
                    {
                        yield return new byte[] { (byte)item[0] };
                    }

                    if (environ.QueryString.Length == 0)
                    {
                        yield return new byte[] { 0 };
                        yield break;
                    }

                    foreach (var chunk in Rest())
                        yield return chunk;
                }
            }
            """);
    }

    [Fact]
    public Task NoFix_WhenWriteIsCalledInsideATryWithCatch()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    try
                    {
                        {|CMPT001:write(new byte[] { 1 })|};
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_WhenWriteIsCalledOrAnIterableReturnedInsideALock()
    {
        var source = Usings + """
            static class Handlers
            {
                private static readonly object Gate = new();

                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    lock (Gate)
                    {
                        {|CMPT001:write(new byte[] { 1 })|};
                    }

                    return [];
                }

                public static IEnumerable<byte[]> Snapshot(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 1 })|};
                    lock (Gate)
                    {
                        return [new byte[] { 2 }];
                    }
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_WhenWriteIsCapturedByALambda()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Action send = () => {|CMPT001:write(new byte[] { 1 })|};
                    send();
                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task FixAll_RewritesEachHandlerOnce_HoweverManyWritesItHas()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> One(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(new byte[] { 1 })|};
                    {|CMPT001:write(new byte[] { 2 })|};
                    return [];
                }

                public static IEnumerable<byte[]> Two(Environ environ, StartResponse start)
                {
                    {|CMPT001:start("200 OK", [])(new byte[] { 3 })|};
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> One(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                    yield return new byte[] { 2 };
                }

                public static IEnumerable<byte[]> Two(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return new byte[] { 3 };
                }
            }
            """);
    }
}

public sealed class CMPT001WriteCallCodeFixShapeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Fix_RewritesInsideSwitchUsingAndTryFinally()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    switch (environ.QueryString)
                    {
                        case "a":
                            {|CMPT001:write(new byte[] { 1 })|};
                            break;
                        default:
                            return [new byte[] { 2 }];
                    }

                    using (var stream = new MemoryStream())
                    {
                        {|CMPT001:write(stream.ToArray())|};
                    }

                    try
                    {
                        {|CMPT001:write(new byte[] { 3 })|};
                    }
                    finally
                    {
                        environ.Errors.WriteLine("done");
                    }

                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    switch (environ.QueryString)
                    {
                        case "a":
                            yield return new byte[] { 1 };
                            break;
                        default:
                            yield return new byte[] { 2 };
                            yield break;
                    }

                    using (var stream = new MemoryStream())
                    {
                        yield return stream.ToArray();
                    }

                    try
                    {
                        yield return new byte[] { 3 };
                    }
                    finally
                    {
                        environ.Errors.WriteLine("done");
                    }
                }
            }
            """);
    }

    [Fact]
    public Task NoFix_WhenWriteIsCalledFromALocalFunction()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    void Send(byte[] data) => {|CMPT001:write(data)|};
                    Send(new byte[] { 1 });
                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_ForAHelperThatTakesWrite()
    {
        var source = Usings + """
            static class Handlers
            {
                static void Helper(Write write) => {|CMPT001:write(new byte[] { 1 })|};
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_WhenTheReturnTypeIsFixedByAnInterface()
    {
        var source = Usings + """
            interface IHandler { IEnumerable<byte[]> Handle(Environ environ, StartResponse start); }

            class Handler : IHandler
            {
                public IEnumerable<byte[]> Handle(Environ environ, StartResponse start)
                {
                    {|CMPT001:start("200 OK", [])(new byte[] { 1 })|};
                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_ForAnExpressionBodiedHandler()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start) => Send({|CMPT001:start("200 OK", [])|});

                static IEnumerable<byte[]> Send(Write write)
                {
                    {|CMPT001:write(new byte[] { 1 })|};
                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp12)]
    [InlineData(LanguageVersion.Preview)]
    public Task NoFix_WhenASpanLocalWouldLiveAcrossAYield(LanguageVersion version)
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Span<byte> buffer = stackalloc byte[4];
                    buffer.Fill(1);
                    {|CMPT001:write(buffer.ToArray())|};
                    return [];
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source, version);
    }

    [Fact]
    public Task Fix_KeepsASpanLocalThatIsDeadBeforeEveryYield()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    byte[] copy;
                    {
                        Span<byte> buffer = stackalloc byte[4];
                        buffer.Fill(1);
                        copy = buffer.ToArray();
                    }

                    {|CMPT001:write(copy)|};
                    return [];
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Hello(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    byte[] copy;
                    {
                        Span<byte> buffer = stackalloc byte[4];
                        buffer.Fill(1);
                        copy = buffer.ToArray();
                    }

                    yield return copy;
                }
            }
            """);
    }
}
