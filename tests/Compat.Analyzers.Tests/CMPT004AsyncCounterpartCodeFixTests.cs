using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.CodeFixVerifier<Compat.Analyzers.CMPT004AsyncCounterpartAnalyzer, Compat.CodeFixes.CMPT004AsyncCounterpartCodeFix>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT004AsyncCounterpartCodeFixTests
{
    [Fact]
    public Task Fix_AwaitsTheCounterpart_AndLeavesTheKnownBlockersToCMPT003()
    {
        return Verify.VerifyFixAsync(CMPT003BlockingCallTests.Usings + """
            class Store
            {
                public int Load(string key) => 1;
                public Task<int> LoadAsync(string key) => Task.FromResult(1);
            }

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var c = {|CMPT004:new Store().Load("k")|};
                    Thread.Sleep(1);
                    start("200 OK", []);
                    yield return new byte[c];
                }
            }
            """, CMPT003BlockingCallTests.Usings + """
            class Store
            {
                public int Load(string key) => 1;
                public Task<int> LoadAsync(string key) => Task.FromResult(1);
            }

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var c = await new Store().LoadAsync("k");
                    Thread.Sleep(1);
                    start("200 OK", []);
                    yield return new byte[c];
                }
            }
            """);
    }
}
