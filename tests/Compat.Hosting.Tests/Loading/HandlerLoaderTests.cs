using System;
using System.IO;
using System.Linq;
using Compat.Hosting.Loading;
using Compat.Samples;
using Xunit;

namespace Compat.Hosting.Tests.Loading;

public sealed class HandlerLoaderTests
{
    private static readonly string Samples = typeof(LegacyHandlers).Assembly.Location;

    [Fact]
    public void AMethodShapedLikeSyncApp_LoadsAsOldStyle()
    {
        var (sync, async) = new HandlerLoader().Load($"{Samples}:Compat.Samples.LegacyHandlers.Hello");

        Assert.NotNull(sync);
        Assert.Null(async);
    }

    [Fact]
    public void AMethodShapedLikeAsyncApp_LoadsAsNewStyle()
    {
        var (sync, async) = new HandlerLoader().Load($"{Samples}:Compat.Samples.AsyncHandlers.Download");

        Assert.Null(sync);
        Assert.NotNull(async);
    }

    [Theory]
    [InlineData("nowhere.dll:A.B.C", "does not exist")]
    [InlineData("{samples}", "must be given as ASSEMBLY.dll:Namespace.Type.Member")]
    [InlineData("{samples}:Hello", "is not Namespace.Type.Member")]
    [InlineData("{samples}:Compat.Samples.Nope.Hello", "no type 'Compat.Samples.Nope'")]
    [InlineData("{samples}:Compat.Samples.LegacyHandlers.Nope", "has no static member 'Nope'")]
    [InlineData("{samples}:Compat.Samples.SampleMounts.Sync", "neither a SyncApp")]
    [InlineData("{samples}:Compat.Samples.LegacyHandlers", "'Compat.Samples.LegacyHandlers' is a type; name its handler too")]
    public void ABadSpec_IsRefusedWithAMessageThatSaysWhichPart(string spec, string message)
    {
        var error = Assert.Throws<HandlerLoadException>(() => new HandlerLoader().Load(spec.Replace("{samples}", Samples, StringComparison.Ordinal)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotAnAssembly_IsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-an-assembly-{Guid.NewGuid():N}.dll");
        File.WriteAllText(path, "text");
        try
        {
            var error = Assert.Throws<HandlerLoadException>(() => new HandlerLoader().Load($"{path}:A.B.C"));
            Assert.Contains("is not a .NET assembly", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ARelativeAssemblyPath_IsTheCallersNotTheCurrentDirectorys()
    {
        var directory = Path.GetDirectoryName(Samples)!;
        var parent = Path.GetDirectoryName(directory)!;

        var (sync, _) = new HandlerLoader(parent).Load($"{Path.Combine(Path.GetFileName(directory), Path.GetFileName(Samples))}:Compat.Samples.LegacyHandlers.Hello");

        Assert.NotNull(sync);
    }

    [Fact]
    public void AnAssemblysHandlers_AreFoundByName_InBothStyles_AndNothingElse()
    {
        var handlers = new HandlerLoader().LoadAll(Samples);

        var legacy = Assert.Single(handlers, h => h.Name == "Compat.Samples.LegacyHandlers.Hello");
        Assert.NotNull(legacy.Sync);
        var download = Assert.Single(handlers, h => h.Name == "Compat.Samples.AsyncHandlers.Download");
        Assert.NotNull(download.Async);
        Assert.Contains(handlers, h => h.Name == "Compat.Samples.MigratedHandlers.Hello");
        Assert.DoesNotContain(handlers, h => h.Name.Contains("SampleMounts", StringComparison.Ordinal) || h.Name.Contains('<', StringComparison.Ordinal));
        Assert.Equal(handlers.Select(h => h.Name).Order(StringComparer.Ordinal), handlers.Select(h => h.Name));
    }
}
