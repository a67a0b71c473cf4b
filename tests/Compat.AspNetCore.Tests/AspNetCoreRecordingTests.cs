using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Compat.Samples;
using Xunit;

namespace Compat.AspNetCore.Tests;

/// <summary>Compat:RecordDirectory: the ASP.NET Core host's --record, through Kestrel with a real client.</summary>
public sealed class AspNetCoreRecordingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-aspnetcore-record-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task MappedHandlersRequests_AreRecordedFromConfiguration_RedactedAndWithTheirBodies_WhenTheHostStops()
    {
        var app = await KestrelTestApp.StartAsync(
            app =>
            {
                app.MapSyncApp("/upload", LegacyHandlers.UploadChecksum);
                app.MapAsyncApp("/async", AsyncHandlers.Hello);
                app.MapSyncApp("/lambda", (environ, start) => LegacyHandlers.Hello(environ, start), name: "Shop.Handlers.Lambda");
            },
            new Dictionary<string, string?>
            {
                ["Compat:RecordDirectory"] = _directory,
                ["Compat:RecordRedactHeaders:0"] = "X-Api-Key",
            });
        await using (app)
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://{app.Endpoint}/") };
            using var post = new HttpRequestMessage(HttpMethod.Post, "upload/file?name=a") { Content = new ByteArrayContent([1, 2, 3, 0, 255]) };
            post.Headers.Add("Authorization", "Bearer secret");
            post.Headers.Add("X-Api-Key", "secret");
            Assert.StartsWith("5 bytes, sha256 ", await (await client.SendAsync(post)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(), StringComparison.Ordinal);
            (await client.GetAsync("async")).EnsureSuccessStatusCode();
            (await client.GetAsync("lambda")).EnsureSuccessStatusCode();
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("not-mapped")).StatusCode);
        }

        var recording = RecordingDirectory.Read(_directory);
        Assert.Empty(recording.Problems);
        Assert.Equal(["Compat.Samples.AsyncHandlers.Hello", "Compat.Samples.LegacyHandlers.UploadChecksum", "Shop.Handlers.Lambda"], recording.Requests.Select(r => r.Request.Handler));
        var upload = recording.Requests[1].Request;
        Assert.Equal(("POST", "/upload", "/upload/file?name=a"), (upload.Method, upload.Mount, upload.Target));
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, upload.Body.ToArray());
        Assert.True(upload.BodyComplete);
        Assert.Equal(RecordingOptions.RedactedValue, upload.Headers.Single(h => h.Key == "Authorization").Value);
        Assert.Equal(RecordingOptions.RedactedValue, upload.Headers.Single(h => h.Key == "X-Api-Key").Value);
        Assert.Equal("5", upload.Headers.Single(h => h.Key == "Content-Length").Value);
        Assert.DoesNotContain("secret", string.Concat(Directory.GetFiles(_directory).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadRecordingOption_StopsTheHostAtStart_NamingItsConfigurationKey()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            KestrelTestApp.StartAsync(_ => { }, new Dictionary<string, string?> { ["Compat:RecordDirectory"] = _directory, ["Compat:RecordSampleRate"] = "1.5" }));

        Assert.Contains("Compat:RecordSampleRate must be from 0 to 1 (it is 1.5)", error.Message, StringComparison.Ordinal);
    }
}
