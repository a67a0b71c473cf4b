using System;
using System.IO;
using System.Linq;
using System.Text;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.Hosting.Tests.Recording;

public sealed class RecordingFormatTests
{
    [Fact]
    public void ARequest_RoundTrips_ThroughOneLine()
    {
        var request = new RecordedRequest
        {
            Handler = "App.Handlers.Hello",
            Mount = "/legacy",
            Method = "POST",
            Target = "/legacy/a%2Fb?x=1&y=\"2\"",
            Protocol = "HTTP/1.0",
            Scheme = "https",
            Headers = [new("Host", "example.com"), new("X-Latin", "caf\u00e9 \u00ff")],
            Body = "line one\nline \"two\"\t<end>"u8.ToArray(),
            Time = new DateTimeOffset(2026, 12, 2, 14, 0, 0, 123, TimeSpan.Zero),
        };

        var line = Encoding.UTF8.GetString(RecordingFormat.Write(request));
        var read = RecordingFormat.Parse(line);

        Assert.DoesNotContain('\n', line);
        Assert.Contains("\"body\":\"line one\\nline \\\"two\\\"\\t<end>\"", line, StringComparison.Ordinal);
        Assert.Equal(request.Handler, read.Handler);
        Assert.Equal(request.Mount, read.Mount);
        Assert.Equal(request.Method, read.Method);
        Assert.Equal(request.Target, read.Target);
        Assert.Equal(request.Protocol, read.Protocol);
        Assert.Equal(request.Scheme, read.Scheme);
        Assert.Equal(request.Headers, read.Headers);
        Assert.Equal(request.Body.ToArray(), read.Body.ToArray());
        Assert.True(read.BodyComplete);
        Assert.Equal(request.Time, read.Time);
    }

    [Fact]
    public void ABinaryBody_IsWrittenAsBase64_AndAnIncompleteOneSaysSo()
    {
        byte[] body = [0, 1, 2, 0xFF, 0xC3, (byte)'a'];
        var line = Encoding.UTF8.GetString(RecordingFormat.Write(new RecordedRequest { Handler = "A.B.C", Target = "/", Body = body, BodyComplete = false }));

        var read = RecordingFormat.Parse(line);

        Assert.Contains("\"bodyBase64\":", line, StringComparison.Ordinal);
        Assert.Contains("\"bodyComplete\":false", line, StringComparison.Ordinal);
        Assert.Equal(body, read.Body.ToArray());
        Assert.False(read.BodyComplete);
    }

    [Fact]
    public void AHandWrittenLine_NeedsOnlyTheHandlerAndTarget()
    {
        var read = RecordingFormat.Parse("""{"handler":"App.H.Get","target":"/items/7"}""");

        Assert.Equal("GET", read.Method);
        Assert.Equal("HTTP/1.1", read.Protocol);
        Assert.Equal("http", read.Scheme);
        Assert.Equal(string.Empty, read.Mount);
        Assert.Empty(read.Headers);
        Assert.True(read.Body.IsEmpty);
    }

    [Theory]
    [InlineData("not json", "not a JSON object")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"target":"/"}""", "\"handler\" is missing")]
    [InlineData("""{"handler":"A.B.C","target":"relative"}""", "\"target\" is missing or does not start with /")]
    [InlineData("""{"handler":"A.B.C","target":"/","mehtod":"GET"}""", "unknown field \"mehtod\"")]
    [InlineData("""{"handler":"A.B.C","target":"/","headers":{"Host":"x"}}""", "\"headers\" must be an array of [name, value] pairs")]
    [InlineData("""{"handler":"A.B.C","target":"/","headers":[["Bad Name","x"]]}""", "header name \"Bad Name\" is not a token")]
    [InlineData("""{"handler":"A.B.C","target":"/","headers":[["X","a\r\nInjected: 1"]]}""", "header X's value has a character")]
    [InlineData("""{"handler":"A.B.C","target":"/","bodyBase64":"%%%"}""", "\"bodyBase64\" must be a base64 string")]
    [InlineData("""{"handler":"A.B.C","target":"/","mount":"legacy"}""", "\"mount\" must be empty or start with /")]
    public void ALineThatIsNotARequest_IsRefused_SayingWhy(string line, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RecordingFormat.Parse(line));

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectory_IsReadInFileAndLineOrder_WithItsProblemsLocated()
    {
        var directory = Directory.CreateTempSubdirectory("compat-recording-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "b.jsonl"), """{"handler":"A.B.C","target":"/2"}""" + "\n");
            File.WriteAllText(Path.Combine(directory, "a.jsonl"), "# a note\n" + """{"handler":"A.B.C","target":"/1"}""" + "\n\n{\"handler\":\"A.B.C\",\"targ");
            File.WriteAllText(Path.Combine(directory, "ignored.txt"), "not a recording");

            var read = RecordingDirectory.Read(directory);

            Assert.Equal(["a.jsonl:2", "b.jsonl:1"], read.Requests.Select(r => r.Location));
            Assert.Equal(["/1", "/2"], read.Requests.Select(r => r.Request.Target));
            Assert.StartsWith("a.jsonl:4: not a JSON object", Assert.Single(read.Problems), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
