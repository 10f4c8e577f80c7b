using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// The embedded default. SQLite allows one writer at a time, so every write goes through one
/// connection behind an async lock: no SQLITE_BUSY retries, and each open or burn is a single
/// IMMEDIATE transaction, which makes "check, use a login, delete on the last one, log it" atomic.
/// Reads use pooled connections and run beside the writer thanks to WAL.
/// </summary>
public sealed class SqliteSecretStore : ISecretStore, IDisposable
{
    private const string Provider = "SQLite";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteSecretStore(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource)
            && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource);
        }

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        try
        {
            if (Path.GetDirectoryName(DataSource) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            _writer = new SqliteConnection(_connectionString);
            _writer.Open();
            Execute(_writer, null, SqliteSchema.Create);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
    }

    /// <summary>The database file (absolute path), for messages and tests.</summary>
    public string DataSource { get; }

    public Task AddAsync(NewSecret secret, CancellationToken ct) => WriteAsync(connection =>
    {
        Execute(
            connection,
            null,
            """
            INSERT INTO secrets (id, verifier, ciphertext, manage_token_hash, label, state,
                                 max_logins, remaining_logins, created_at, expires_at, purge_at)
            VALUES ($id, $verifier, $ciphertext, $manage, $label, 0, $max, $max, $created, $expires, $purge)
            """,
            ("$id", secret.Id.Value),
            ("$verifier", secret.Verifier),
            ("$ciphertext", secret.Ciphertext),
            ("$manage", secret.ManageTokenHash),
            ("$label", secret.Label),
            ("$max", secret.MaxLogins),
            ("$created", secret.CreatedAt.ToUnixTimeMilliseconds()),
            ("$expires", secret.ExpiresAt.ToUnixTimeMilliseconds()),
            ("$purge", secret.PurgeAt.ToUnixTimeMilliseconds()));
        return true;
    }, ct);

    public async Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenReaderAsync(ct);
            return ReadRow(connection, null, id) is { } row ? row.StatusAt(now) : null;
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
    }

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (ReadRow(connection, transaction, id) is not { } row)
            {
                return OpenResult.NotFound;
            }

            var state = row.StatusAt(access.At).State;
            if (state == SecretState.Expired && row.State == SecretState.Available)
            {
                End(connection, transaction, id, SecretState.Expired);
            }

            OpenResult result;
            if (state != SecretState.Available)
            {
                result = new OpenResult(OpenResult.RefusalFor(state), ExpiresAt: row.ExpiresAt);
            }
            else if (!CryptographicOperations.FixedTimeEquals(row.Verifier, verifier))
            {
                result = new OpenResult(OpenOutcome.WrongKey, RemainingLogins: row.RemainingLogins, ExpiresAt: row.ExpiresAt);
            }
            else
            {
                var remaining = row.RemainingLogins - 1;
                if (remaining == 0)
                {
                    End(connection, transaction, id, SecretState.UsedUp);
                }
                else
                {
                    Execute(
                        connection,
                        transaction,
                        "UPDATE secrets SET remaining_logins = $remaining WHERE id = $id",
                        ("$remaining", remaining),
                        ("$id", id.Value));
                }

                result = new OpenResult(OpenOutcome.Opened, row.Ciphertext, remaining, row.ExpiresAt);
            }

            var recorded = Log(connection, transaction, row, AccessOutcomes.ForOpen(result.Outcome), access);
            transaction.Commit();
            return result with { Recorded = recorded };
        }, ct);

    public async Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenReaderAsync(ct);
            if (ReadRow(connection, null, id) is not { } row
                || !CryptographicOperations.FixedTimeEquals(row.ManageTokenHash, manageTokenHash))
            {
                return null;
            }

            await using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT at, outcome, recipient, client_address, user_agent FROM access_events
                WHERE secret_id = $id ORDER BY at, rowid
                """;
            select.Parameters.AddWithValue("$id", id.Value);
            await using var reader = await select.ExecuteReaderAsync(ct);
            var log = new List<AccessEvent>();
            while (await reader.ReadAsync(ct))
            {
                log.Add(ReadEvent(reader, 0));
            }

            return new ManagedSecret(row.StatusAt(now), row.MaxLogins, row.CreatedAt, row.Label, log);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
    }

    public Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (ReadRow(connection, transaction, id) is not { } row)
            {
                return new BurnResult(BurnOutcome.NotFound);
            }

            var expected = credential.BySender ? row.ManageTokenHash : row.Verifier;
            if (!CryptographicOperations.FixedTimeEquals(expected, credential.Hash))
            {
                var wrongKey = credential.BySender ? null : Log(connection, transaction, row, AccessOutcome.WrongLoginKey, access);
                transaction.Commit();
                return new BurnResult(BurnOutcome.Refused, wrongKey);
            }

            if (row.StatusAt(access.At).State != SecretState.Available)
            {
                return new BurnResult(BurnOutcome.AlreadyGone);
            }

            End(connection, transaction, id, SecretState.Burned);
            var outcome = credential.BySender ? AccessOutcome.BurnedBySender : AccessOutcome.BurnedByRecipient;
            var recorded = Log(connection, transaction, row, outcome, access);
            transaction.Commit();
            return new BurnResult(BurnOutcome.Burned, recorded);
        }, ct);

    public async IAsyncEnumerable<AuditEvent> ReadAuditAsync(
        DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenReaderAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT secret_id, label, at, outcome, recipient, client_address, user_agent FROM access_events
            WHERE at >= $since AND at < $until ORDER BY at, rowid
            """;
        select.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            SecretId.TryParse(reader.GetString(0), out var id);
            yield return new AuditEvent(id!.Value, reader.IsDBNull(1) ? null : reader.GetString(1), ReadEvent(reader, 2));
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct) => WriteAsync(connection =>
    {
        // Small batches keep each write short, so opens never wait long behind a large purge.
        var changed = 0;
        int batch;
        do
        {
            batch = Execute(
                connection,
                null,
                """
                UPDATE secrets SET state = 1, ciphertext = NULL, remaining_logins = 0
                WHERE id IN (SELECT id FROM secrets WHERE state = 0 AND expires_at <= $now LIMIT 500);
                DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE purge_at <= $now LIMIT 500);
                DELETE FROM access_events WHERE rowid IN (SELECT rowid FROM access_events WHERE purge_at <= $now LIMIT 500);
                """,
                ("$now", now.ToUnixTimeMilliseconds()));
            changed += batch;
        }
        while (batch > 0 && !ct.IsCancellationRequested);

        // Opens and burns since the last sweep left old page images, ciphertext included, in the
        // WAL; copying them into the database (where secure_delete zeroed the freed space) and
        // truncating the WAL removes them. Busy readers only postpone this to the next sweep.
        Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)");
        return changed;
    }, ct);

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private static Row? ReadRow(SqliteConnection connection, SqliteTransaction? transaction, SecretId id)
    {
        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = """
            SELECT verifier, manage_token_hash, ciphertext, label, state, max_logins, remaining_logins,
                   created_at, expires_at, purge_at
            FROM secrets WHERE id = $id
            """;
        select.Parameters.AddWithValue("$id", id.Value);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new Row(
            id,
            (byte[])reader.GetValue(0),
            (byte[])reader.GetValue(1),
            reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            (SecretState)reader.GetInt32(4),
            reader.GetInt32(5),
            reader.GetInt32(6),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            reader.GetInt64(9));
    }

    private static AccessEvent ReadEvent(SqliteDataReader reader, int first) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first)),
        (AccessOutcome)reader.GetInt32(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4));

    private static void End(SqliteConnection connection, SqliteTransaction transaction, SecretId id, SecretState state) => Execute(
        connection,
        transaction,
        "UPDATE secrets SET state = $state, ciphertext = NULL, remaining_logins = 0 WHERE id = $id",
        ("$state", (int)state),
        ("$id", id.Value));

    private static AuditEvent Log(SqliteConnection connection, SqliteTransaction transaction, Row row, AccessOutcome outcome, AccessContext access)
    {
        Execute(
            connection,
            transaction,
            """
            INSERT INTO access_events (secret_id, label, at, outcome, recipient, client_address, user_agent, purge_at)
            VALUES ($id, $label, $at, $outcome, $recipient, $address, $agent, $purge)
            """,
            ("$id", row.Id.Value),
            ("$label", row.Label),
            ("$at", access.At.ToUnixTimeMilliseconds()),
            ("$outcome", (int)outcome),
            ("$recipient", access.Recipient),
            ("$address", access.ClientAddress),
            ("$agent", access.UserAgent),
            ("$purge", row.PurgeAt));
        return new AuditEvent(
            row.Id,
            row.Label,
            new AccessEvent(DateTimeOffset.FromUnixTimeMilliseconds(access.At.ToUnixTimeMilliseconds()), outcome, access.Recipient, access.ClientAddress, access.UserAgent));
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            return write(_writer);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private sealed record Row(
        SecretId Id,
        byte[] Verifier,
        byte[] ManageTokenHash,
        byte[]? Ciphertext,
        string? Label,
        SecretState State,
        int MaxLogins,
        int RemainingLogins,
        DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt,
        long PurgeAt)
    {
        public SecretStatus StatusAt(DateTimeOffset now)
        {
            var state = State == SecretState.Available && now >= ExpiresAt ? SecretState.Expired : State;
            return new SecretStatus(state, state == SecretState.Available ? RemainingLogins : 0, ExpiresAt);
        }
    }
}
