using System.Diagnostics.CodeAnalysis;

namespace Compat.Server.Http;

/// <summary>Keeps throws out of the parser's hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Reject(RequestRejectionReason reason, string detail) => throw new BadRequestException(reason, detail);
}
