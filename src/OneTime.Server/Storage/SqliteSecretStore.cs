using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// The embedded default. SQLite allows one writer at a time, so every write goes through one
/// connection on one thread (<see cref="SqliteGroupCommit"/>): no SQLITE_BUSY retries, each open
/// or burn runs without any other write between its steps, which makes "check, use a login, delete
/// on the last one, log it" atomic, and many writes share one transaction and one fsync.
/// Statements on the writer are prepared once. Reads use pooled connections and run beside the
/// writer thanks to WAL.
/// </summary>
public sealed class SqliteSecretStore : ISecretStore, IDisposable
{
    private const string Provider = "SQLite";

    // Small purge batches keep each group commit short, so opens never wait long behind a purge.
    private const int PurgeBatchSize = 500;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Statements _statements;
    private readonly SqliteGroupCommit _commits;

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
            SqliteSchema.Apply(_writer);
            _statements = new Statements(_writer);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            _writer?.Dispose();
            throw new StoreUnavailableException(Provider, DataSource, e);
        }

        _commits = new SqliteGroupCommit(_writer, e => new StoreUnavailableException(Provider, DataSource, e));
    }

    /// <summary>The database file (absolute path), for messages and tests.</summary>
    public string DataSource { get; }

    public Task AddAsync(NewSecret secret, CancellationToken ct) => _commits.RunAsync(() => _statements.Insert(secret), ct);

    public async Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenReaderAsync(ct);
            return ReadRow(connection, id) is { } row ? row.StatusAt(now) : null;
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException(Provider, DataSource, e);
        }
    }

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct) =>
        _commits.RunAsync(() => Open(id, verifier, access), ct);

    public async Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenReaderAsync(ct);
            if (ReadRow(connection, id) is not { } row
                || !CryptographicOperations.FixedTimeEquals(row.ManageTokenHash, manageTokenHash))
            {
                return null;
            }

            await using var select = connection.CreateCommand();
            select.CommandText = """
                SELECT at, outcome, recipient, client_address, user_agent FROM access_events
                WHERE secret_row = $row AND secret_id = $id ORDER BY at, rowid
                """;
            select.Parameters.AddWithValue("$row", row.RowId);
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
        _commits.RunAsync(() => Burn(id, credential, access), ct);

    public async IAsyncEnumerable<AuditEvent> ReadAuditAsync(
        DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var events = ReadAuditRowsAsync(since, until, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (SqliteException e)
            {
                throw new StoreUnavailableException(Provider, DataSource, e);
            }

            yield return events.Current;
        }
    }

    private async IAsyncEnumerable<AuditEvent> ReadAuditRowsAsync(
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

    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        // One batch per group commit: each rides along with the opens of that moment, so a purge
        // of a million rows adds a little to many commits instead of blocking the writer.
        var changed = 0;
        int batch;
        do
        {
            batch = await _commits.RunAsync(() => _statements.PurgeBatch(now), ct);
            changed += batch;
        }
        while (batch > 0 && !ct.IsCancellationRequested);

        // Opens and burns since the last sweep left old page images, ciphertext included, in the
        // WAL; copying them into the database (where secure_delete zeroed the freed space) and
        // truncating the WAL removes them. Busy readers only postpone this to the next sweep.
        await _commits.RunAloneAsync(_statements.Checkpoint, ct);
        return changed;
    }

    public void Dispose()
    {
        _commits.Dispose();
        _statements.Dispose();
        _writer.Dispose();
    }

    private OpenResult Open(SecretId id, byte[] verifier, AccessContext access)
    {
        if (_statements.Read(id) is not { } row)
        {
            return OpenResult.NotFound;
        }

        var state = row.StatusAt(access.At).State;
        if (state == SecretState.Expired && row.State == SecretState.Available)
        {
            _statements.End(id, SecretState.Expired);
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
                _statements.End(id, SecretState.UsedUp);
            }
            else
            {
                _statements.UseLogin(id, remaining);
            }

            result = new OpenResult(OpenOutcome.Opened, row.Ciphertext, remaining, row.ExpiresAt);
        }

        return result with { Recorded = _statements.Log(row, AccessOutcomes.ForOpen(result.Outcome), access) };
    }

    private BurnResult Burn(SecretId id, BurnCredential credential, AccessContext access)
    {
        if (_statements.Read(id) is not { } row)
        {
            return new BurnResult(BurnOutcome.NotFound);
        }

        var state = row.StatusAt(access.At).State;
        if (state == SecretState.Expired && row.State == SecretState.Available)
        {
            _statements.End(id, SecretState.Expired);
        }

        // An ended secret keeps no verifier to compare with; its state is public anyway.
        if (state != SecretState.Available && !credential.BySender)
        {
            return new BurnResult(BurnOutcome.AlreadyGone);
        }

        var expected = credential.BySender ? row.ManageTokenHash : row.Verifier;
        if (!CryptographicOperations.FixedTimeEquals(expected, credential.Hash))
        {
            var wrongKey = credential.BySender ? null : _statements.Log(row, AccessOutcome.WrongLoginKey, access);
            return new BurnResult(BurnOutcome.Refused, wrongKey);
        }

        if (state != SecretState.Available)
        {
            return new BurnResult(BurnOutcome.AlreadyGone);
        }

        _statements.End(id, SecretState.Burned);
        var outcome = credential.BySender ? AccessOutcome.BurnedBySender : AccessOutcome.BurnedByRecipient;
        return new BurnResult(BurnOutcome.Burned, _statements.Log(row, outcome, access));
    }

    private const string SelectRow = """
        SELECT verifier, manage_token_hash, ciphertext, label, state, max_logins, remaining_logins,
               created_at, expires_at, purge_at, rowid
        FROM secrets WHERE id = $id
        """;

    private static Row? ReadRow(SqliteConnection connection, SecretId id)
    {
        using var select = connection.CreateCommand();
        select.CommandText = SelectRow;
        select.Parameters.AddWithValue("$id", id.Value);
        return ReadRow(select, id);
    }

    private static Row? ReadRow(SqliteCommand select, SecretId id)
    {
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
            reader.GetInt64(9),
            reader.GetInt64(10));
    }

    private static AccessEvent ReadEvent(SqliteDataReader reader, int first) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first)),
        (AccessOutcome)reader.GetInt32(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4));

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>The writer's statements, prepared once; used only on the group-commit thread.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _select;
        private readonly SqliteCommand _useLogin;
        private readonly SqliteCommand _end;
        private readonly SqliteCommand _log;
        private readonly SqliteCommand _purge;
        private readonly SqliteCommand _checkpoint;

        public Statements(SqliteConnection connection)
        {
            _insert = Prepare(
                connection,
                """
                INSERT INTO secrets (id, verifier, ciphertext, manage_token_hash, label, state,
                                     max_logins, remaining_logins, created_at, expires_at, purge_at)
                VALUES ($id, $verifier, $ciphertext, $manage, $label, 0, $max, $max, $created, $expires, $purge)
                """,
                "$id", "$verifier", "$ciphertext", "$manage", "$label", "$max", "$created", "$expires", "$purge");
            _select = Prepare(connection, SelectRow, "$id");
            _useLogin = Prepare(connection, "UPDATE secrets SET remaining_logins = $remaining WHERE id = $id", "$remaining", "$id");
            // The tombstone keeps state, times and the manage-token hash (the sender's page needs
            // it), not the verifier: nothing opens an ended secret. The column is NOT NULL, so an
            // empty blob stands for "cleared".
            _end = Prepare(
                connection,
                "UPDATE secrets SET state = $state, ciphertext = NULL, verifier = X'', remaining_logins = 0 WHERE id = $id",
                "$state",
                "$id");
            _log = Prepare(
                connection,
                """
                INSERT INTO access_events (secret_id, secret_row, label, at, outcome, recipient, client_address, user_agent, purge_at)
                VALUES ($id, $row, $label, $at, $outcome, $recipient, $address, $agent, $purge)
                """,
                "$id", "$row", "$label", "$at", "$outcome", "$recipient", "$address", "$agent", "$purge");
            _purge = Prepare(
                connection,
                $"""
                UPDATE secrets SET state = 1, ciphertext = NULL, verifier = X'', remaining_logins = 0
                WHERE id IN (SELECT id FROM secrets WHERE state = 0 AND expires_at <= $now LIMIT {PurgeBatchSize});
                DELETE FROM secrets WHERE id IN (SELECT id FROM secrets WHERE purge_at <= $now LIMIT {PurgeBatchSize});
                DELETE FROM access_events WHERE rowid IN (SELECT rowid FROM access_events WHERE purge_at <= $now LIMIT {PurgeBatchSize});
                """,
                "$now");
            _checkpoint = Prepare(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        public bool Insert(NewSecret secret) => Execute(
            _insert,
            secret.Id.Value,
            secret.Verifier,
            secret.Ciphertext,
            secret.ManageTokenHash,
            secret.Label,
            secret.MaxLogins,
            secret.CreatedAt.ToUnixTimeMilliseconds(),
            secret.ExpiresAt.ToUnixTimeMilliseconds(),
            secret.PurgeAt.ToUnixTimeMilliseconds()) > 0;

        public Row? Read(SecretId id)
        {
            _select.Parameters[0].Value = id.Value;
            return ReadRow(_select, id);
        }

        public void UseLogin(SecretId id, int remaining) => Execute(_useLogin, remaining, id.Value);

        public void End(SecretId id, SecretState state) => Execute(_end, (int)state, id.Value);

        public AuditEvent Log(Row row, AccessOutcome outcome, AccessContext access)
        {
            var at = access.At.ToUnixTimeMilliseconds();
            Execute(_log, row.Id.Value, row.RowId, row.Label, at, (int)outcome, access.Recipient, access.ClientAddress, access.UserAgent, row.PurgeAt);
            return new AuditEvent(
                row.Id,
                row.Label,
                new AccessEvent(DateTimeOffset.FromUnixTimeMilliseconds(at), outcome, access.Recipient, access.ClientAddress, access.UserAgent));
        }

        public int PurgeBatch(DateTimeOffset now) => Execute(_purge, now.ToUnixTimeMilliseconds());

        public int Checkpoint() => Execute(_checkpoint);

        public void Dispose()
        {
            foreach (var command in new[] { _insert, _select, _useLogin, _end, _log, _purge, _checkpoint })
            {
                command.Dispose();
            }
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private static int Execute(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            return command.ExecuteNonQuery();
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
        long PurgeAt,
        long RowId)
    {
        public SecretStatus StatusAt(DateTimeOffset now)
        {
            var state = State == SecretState.Available && now >= ExpiresAt ? SecretState.Expired : State;
            return new SecretStatus(state, state == SecretState.Available ? RemainingLogins : 0, ExpiresAt);
        }
    }
}
