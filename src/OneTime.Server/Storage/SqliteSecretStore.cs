using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// The embedded default. SQLite allows one writer at a time, so every write goes through one
/// connection behind an async lock: no SQLITE_BUSY retries, and each open is a single IMMEDIATE
/// transaction, which makes "check, use a login, delete on the last one" atomic. Reads use
/// pooled connections and run beside the writer thanks to WAL.
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
            Execute(_writer, SqliteSchema.Create);
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
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO secrets (id, verifier, ciphertext, manage_token_hash, label, state,
                                 max_logins, remaining_logins, created_at, expires_at, purge_at)
            VALUES ($id, $verifier, $ciphertext, $manage, $label, 0, $max, $max, $created, $expires, $purge)
            """;
        insert.Parameters.AddWithValue("$id", secret.Id.Value);
        insert.Parameters.AddWithValue("$verifier", secret.Verifier);
        insert.Parameters.AddWithValue("$ciphertext", secret.Ciphertext);
        insert.Parameters.AddWithValue("$manage", secret.ManageTokenHash);
        insert.Parameters.AddWithValue("$label", (object?)secret.Label ?? DBNull.Value);
        insert.Parameters.AddWithValue("$max", secret.MaxLogins);
        insert.Parameters.AddWithValue("$created", secret.CreatedAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$expires", secret.ExpiresAt.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$purge", secret.PurgeAt.ToUnixTimeMilliseconds());
        insert.ExecuteNonQuery();
        return true;
    }, ct);

    public async Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(ct);
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT state, remaining_logins, expires_at FROM secrets WHERE id = $id";
            select.Parameters.AddWithValue("$id", id.Value);
            await using var reader = await select.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var state = (SecretState)reader.GetInt32(0);
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
            if (state == SecretState.Available && now >= expiresAt)
            {
                state = SecretState.Expired;
            }

            return new SecretStatus(state, state == SecretState.Available ? reader.GetInt32(1) : 0, expiresAt);
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
    }

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, DateTimeOffset now, CancellationToken ct) =>
        WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = """
                SELECT verifier, state, remaining_logins, expires_at, ciphertext FROM secrets WHERE id = $id
                """;
            select.Parameters.AddWithValue("$id", id.Value);
            using var reader = select.ExecuteReader();
            if (!reader.Read())
            {
                return OpenResult.NotFound;
            }

            var state = (SecretState)reader.GetInt32(1);
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3));
            if (state == SecretState.Available && now >= expiresAt)
            {
                reader.Close();
                EndSecret(connection, transaction, id, SecretState.Expired);
                transaction.Commit();
                return OpenResult.Refused(SecretState.Expired, expiresAt);
            }

            if (state != SecretState.Available)
            {
                return OpenResult.Refused(state, expiresAt);
            }

            if (!CryptographicOperations.FixedTimeEquals((byte[])reader.GetValue(0), verifier))
            {
                return new OpenResult(OpenOutcome.WrongKey, RemainingLogins: reader.GetInt32(2), ExpiresAt: expiresAt);
            }

            var ciphertext = (byte[])reader.GetValue(4);
            var remaining = reader.GetInt32(2) - 1;
            reader.Close();
            if (remaining == 0)
            {
                EndSecret(connection, transaction, id, SecretState.UsedUp);
            }
            else
            {
                using var use = connection.CreateCommand();
                use.Transaction = transaction;
                use.CommandText = "UPDATE secrets SET remaining_logins = $remaining WHERE id = $id";
                use.Parameters.AddWithValue("$remaining", remaining);
                use.Parameters.AddWithValue("$id", id.Value);
                use.ExecuteNonQuery();
            }

            transaction.Commit();
            return new OpenResult(OpenOutcome.Opened, ciphertext, remaining, expiresAt);
        }, ct);

    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct) => WriteAsync(connection =>
    {
        // Small batches keep each write short, so opens never wait long behind a large purge.
        var changed = 0;
        int batch;
        do
        {
            using var purge = connection.CreateCommand();
            purge.CommandText = """
                UPDATE secrets SET state = 1, ciphertext = NULL, remaining_logins = 0
                WHERE id IN (SELECT id FROM secrets WHERE state = 0 AND expires_at <= $now LIMIT 500);
                DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE purge_at <= $now LIMIT 500);
                """;
            purge.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            batch = purge.ExecuteNonQuery();
            changed += batch;
        }
        while (batch > 0 && !ct.IsCancellationRequested);

        return changed;
    }, ct);

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private static void EndSecret(SqliteConnection connection, SqliteTransaction transaction, SecretId id, SecretState state)
    {
        using var end = connection.CreateCommand();
        end.Transaction = transaction;
        end.CommandText = "UPDATE secrets SET state = $state, ciphertext = NULL, remaining_logins = 0 WHERE id = $id";
        end.Parameters.AddWithValue("$state", (int)state);
        end.Parameters.AddWithValue("$id", id.Value);
        end.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
}
