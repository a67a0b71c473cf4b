using System;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Compat.Migrate.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-atomic-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Replace_KeepsTheEncodingAndItsBom_AndLeavesNoOtherFile(bool bom)
    {
        var path = Path.Combine(_directory, "Handler.cs");
        var encoding = new UTF8Encoding(bom);
        File.WriteAllText(path, "old é\n", encoding);
        var loaded = SourceText.From(File.OpenRead(path));

        AtomicFile.Replace(path, loaded.WithChanges(new TextChange(new TextSpan(0, 3), "new")));

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bom, bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.Equal("new é\n", encoding.GetString(bytes.AsSpan(bom ? 3 : 0)));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void AWriteThatFailsHalfway_LeavesTheOldFileWhole_AndNoTemporaryFile()
    {
        var path = Path.Combine(_directory, "Handler.cs");
        File.WriteAllText(path, "old\n");

        var error = Assert.Throws<IOException>(() => AtomicFile.Replace(path, new FailingText("new content that never fully arrives\n")));

        Assert.Equal("disk full", error.Message);
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A text whose writing fails after half of it, as a full disk would.
    private sealed class FailingText(string text) : SourceText
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => text.Length;

        public override char this[int position] => text[position];

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) => text.CopyTo(sourceIndex, destination, destinationIndex, count);

        public override void Write(TextWriter writer, TextSpan span, System.Threading.CancellationToken cancellationToken = default)
        {
            writer.Write(text.AsSpan(0, text.Length / 2));
            writer.Flush();
            throw new IOException("disk full");
        }
    }
}
