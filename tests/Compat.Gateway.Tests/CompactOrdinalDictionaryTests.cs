using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Compat.Gateway.Tests;

public sealed class CompactOrdinalDictionaryTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(CompactOrdinalDictionary.LinearLimit)]
    [InlineData(CompactOrdinalDictionary.LinearLimit + 1)]
    [InlineData(200)]
    public void BehavesAsADictionary_BelowAndPastTheLinearLimit(int count)
    {
        var compact = new CompactOrdinalDictionary(capacity: 4);
        var reference = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            compact.Add($"KEY_{i}", i);
            reference.Add($"KEY_{i}", i);
        }

        // Keys are compared by value, not by reference, and ordinally.
        compact[string.Concat("KEY_", "1")] = "replaced";
        reference["KEY_1"] = "replaced";
        Assert.True(compact.Remove("KEY_0"));
        reference.Remove("KEY_0");
        Assert.False(compact.Remove("key_2"));
        compact["NULL"] = null;
        reference["NULL"] = null;

        Assert.Equal(reference.Count, compact.Count);
        Assert.Equal(reference.OrderBy(p => p.Key, StringComparer.Ordinal), compact.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), compact.Keys.Order(StringComparer.Ordinal));
        Assert.True(compact.TryGetValue("NULL", out var nothing));
        Assert.Null(nothing);
        Assert.True(compact.ContainsKey("KEY_1"));
        Assert.False(compact.ContainsKey("KEY_0"));
        Assert.Throws<KeyNotFoundException>(() => compact["KEY_0"]);
        Assert.Throws<ArgumentException>(() => compact.Add("KEY_1", 1));
        Assert.Throws<ArgumentNullException>(() => compact.ContainsKey(null!));

        var copy = new KeyValuePair<string, object?>[compact.Count + 1];
        compact.CopyTo(copy, 1);
        Assert.Equal(compact, copy.Skip(1));
    }

    [Fact]
    public void KeysThatShareLengthMiddleAndLastChar_AreStillToldApart()
    {
        // The scan's tag is made of those three; the strings decide.
        var compact = new CompactOrdinalDictionary(capacity: 4) { ["AXB"] = 1, ["CXB"] = 2, ["EXB"] = 3 };

        compact.Remove("CXB");
        compact["EXB"] = 30;

        Assert.Equal(1, compact["AXB"]);
        Assert.Equal(30, compact["EXB"]);
        Assert.False(compact.ContainsKey("CXB"));
        Assert.False(compact.ContainsKey("DXB"));
        Assert.Equal(2, compact.Count);
    }

    [Fact]
    public void BelowTheLimit_EntriesKeepTheirInsertionOrder_AcrossRemoval()
    {
        var compact = new CompactOrdinalDictionary(capacity: 4) { ["A"] = 1, ["B"] = 2, ["C"] = 3, ["D"] = 4, ["E"] = 5 };

        compact.Remove("B");
        compact["A"] = 10;
        compact["F"] = 6;

        Assert.Equal(["A", "C", "D", "E", "F"], compact.Keys);
        Assert.Equal([10, 3, 4, 5, 6], compact.Values);
    }

    [Fact]
    public void AddingOrRemovingWhileEnumerating_Throws_ButReplacingAValueDoesNot()
    {
        var compact = new CompactOrdinalDictionary(capacity: 4) { ["A"] = 1, ["B"] = 2, ["C"] = 3 };

        foreach (var pair in compact)
        {
            compact[pair.Key] = 0;
        }

        Assert.All(compact.Values, value => Assert.Equal(0, value));
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var pair in compact) compact["D" + pair.Key] = 1;
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var pair in compact) compact.Remove(pair.Key);
        });
    }

    [Fact]
    public void Clear_EmptiesIt_AndItCanBeFilledAgain()
    {
        var compact = new CompactOrdinalDictionary(capacity: 4);
        for (var i = 0; i < CompactOrdinalDictionary.LinearLimit + 5; i++) compact[$"K{i}"] = i;

        compact.Clear();
        compact["K1"] = "again";

        Assert.Equal([new KeyValuePair<string, object?>("K1", "again")], compact);
    }
}
