using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>The server's --record: what a real client's requests leave in the directory, and what never stops a request.</summary>
public sealed class RecordingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-record-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RequestsToMountedHandlers_AreRecordedPerHandler_WithCredentialsRedacted_AndBodiesAsRead()
    {
        var options = new ServerOptions { Recording = new RecordingOptions { Directory = _directory, RedactHeaders = ["X-Api-Key"] } };
        var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/sync", Handlers.EchoSync);
            s.Mount("/async", Handlers.Echo);
        }, options);
        await using (server)
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://{server.Endpoint}/") };
            using var post = new HttpRequestMessage(HttpMethod.Post, "sync/a%2Fb?q=1") { Content = new StringContent("payload \u00e9", Encoding.UTF8, "text/plain") };
            post.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "secret-token");
            post.Headers.Add("Cookie", "session=secret");
            post.Headers.Add("X-Api-Key", "secret-key");
            post.Headers.Add("X-Trace", "kept");
            (await client.SendAsync(post)).EnsureSuccessStatusCode();
            (await client.GetAsync("async/x")).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("nothing-here")).StatusCode);
        }

        var recording = RecordingDirectory.Read(_directory);
        Assert.Empty(recording.Problems);
        Assert.Equal(["Compat.Server.Tests.Handlers.Echo.jsonl", "Compat.Server.Tests.Handlers.EchoSync.jsonl"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var posted = recording.Requests.Single(r => r.Request.Handler == "Compat.Server.Tests.Handlers.EchoSync").Request;
        Assert.Equal("POST", posted.Method);
        Assert.Equal("/sync", posted.Mount);
        Assert.Equal("/sync/a%2Fb?q=1", posted.Target);
        Assert.Equal("payload \u00e9", Encoding.UTF8.GetString(posted.Body.Span));
        Assert.True(posted.BodyComplete);
        string? Header(string name) => posted.Headers.FirstOrDefault(h => h.Key == name).Value;
        Assert.Equal(RecordingOptions.RedactedValue, Header("Authorization"));
        Assert.Equal(RecordingOptions.RedactedValue, Header("Cookie"));
        Assert.Equal(RecordingOptions.RedactedValue, Header("X-Api-Key"));
        Assert.Equal("kept", Header("X-Trace"));
        Assert.Equal("text/plain; charset=utf-8", Header("Content-Type"));
        Assert.Equal(server.Endpoint.ToString(), Header("Host"));
        var fetched = recording.Requests.Single(r => r.Request.Handler == "Compat.Server.Tests.Handlers.Echo").Request;
        Assert.Equal("/async/x", fetched.Target);
        Assert.True(fetched.Body.IsEmpty);
        Assert.DoesNotContain("secret", File.ReadAllText(Directory.GetFiles(_directory).Single(f => f.EndsWith("EchoSync.jsonl", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordingCutOffMidLine_IsAppendedToOnALineOfItsOwn()
    {
        var file = Path.Combine(_directory, "Compat.Server.Tests.Handlers.Hello.jsonl");
        File.WriteAllText(file, "{\"handler\":\"Compat.Server.Tests.Handlers.Hello\",\"targ");
        var options = new ServerOptions { Recording = new RecordingOptions { Directory = _directory } };
        await using (var server = await TestServer.StartAsync(Handlers.Hello, options))
        {
            using var client = new HttpClient();
            for (var i = 0; i < 3; i++) (await client.GetAsync($"http://{server.Endpoint}/{i}")).EnsureSuccessStatusCode();
        }

        var recording = RecordingDirectory.Read(_directory);
        Assert.Equal(["/0", "/1", "/2"], recording.Requests.Select(r => r.Request.Target));
        Assert.StartsWith("Compat.Server.Tests.Handlers.Hello.jsonl:1: ", Assert.Single(recording.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASampleRateOfZero_RecordsNothing()
    {
        var options = new ServerOptions { Recording = new RecordingOptions { Directory = _directory, SampleRate = 0 } };
        await using (var server = await TestServer.StartAsync(Handlers.Hello, options))
        {
            using var client = new HttpClient();
            for (var i = 0; i < 20; i++) (await client.GetAsync($"http://{server.Endpoint}/")).EnsureSuccessStatusCode();
        }

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task TheSizeCap_StopsTheRecording_NotTheServer()
    {
        var options = new ServerOptions { Recording = new RecordingOptions { Directory = _directory, MaxBytes = 1000 } };
        string errors;
        await using (var server = await TestServer.StartAsync(Handlers.Hello, options))
        {
            using var client = new HttpClient();
            for (var i = 0; i < 30; i++) (await client.GetAsync($"http://{server.Endpoint}/{i}")).EnsureSuccessStatusCode();
            await server.Server.StopAsync();
            errors = server.ErrorLog;
            Assert.True(server.Server.Recorder!.Stopped);
        }

        var size = Directory.GetFiles(_directory).Sum(f => new FileInfo(f).Length);
        Assert.InRange(size, 1, 1000);
        Assert.All(File.ReadAllLines(Directory.GetFiles(_directory).Single()), line => RecordingFormat.Parse(line));
        Assert.Contains("recording stopped: " + _directory + " reached its cap of 1000 bytes", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatCannotBeWritten_StopsTheRecording_AndRequestsAreServedAsBefore()
    {
        // Where the handler's file would go there is a directory: opening it fails as a full or read-only disk would.
        Directory.CreateDirectory(Path.Combine(_directory, "Compat.Server.Tests.Handlers.Hello.jsonl"));
        var options = new ServerOptions { Recording = new RecordingOptions { Directory = _directory } };
        await using var server = await TestServer.StartAsync(Handlers.Hello, options);
        using var client = new HttpClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("hello", await client.GetStringAsync($"http://{server.Endpoint}/"));
        }

        await server.Server.StopAsync();
        Assert.True(server.Server.Recorder!.Stopped);
        Assert.Contains("recording stopped: writing to " + _directory + " failed", server.ErrorLog, StringComparison.Ordinal);
    }
}
