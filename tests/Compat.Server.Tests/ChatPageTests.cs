using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

[Collection(ChatRoomCollection.Name)]
public sealed partial class ChatPageTests
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
        var start = new ProcessStartInfo(ChromiumFactAttribute.Browser!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0",
            $"http://{server.Endpoint}/chat?say=hello%20from%20chromium",
        })
        {
            start.ArgumentList.Add(flag);
        }

        using var browser = Process.Start(start)!;
        try
        {
            // The page joins the room and says its ?say= text on open; the room echoes it back into the page's list.
            // The live page is asked through the DevTools protocol until the echo shows, so no fixed wait can race it.
            var devTools = await DevToolsPortAsync(browser).WaitAsync(TimeSpan.FromSeconds(60));
            var log = await PollAsync(devTools, "document.querySelector('#log li')?.textContent ?? ''", TimeSpan.FromSeconds(30));

            Assert.Equal("hello from chromium", log);
            var received = await heard.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("hello from chromium", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        finally
        {
            browser.Kill(entireProcessTree: true);
            await browser.WaitForExitAsync();
            profile.Delete(recursive: true);
        }
    }

    // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/..." on stderr once it is ready.
    private static async Task<int> DevToolsPortAsync(Process browser)
    {
        while (await browser.StandardError.ReadLineAsync() is { } line)
        {
            if (DevToolsLine().Match(line) is { Success: true } match)
            {
                return int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("chromium exited without opening its DevTools port");
    }

    // Evaluates the expression in the page until it gives a non-empty string, or the time is up; returns the last value.
    private static async Task<string> PollAsync(int port, string expression, TimeSpan timeout)
    {
        using var http = new HttpClient();
        using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")));
        var page = Array.Find([.. targets.RootElement.EnumerateArray()], t => t.GetProperty("type").GetString() == "page");
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), CancellationToken.None);
        var deadline = DateTime.UtcNow + timeout;
        var value = string.Empty;
        for (var id = 1; value.Length == 0 && DateTime.UtcNow < deadline; id++)
        {
            var request = JsonSerializer.Serialize(new { id, method = "Runtime.evaluate", @params = new { expression, returnByValue = true } });
            await socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
            value = await ReadResultAsync(socket, id);
            if (value.Length == 0) await Task.Delay(100);
        }

        return value;
    }

    private static async Task<string> ReadResultAsync(ClientWebSocket socket, int id)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var reply = JsonDocument.Parse(message.ToArray());
            if (reply.RootElement.TryGetProperty("id", out var replyId) && replyId.GetInt32() == id)
            {
                return reply.RootElement.GetProperty("result").GetProperty("result").TryGetProperty("value", out var value) ? value.GetString() ?? string.Empty : string.Empty;
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(?<port>\d+)/")]
    private static partial Regex DevToolsLine();
}
