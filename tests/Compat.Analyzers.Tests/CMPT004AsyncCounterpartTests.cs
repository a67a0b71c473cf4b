using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT004AsyncCounterpartAnalyzer>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT004AsyncCounterpartTests
{
    [Fact]
    public Task Reports_AnAsyncCounterpart_AsItsOwnInfoRule()
    {
        return Verify.VerifyAsync(CMPT003BlockingCallTests.Usings + """
            class Store
            {
                public int Load(string key) => 1;
                public Task<int> LoadAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(1);
                public int Count() => 1;
            }

            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var store = new Store();
                    var value = {|#0:store.Load("k")|};
                    var count = store.Count();
                    await Task.Yield();
                    start("200 OK", []);
                    yield return new byte[value + count];
                }
            }
            """,
            Verify.Diagnostic("CMPT004").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Store.Load", "LoadAsync"));
    }

    [Fact]
    public Task DoesNotReport_AKnownBlocker_WhichIsCMPT003s()
    {
        return Verify.VerifyAsync(CMPT003BlockingCallTests.Usings + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    using var reader = new StreamReader(environ.Input);
                    var text = reader.ReadToEnd();
                    Thread.Sleep(1);
                    await Task.Yield();
                    start("200 OK", []);
                    yield return new byte[text.Length];
                }
            }
            """);
    }
}
