using System.IO.Pipelines;
using System.Threading.Tasks;
using Compat.Hosting;
using Xunit;

namespace Compat.Adapters.Tests.Hosting;

public sealed class FirstReadPipeReaderTests
{
    [Fact]
    public async Task TheContinueIsSentOnTheFirstRead_OnceOnly_AndBeforeTheBodyIsRead()
    {
        var body = new Pipe();
        var sent = 0;
        var reader = new FirstReadPipeReader(body.Reader, () =>
        {
            sent++;
            // The client starts sending only after it sees the 100.
            return body.Writer.WriteAsync("payload"u8.ToArray()).AsTaskValue();
        });

        Assert.False(reader.FirstReadSeen);
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.End);
        await body.Writer.CompleteAsync();
        var last = await reader.ReadAsync();

        Assert.Equal(1, sent);
        Assert.True(reader.FirstReadSeen);
        Assert.Equal(7, first.Buffer.Length);
        Assert.True(last.IsCompleted);
    }

    [Fact]
    public void AFirstTryRead_OnlyStartsTheContinue_SinceNoBodyCanHaveArrivedYet()
    {
        var body = new Pipe();
        var sent = 0;
        var reader = new FirstReadPipeReader(body.Reader, () => { sent++; return ValueTask.CompletedTask; });

        Assert.False(reader.TryRead(out _));
        Assert.Equal(1, sent);
    }
}

internal static class FlushResultExtensions
{
    public static ValueTask AsTaskValue(this ValueTask<FlushResult> flush) => new(flush.AsTask());
}
