using System.Net;
using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

/// <summary>Answers each lookup with the next queued answer, repeating the last one.</summary>
internal sealed class StubDnsResolver(params IReadOnlyList<IPAddress>[] answers) : IDnsResolver
{
    private int _lookups;

    public int Lookups => _lookups;

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _lookups);
        if (answers.Length == 0)
        {
            throw new InvalidOperationException($"Unexpected lookup of {host}.");
        }
        return Task.FromResult(answers[Math.Min(n, answers.Length) - 1]);
    }
}
