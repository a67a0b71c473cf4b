using Xunit;

namespace Compat.Adapters.Tests;

/// <summary>
/// Tests that measure process-wide figures (managed memory, the ThreadPool's thread count) run alone, so other
/// tests running in parallel cannot move the numbers they assert on.
/// </summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection;
