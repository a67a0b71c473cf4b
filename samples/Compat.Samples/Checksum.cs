using System;
using System.IO;
using System.Security.Cryptography;

namespace Compat.Samples;

/// <summary>Streams a body through SHA-256 without holding it.</summary>
internal static class Checksum
{
    public static (long Length, string Hash) Of(Stream body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long length = 0;
        int read;
        while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }

        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
