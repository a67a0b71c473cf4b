using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.Hosting.Tests.Recording;

public sealed class RecordingBodyReaderTests
{
    [Fact]
    public async Task WhatIsConsumed_IsKeptOnce_HoweverOftenItIsExamined()
    {
        var pipe = new Pipe();
        var reader = new RecordingBodyReader(pipe.Reader, 1024);
        await pipe.Writer.WriteAsync("hello "u8.ToArray());

        // Looked at without consuming, then consumed in two steps, as a line parser does.
        var first = await reader.ReadAsync();
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);
        await pipe.Writer.WriteAsync("world"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        var second = await reader.ReadAsync();
        reader.AdvanceTo(second.Buffer.GetPosition(3));
        var third = await reader.ReadAsync();
        Assert.True(third.IsCompleted);
        reader.AdvanceTo(third.Buffer.End);

        Assert.Equal("hello world"u8.ToArray(), reader.Kept.ToArray());
        Assert.True(reader.WholeBodyKept);
    }

    [Fact]
    public async Task ABodyReadThroughAStream_IsKept_AndOneLeftUnread_IsNotWhole()
    {
        var pipe = new Pipe();
        var reader = new RecordingBodyReader(pipe.Reader, 1024);
        await pipe.Writer.WriteAsync(Enumerable.Range(0, 100).Select(i => (byte)i).ToArray());
        await pipe.Writer.CompleteAsync();

        var stream = reader.AsStream();
        var buffer = new byte[40];
        var read = await stream.ReadAsync(buffer);

        Assert.Equal(buffer[..read], reader.Kept.ToArray());
        Assert.False(reader.WholeBodyKept);

        await stream.CopyToAsync(Stream.Null);
        Assert.Equal(100, reader.Kept.Length);
        Assert.True(reader.WholeBodyKept);
    }

    [Fact]
    public async Task ABodyOverTheCap_KeepsTheCapsWorth_AndIsNotWhole()
    {
        var pipe = new Pipe();
        var reader = new RecordingBodyReader(pipe.Reader, 10);
        await pipe.Writer.WriteAsync(new byte[25]);
        await pipe.Writer.CompleteAsync();

        await reader.AsStream().CopyToAsync(Stream.Null);

        Assert.Equal(10, reader.Kept.Length);
        Assert.False(reader.WholeBodyKept);
    }
}
