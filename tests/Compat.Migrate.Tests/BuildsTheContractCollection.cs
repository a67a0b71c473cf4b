using Xunit;

namespace Compat.Migrate.Tests;

/// <summary>
/// Test classes whose projects reference the repository's Compat.Gateway project, so each `dotnet build` they run
/// builds it too: one at a time, as two builds writing the same obj folder at once may read each other's half-written
/// output.
/// </summary>
[CollectionDefinition(nameof(BuildsTheContractCollection))]
public sealed class BuildsTheContractCollection;
