using System.IO;
using System.Linq;
using Xunit;

namespace Compat.Conformance;

/// <summary>A fact that needs Debian's chromium; skipped, with the reason, only where the package could not be installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Browser is null)
        {
            Skip = "chromium is not installed: scripts/install-test-deps.sh tried to install Debian's chromium package and could not.";
        }
    }

    /// <summary>The browser's path, or null.</summary>
    public static string? Browser { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
}
