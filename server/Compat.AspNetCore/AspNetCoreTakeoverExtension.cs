using System.IO.Pipelines;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Compat.AspNetCore;

/// <summary>
/// gateway.takeover through Kestrel's upgrade feature, the only raw-connection access ASP.NET Core offers: Kestrel
/// sends 101 Switching Protocols and hands over the stream, so it exists only on requests carrying Upgrade.
/// </summary>
internal sealed class AspNetCoreTakeoverExtension(IHttpUpgradeFeature upgrade) : ITakeoverExtension
{
    public async Task<IDuplexPipe> TakeOverAsync()
    {
        // Before the await: on an old-style handler's pool thread, which it keeps for as long as the connection lasts.
        HeldThreadAdmission.Admit();
        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        return new StreamDuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
    }

    private sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
