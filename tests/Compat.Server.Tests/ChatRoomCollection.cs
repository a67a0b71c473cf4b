using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// The chat room sample keeps one room per process, whatever server serves it: tests that join it run one at a time,
/// or one test's members hear another's messages.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChatRoomCollection
{
    public const string Name = "chat room";
}
