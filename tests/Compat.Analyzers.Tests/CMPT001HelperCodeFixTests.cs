using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT001WriteCallAnalyzer, Compat.CodeFixes.CMPT001WriteCallCodeFix>;

namespace Compat.Analyzers.Tests;

/// <summary>CMPT001's fix where write is passed to a helper: the helper and all its callers are one rewrite.</summary>
public sealed class CMPT001HelperCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Fix_RewritesAHelperWithEveryCallSite_InTheOrderTheBytesWentOut()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Report(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    {|CMPT001:write(Encoding.ASCII.GetBytes("rows:\n"))|};
                    foreach (var name in new[] { "a", "b" })
                        Row(name, {|CMPT001:write|}, 2);
                    return [Encoding.ASCII.GetBytes("end\n")];
                }

                public static IEnumerable<byte[]> One(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row(count: 1, w: {|CMPT001:write|}, name: "one");
                    return [];
                }

                /// <summary>Writes one row.</summary>
                /// <param name="name">The row's name.</param>
                /// <param name="w">Where it goes.</param>
                /// <param name="count">How many times.</param>
                private static void Row(string name, Write w, int count)
                {
                    if (count == 0)
                    {
                        return;
                    }

                    var send = w;
                    for (var i = 0; i < count; i++)
                    {
                        {|CMPT001:send(Encoding.ASCII.GetBytes(name + "\n"))|};
                    }
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Report(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    yield return Encoding.ASCII.GetBytes("rows:\n");
                    foreach (var name in new[] { "a", "b" })
                        foreach (var chunk in Row(name, 2))
                            yield return chunk;
                    yield return Encoding.ASCII.GetBytes("end\n");
                }

                public static IEnumerable<byte[]> One(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var chunk in Row(count: 1, name: "one"))
                        yield return chunk;
                }

                /// <summary>Writes one row.</summary>
                /// <param name="name">The row's name.</param>
                /// <param name="count">How many times.</param>
                private static IEnumerable<byte[]> Row(string name, int count)
                {
                    if (count == 0)
                    {
                        yield break;
                    }
                    for (var i = 0; i < count; i++)
                    {
                        yield return Encoding.ASCII.GetBytes(name + "\n");
                    }
                }
            }
            """);
    }

    [Fact]
    public Task Fix_FollowsHelpersThatPassWriteOn_AndGivesAHelperThatWritesNothingAYield()
    {
        return Verify.VerifyFixAsync(Usings + """
            class Handlers
            {
                public IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var chunk = Encoding.ASCII.GetBytes("<html>");
                    var write = start("200 OK", []);
                    {|CMPT001:write(chunk)|};
                    Body({|CMPT001:write|});
                    Nothing({|CMPT001:write|});
                    return [];
                }

                private void Body(Write w)
                {
                    Header({|CMPT001:w|});
                    {|CMPT001:w(Encoding.ASCII.GetBytes("</html>"))|};
                }

                /// <summary>No modifiers: this comment belongs to the return type.</summary>
                /// <param name="w">Where it goes.</param>
                void Header(Write w) { {|CMPT001:w(Encoding.ASCII.GetBytes("<h1>"))|}; }

                private void Nothing(Write w)
                {
                }
            }
            """, Usings + """
            class Handlers
            {
                public IEnumerable<byte[]> Page(Environ environ, StartResponse start)
                {
                    var chunk = Encoding.ASCII.GetBytes("<html>");
                    start("200 OK", []);
                    yield return chunk;
                    foreach (var chunk2 in Body())
                        yield return chunk2;
                    foreach (var chunk2 in Nothing())
                        yield return chunk2;
                }

                private IEnumerable<byte[]> Body()
                {
                    foreach (var chunk in Header())
                        yield return chunk;
                    yield return Encoding.ASCII.GetBytes("</html>");
                }

                /// <summary>No modifiers: this comment belongs to the return type.</summary>
                IEnumerable<byte[]> Header() { yield return Encoding.ASCII.GetBytes("<h1>"); }

                private IEnumerable<byte[]> Nothing()
                {
                    yield break;
                }
            }
            """);
    }

    [Fact]
    public Task Fix_RewritesAHelperThatCallsItself()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Countdown(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Down(3, {|CMPT001:write|});
                    return [];
                }

                private static void Down(int n, Write w)
                {
                    if (n == 0) return;
                    {|CMPT001:w(new[] { (byte)n })|};
                    Down(n - 1, {|CMPT001:w|});
                }
            }
            """, Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Countdown(Environ environ, StartResponse start)
                {
                    start("200 OK", []);
                    foreach (var chunk in Down(3))
                        yield return chunk;
                }

                private static IEnumerable<byte[]> Down(int n)
                {
                    if (n == 0) yield break;
                    yield return new[] { (byte)n };
                    foreach (var chunk in Down(n - 1))
                        yield return chunk;
                }
            }
            """);
    }

    [Fact]
    public Task NoFix_WhenAnotherCallerOfTheHelperCannotBeRewritten()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Fine(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row({|CMPT001:write|});
                    return [];
                }

                public static IEnumerable<byte[]> Guarded(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    try
                    {
                        Row({|CMPT001:write|});
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    return [];
                }

                private static void Row(Write w)
                {
                    {|CMPT001:w(new byte[] { 1 })|};
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }

    [Fact]
    public Task NoFix_WhenTheHelperIsUsedAsAMethodGroupOrIsNotPrivate()
    {
        var source = Usings + """
            static class Handlers
            {
                public static IEnumerable<byte[]> Grouped(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Row({|CMPT001:write|});
                    Action<Write> later = Row;
                    return [];
                }

                public static IEnumerable<byte[]> Public(Environ environ, StartResponse start)
                {
                    var write = start("200 OK", []);
                    Shared({|CMPT001:write|});
                    return [];
                }

                private static void Row(Write w)
                {
                    {|CMPT001:w(new byte[] { 1 })|};
                }

                internal static void Shared(Write w)
                {
                    {|CMPT001:w(new byte[] { 2 })|};
                }
            }
            """;
        return Verify.VerifyFixAsync(source, source);
    }
}
