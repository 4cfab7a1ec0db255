using Npgsql;

namespace Hookline.Storage.Postgres;

/// <summary>
/// The "work is due" signal between nodes sharing one database, over LISTEN/NOTIFY. A lost
/// notification costs only latency: every node still polls, so nothing here has to be durable.
/// </summary>
public sealed class PostgresDueChannel : IAsyncDisposable
{
    public const string Channel = "hookline_due";

    private readonly NpgsqlDataSource _notifier;
    private readonly string _listenerConnectionString;

    public PostgresDueChannel(string connectionString)
    {
        // A pool of its own, so an announcement never waits behind the store's busy connections. A NOTIFY
        // leaves no session state, so its connection needs no reset when it goes back to the pool.
        _notifier = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2, NoResetOnClose = true }.ConnectionString);
        // The listener holds its connection for hours; outside the pool, a database restart cannot hand it back half-dead.
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 }.ConnectionString;
    }

    /// <summary>Tells every listening node, this one included, that deliveries are due.</summary>
    public async Task NotifyAsync(CancellationToken ct)
    {
        await using var command = _notifier.CreateCommand("NOTIFY " + Channel);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens until <paramref name="ct"/> is cancelled or the connection breaks (then it throws).
    /// <paramref name="onListening"/> runs once LISTEN is in place; <paramref name="onDue"/> runs for
    /// every notification and once right after LISTEN, since notifications sent while this node was
    /// not listening are gone. An idle connection is probed every <paramref name="heartbeat"/>,
    /// so a silently dropped one is noticed.
    /// </summary>
    public async Task ListenAsync(Action onDue, Action onListening, TimeSpan heartbeat, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_listenerConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        connection.Notification += (_, _) => onDue();
        await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        onListening();
        onDue();
        while (true)
        {
            if (!await connection.WaitAsync(heartbeat, ct).ConfigureAwait(false))
            {
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _notifier.DisposeAsync();
}
