using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Compat.Conformance;

namespace Compat.Migrate.Tests;

/// <summary>Headless chromium: loads a page, runs its scripts, and gives back the DOM as they left it.</summary>
internal static class Chromium
{
    public static async Task<string> DumpDomAsync(string file)
    {
        var profile = Directory.CreateTempSubdirectory("compat-chromium-");
        try
        {
            var start = new ProcessStartInfo(ChromiumFactAttribute.Browser!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", $"--user-data-dir={profile.FullName}", "--dump-dom", new Uri(file).AbsoluteUri })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
