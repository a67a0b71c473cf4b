using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT002ReadyForAsyncAppAnalyzer, Compat.CodeFixes.CMPT002ReadyForAsyncAppCodeFix>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT002ReadyForAsyncAppCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Fix_AnIteratorHandler_BecomesAnAsyncIterator_WithAsyncStartResponse()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                /// <summary>Lists the items.</summary>
                public static IEnumerable<byte[]> {|CMPT002:Items|}(Environ environ, StartResponse startResponse)
                {
                    startResponse("200 OK", [new("Content-Type", "text/plain")]);
                    foreach (var item in new[] { "tea", "coffee" })
                    {
                        yield return Encoding.UTF8.GetBytes(item + "\n");
                    }
                }
            }
            """, Usings + """
            static class Handlers
            {
                /// <summary>Lists the items.</summary>
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Items(Environ environ, AsyncStartResponse startResponse)
                {
                    startResponse("200 OK", [new("Content-Type", "text/plain")]);
                    foreach (var item in new[] { "tea", "coffee" })
                    {
                        yield return Encoding.UTF8.GetBytes(item + "\n");
                    }
                }
            }
            """);
    }

    [Fact]
    public Task Fix_AReturnedBody_IsYielded_AndTheBodyReadIsAwaited()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:Echo|}(Environ environ, StartResponse start)
                {
                    using var reader = new StreamReader(environ.Input);
                    var text = reader.ReadToEnd();
                    start("200 OK", []);
                    if (text.Length == 0)
                    {
                        return [Encoding.UTF8.GetBytes("(empty)\n")];
                    }

                    Thread.Sleep(1);
                    return [Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes("\n")];
                }
            }
            """, Usings.Replace("using System.Threading;\n", "using System.Threading;\nusing System.Threading.Tasks;\n") + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse start)
                {
                    using var reader = new StreamReader(environ.Input);
                    var text = await reader.ReadToEndAsync(environ.RequestAborted);
                    start("200 OK", []);
                    if (text.Length == 0)
                    {
                        yield return Encoding.UTF8.GetBytes("(empty)\n");
                        yield break;
                    }

                    await Task.Delay(1, environ.RequestAborted);
                    yield return Encoding.UTF8.GetBytes(text);
                    yield return Encoding.UTF8.GetBytes("\n");
                }
            }
            """);
    }

    [Fact]
    public Task Fix_DropsAnUnreadWriteLocal_AndYieldsTheReturnedArray()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:Health|}(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    return new[] { Encoding.UTF8.GetBytes("ok\n") };
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Health(Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    yield return Encoding.UTF8.GetBytes("ok\n");
                }
            }
            """);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public Task Fix_EndsTheLinesItAdds_AsTheFileEndsItsLines(string newLine)
    {
        return Verify.VerifyFixAsync((Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> {|CMPT002:Health|}(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    if (environ.QueryString.Length > 0)
                    {
                        return [Encoding.UTF8.GetBytes("a"), Encoding.UTF8.GetBytes("b")];
                    }

                    return [];
                }
            }
            """).ReplaceLineEndings(newLine), (Usings + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Health(Environ environ, AsyncStartResponse start)
                {
                    start("200 OK", []);
                    if (environ.QueryString.Length > 0)
                    {
                        yield return Encoding.UTF8.GetBytes("a");
                        yield return Encoding.UTF8.GetBytes("b");
                        yield break;
                    }
                }
            }
            """).ReplaceLineEndings(newLine));
    }

    [Fact]
    public Task NoFix_WhenStartResponseIsPassedOn()
    {
        var source = Usings + """
            static class Handlers
            {
                static void Ok(StartResponse start) => start("200 OK", []);

                public static IEnumerable<byte[]> {|CMPT002:Hello|}(Environ environ, StartResponse start)
                {
                    Ok(start);
                    yield return new byte[] { 1 };
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_WhenABlockingCallIsInsideLock()
    {
        var source = Usings + """
            static class Handlers
            {
                static readonly object Gate = new();

                public static IEnumerable<byte[]> {|CMPT002:Hello|}(Environ environ, StartResponse start)
                {
                    lock (Gate)
                    {
                        Thread.Sleep(1);
                    }

                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }
}
