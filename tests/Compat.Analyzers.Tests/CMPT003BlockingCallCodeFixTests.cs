using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT003BlockingCallAnalyzer, Compat.CodeFixes.CMPT003BlockingCallCodeFix>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT003BlockingCallCodeFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Fix_AwaitsInsteadOfBlocking()
    {
        return Verify.VerifyFixAsync(Usings + """
            class Store
            {
                public int Load(string key) => 1;
                public Task<int> LoadAsync(string key) => Task.FromResult(1);
            }

            static class Handlers
            {
                static Task<int> Compute() => Task.FromResult(1);

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var a = {|CMPT003:Compute().Result|};
                    {|CMPT003:Compute().Wait()|};
                    var b = {|CMPT003:Compute().GetAwaiter().GetResult()|};
                    {|CMPT003:Thread.Sleep(1)|};
                    using var reader = new StreamReader(environ.Input);
                    var text = {|CMPT003:reader.ReadToEnd()|};
                    var c = new Store().Load("k");
                    start("200 OK", []);
                    yield return new byte[a + b + c + text.Length];
                }
            }
            """, Usings + """
            class Store
            {
                public int Load(string key) => 1;
                public Task<int> LoadAsync(string key) => Task.FromResult(1);
            }

            static class Handlers
            {
                static Task<int> Compute() => Task.FromResult(1);

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var a = await Compute();
                    await Compute();
                    var b = await Compute();
                    await Task.Delay(1, environ.RequestAborted);
                    using var reader = new StreamReader(environ.Input);
                    var text = await reader.ReadToEndAsync(environ.RequestAborted);
                    var c = new Store().Load("k");
                    start("200 OK", []);
                    yield return new byte[a + b + c + text.Length];
                }
            }
            """);
    }

    [Fact]
    public Task Fix_ParenthesizesAnAwaitThatIsAccessedFurther()
    {
        return Verify.VerifyFixAsync(Usings + """
            static class Handlers
            {
                static Task<string> Name() => Task.FromResult("x");

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var length = {|CMPT003:Name().Result|}.Length;
                    await Task.Yield();
                    start("200 OK", []);
                    yield return new byte[length];
                }
            }
            """, Usings + """
            static class Handlers
            {
                static Task<string> Name() => Task.FromResult("x");

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var length = (await Name()).Length;
                    await Task.Yield();
                    start("200 OK", []);
                    yield return new byte[length];
                }
            }
            """);
    }
}
