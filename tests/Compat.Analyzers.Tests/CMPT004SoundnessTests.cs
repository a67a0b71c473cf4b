using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT004AsyncCounterpartAnalyzer, Compat.CodeFixes.CMPT004AsyncCounterpartCodeFix>;

namespace Compat.Analyzers.Tests;

/// <summary>Calls where the CMPT004 fix did not compile or changed what the handler does, found by outside testing.</summary>
public sealed class CMPT004SoundnessTests
{
    [Fact]
    public Task SemaphoreSlimWait_AwaitsWaitAsync_WithTheRequestsToken()
    {
        return Verify.VerifyFixAsync(
            CMPT003SoundnessTests.Handler("using var gate = new SemaphoreSlim(1); {|CMPT004:gate.Wait()|};"),
            CMPT003SoundnessTests.Handler("using var gate = new SemaphoreSlim(1); await gate.WaitAsync(environ.RequestAborted);"));
    }

    [Fact]
    public Task AGenericCall_KeepsItsTypeArguments()
    {
        return Verify.VerifyFixAsync(CMPT003SoundnessTests.Usings + """
            static class Store
            {
                public static T Load<T>() => default!;
                public static Task<T> LoadAsync<T>() => Task.FromResult(default(T)!);
            }

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
                {
                    var n = {|CMPT004:Store.Load<int>()|};
                    start("200 OK", []);
                    yield return new byte[] { (byte)n };
                }
            }
            """, CMPT003SoundnessTests.Usings + """
            static class Store
            {
                public static T Load<T>() => default!;
                public static Task<T> LoadAsync<T>() => Task.FromResult(default(T)!);
            }

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Page(Environ environ, AsyncStartResponse start)
                {
                    var n = await Store.LoadAsync<int>();
                    start("200 OK", []);
                    yield return new byte[] { (byte)n };
                }
            }
            """);
    }
}
