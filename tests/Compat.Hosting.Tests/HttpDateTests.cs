using System;
using System.Globalization;
using System.Threading.Tasks;
using Compat.Hosting;
using Xunit;

namespace Compat.Adapters.Tests.Hosting;

public sealed class HttpDateTests
{
    [Fact]
    public async Task Now_IsAnImfFixdate_ThatFollowsTheClock()
    {
        var first = Parse(HttpDate.Now);
        Assert.InRange(DateTimeOffset.UtcNow - first, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(2));

        await Task.Delay(TimeSpan.FromMilliseconds(1300));

        var later = Parse(HttpDate.Now);
        Assert.True(later > first, $"{later:r} is not after {first:r}");
        Assert.InRange(DateTimeOffset.UtcNow - later, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(2));
    }

    private static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
