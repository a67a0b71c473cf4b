using System.IO;
using Xunit;

namespace Compat.Migrate.Tests;

public sealed class MigrateOptionsTests
{
    [Theory]
    [InlineData(new string[0], ".: no .sln, .slnx or .csproj file in this folder")]
    [InlineData(new[] { "a.txt" }, "a.txt: not a .sln, .slnx or .csproj file")]
    [InlineData(new[] { "missing.csproj" }, "missing.csproj: no such file")]
    [InlineData(new[] { "x.csproj", "y.csproj" }, "one PATH only")]
    [InlineData(new[] { "--rule" }, "--rule needs a rule ID")]
    [InlineData(new[] { "--rule", "CMPT999" }, "--rule CMPT999: no such rule with a fix")]
    [InlineData(new[] { "--verbose" }, "unknown option --verbose")]
    public void BadArguments_SayWhatIsWrong(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => MigrateOptions.Parse(args));

        Assert.StartsWith(message, error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void APath_DefaultsToCMPT001_AndWritesUnlessDryRun()
    {
        var project = Path.Combine(Path.GetTempPath(), $"compat-options-{System.Guid.NewGuid():N}.csproj");
        File.WriteAllText(project, "<Project />");
        try
        {
            Assert.Equal(new MigrateOptions(project, "CMPT001", DryRun: false), MigrateOptions.Parse([project]));
            Assert.Equal(new MigrateOptions(project, "CMPT003", DryRun: true), MigrateOptions.Parse(["--dry-run", project, "--rule", "cmpt003"]));
            Assert.Null(MigrateOptions.Parse([project, "--help"]));
        }
        finally
        {
            File.Delete(project);
        }
    }
}
