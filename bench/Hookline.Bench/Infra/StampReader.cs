using System.Buffers;

namespace Hookline.Bench.Infra;

/// <summary>Reads a request body to its end and finds the publisher's <c>"t":&lt;stopwatch ticks&gt;</c> stamp in it, if any.</summary>
public static class StampReader
{
    private static readonly byte[] Marker = "\"t\":"u8.ToArray();

    public static async Task<long> ReadAsync(Stream body)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    // Only the stamp matters; a large body is read to its end and its tail dropped.
                    var rest = new byte[64 * 1024];
                    while (await body.ReadAsync(rest) > 0)
                    {
                    }
                    break;
                }
            }
            return Find(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long Find(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(Marker);
        if (at < 0)
        {
            return 0;
        }
        long value = 0;
        for (var i = at + Marker.Length; i < body.Length && body[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            value = (value * 10) + (body[i] - '0');
        }
        return value;
    }

    /// <summary>A JSON object payload of about <paramref name="bytes"/> bytes, stamped with <paramref name="stamp"/> when it is not 0.</summary>
    public static string Payload(int bytes, long stamp = 0)
    {
        var head = stamp == 0 ? "{\"pad\":\"" : $"{{\"t\":{stamp},\"pad\":\"";
        return head + new string('x', Math.Max(0, bytes - head.Length - 2)) + "\"}";
    }
}
