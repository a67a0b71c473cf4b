using System.Threading.Tasks;
using Xunit;
using Verify = Compat.Analyzers.Tests.Verifiers.AnalyzerVerifier<Compat.Analyzers.CMPT003BlockingCallAnalyzer>;

namespace Compat.Analyzers.Tests;

public sealed class CMPT003BlockingCallTests
{
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Compat.Gateway;

        """;

    [Fact]
    public Task Reports_EachKnownBlocker_InAnAsyncAppHandler()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                static Task<int> Compute() => Task.FromResult(1);

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
                {
                    var a = {|#0:Compute().Result|};
                    {|#1:Compute().Wait()|};
                    var b = {|#2:Compute().GetAwaiter().GetResult()|};
                    {|#3:Thread.Sleep(1)|};
                    var buffer = new byte[16];
                    {|#4:environ.Input.Read(buffer, 0, buffer.Length)|};
                    using var reader = new StreamReader(environ.Input);
                    {|#5:reader.ReadToEnd()|};
                    var text = {|#6:File.ReadAllText("x")|};
                    await Task.Yield();
                    start("200 OK", []);
                    yield return buffer;
                }
            }
            """,
            Verify.Diagnostic("CMPT003").WithLocation(0).WithArguments("Task.Result"),
            Verify.Diagnostic("CMPT003").WithLocation(1).WithArguments("Task.Wait"),
            Verify.Diagnostic("CMPT003").WithLocation(2).WithArguments("TaskAwaiter.GetResult"),
            Verify.Diagnostic("CMPT003").WithLocation(3).WithArguments("Thread.Sleep"),
            Verify.Diagnostic("CMPT003").WithLocation(4).WithArguments("Stream.Read"),
            Verify.Diagnostic("CMPT003").WithLocation(5).WithArguments("StreamReader.ReadToEnd"),
            Verify.Diagnostic("CMPT003").WithLocation(6).WithArguments("File.ReadAllText"));
    }

    [Fact]
    public Task DoesNotReport_BlockingCallsInAnInnerLambda_OrInSyncAppHandlers()
    {
        return Verify.VerifyAsync(Usings + """
            static class Handlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Offloaded(Environ environ, AsyncStartResponse start)
                {
                    await Task.Run(() => Thread.Sleep(1));
                    start("200 OK", []);
                    yield return new byte[1];
                }

                public static IEnumerable<byte[]> Legacy(Environ environ, StartResponse start)
                {
                    Thread.Sleep(1);
                    start("200 OK", []);
                    return [];
                }
            }
            """);
    }
}
