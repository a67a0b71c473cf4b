using System;
using System.Diagnostics;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

public sealed class ChatPageTests
{
    [ChromiumFact]
    public async Task TheChatPage_WorksInHeadlessChromium_AndItsMessagesReachTheOtherMembers()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/chat", ChatRoom.Handle));
        using var member = new ClientWebSocket();
        await member.ConnectAsync(new Uri($"ws://{server.Endpoint}/chat"), CancellationToken.None);
        var buffer = new byte[256];
        var heard = member.ReceiveAsync(buffer, CancellationToken.None);
        var profile = Directory.CreateTempSubdirectory("compat-chromium-");
        try
        {
            // The page joins the room and says its ?say= text on open; the room echoes it back into the page's list.
            var start = new ProcessStartInfo(ChromiumFactAttribute.Browser!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000", "--dump-dom",
                $"http://{server.Endpoint}/chat?say=hello%20from%20chromium",
            })
            {
                start.ArgumentList.Add(flag);
            }

            using var browser = Process.Start(start)!;
            var errors = browser.StandardError.ReadToEndAsync();
            var dom = await browser.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await browser.WaitForExitAsync();

            Assert.True(dom.Contains("<li>hello from chromium</li>", StringComparison.Ordinal), $"the page did not show its echoed message; DOM: {dom}; stderr: {await errors}");
            var received = await heard.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("hello from chromium", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
