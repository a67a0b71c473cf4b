using System.IO.Pipelines;
using System.Threading.Tasks;

namespace Compat.Gateway;

/// <summary>
/// gateway.takeover: hands the raw connection to the handler, for protocols that leave request/response behind.
/// </summary>
public interface ITakeoverExtension
{
    /// <summary>
    /// Takes the connection over. The host writes nothing more on it and closes it when the handler completes.
    /// Bytes the client sent after the request head are the first bytes the returned input yields.
    /// </summary>
    /// <returns>The connection as a duplex pipe.</returns>
    Task<IDuplexPipe> TakeOverAsync();
}
