using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT003BlockingCallAnalyzer, Compat.CodeFixes.CMPT003BlockingCallCodeFix>;

namespace Compat.Analyzers.Tests;

/// <summary>
/// Calls where the CMPT003 fix (CMPT004's: CMPT004SoundnessTests) did not compile or changed what the handler does, found by outside testing:
/// each is now fixed correctly, declined, or not reported.
/// </summary>
public sealed class CMPT003SoundnessTests
{
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Compat.Gateway;

        """;

    private static Task NoFix(string body) =>
        Verify.VerifyFixAsync(Handler(body), Handler(body));

    internal static string Handler(string body) => Usings + $$"""
        static class Handlers
        {
            static readonly object Gate = new();

            public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
            {
                var never = new TaskCompletionSource().Task;
                {{body}}
                start("200 OK", []);
                yield return new byte[] { 1 };
                await Task.Yield();
            }
        }
        """;

    [Fact]
    public Task InsideLock_IsNotAwaited() => NoFix("lock (Gate) { {|CMPT003:Thread.Sleep(1)|}; }");

    [Fact]
    public Task WaitWithATimeout_KeepsItsMeaning_NoFix() => NoFix("{|CMPT003:never.Wait(TimeSpan.FromMilliseconds(10))|};");

    [Fact]
    public Task ANegatedWaitWithATimeout_NoFix() => NoFix("if (!{|CMPT003:never.Wait(10)|}) { }");

    [Fact]
    public Task NameOfAResult_IsNotReported() => NoFix("var name = nameof(never.IsCompleted) + nameof(Task<int>.Result);");

    [Fact]
    public Task FixAll_AwaitsEveryCallOfADocument_ThoughEachAddsTheSameUsing()
    {
        return Verify.VerifyFixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using Compat.Gateway;

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
                {
                    {|CMPT003:Thread.Sleep(1)|};
                    {|CMPT003:Thread.Sleep(2)|};
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Compat.Gateway;

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
                {
                    await Task.Delay(1, environ.RequestAborted);
                    await Task.Delay(2, environ.RequestAborted);
                    start("200 OK", []);
                    yield return new byte[] { 1 };
                }
            }
            """);
    }
}
