using Xunit;

namespace Compat.Migrate.Tests;

/// <summary>A fact that needs Debian's chromium; skipped, with the reason, only where the package could not be installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Browser is null)
        {
            Skip = "chromium is not installed: scripts/install-test-deps.sh tried to install Debian's chromium package and could not.";
        }
    }
}
