using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Npgsql;
using OneTime.Core;

namespace OneTime.Server.Storage;

/// <summary>
/// The store for teams that run PostgreSQL, shared by any number of nodes. The open is one
/// conditional <c>UPDATE … RETURNING</c> that also writes the access event (<see cref="OpenSql"/>):
/// the row lock it takes makes "check, use a login, delete on the last one, log it" atomic across
/// nodes. Only a refused open takes the slower path, a short transaction that learns why.
/// Times are stored as timestamptz, truncated to milliseconds like the other stores.
/// </summary>
public sealed class PostgresSecretStore : ISecretStore, IDisposable
{
    private const string Provider = "PostgreSQL";
    private const int PurgeBatch = 500;

    // The self-join hands back the ciphertext as it was before the UPDATE cleared it on the last
    // login (PostgreSQL 15 has no RETURNING OLD). It is safe under races: ciphertext only ever
    // changes to NULL, and only together with leaving state 0, which the re-checked WHERE refuses.
    // Verifiers are compared in SQL: the node hashed what the client sent, so timing tells nothing.
    // Leaving state 0 also empties the verifier (see EndSql): the tombstone cannot be opened anyway.
    private const string OpenSql = """
        WITH opened AS (
            UPDATE onetime_secrets AS s
            SET remaining_logins = s.remaining_logins - 1,
                state = CASE WHEN s.remaining_logins = 1 THEN 2 ELSE 0 END,
                ciphertext = CASE WHEN s.remaining_logins = 1 THEN NULL ELSE s.ciphertext END,
                verifier = CASE WHEN s.remaining_logins = 1 THEN ''::bytea ELSE s.verifier END
            FROM onetime_secrets AS before
            WHERE s.id = @id AND before.id = s.id
              AND s.state = 0 AND s.expires_at > @at AND s.verifier = @verifier
            RETURNING s.id, before.ciphertext, s.remaining_logins, s.expires_at, s.label, s.purge_at
        ), logged AS (
            INSERT INTO onetime_access_events (secret_id, label, at, outcome, recipient, client_address, user_agent, purge_at)
            SELECT id, label, @at, 'opened', @recipient, @address, @agent, purge_at FROM opened
        )
        SELECT ciphertext, remaining_logins, expires_at, label FROM opened
        """;

    // The tombstone keeps state, times and the manage-token hash (the sender's page needs it),
    // not the verifier. The column is NOT NULL, so an empty value stands for "cleared".
    private const string EndSql =
        "UPDATE onetime_secrets SET state = @state, ciphertext = NULL, verifier = ''::bytea, remaining_logins = 0 WHERE id = @id";

    private readonly NpgsqlDataSource _dataSource;

    /// <param name="connectionString">Npgsql format: <c>Host=db;Username=onetime;Password=...;Database=onetime</c>.</param>
    public PostgresSecretStore(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Where = StoreAddress.Of(builder);
        _dataSource = new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
        try
        {
            Migrate();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            _dataSource.Dispose();
            throw new StoreUnavailableException(Provider, Where, e);
        }
    }

    /// <summary>Host, port and database, for messages; never the user or password.</summary>
    public string Where { get; }

    public Task AddAsync(NewSecret secret, CancellationToken ct) => RunAsync(async connection =>
    {
        await using var insert = Command(
            connection,
            """
            INSERT INTO onetime_secrets (id, verifier, ciphertext, manage_token_hash, label, state,
                                         max_logins, remaining_logins, created_at, expires_at, purge_at)
            VALUES (@id, @verifier, @ciphertext, @manage, @label, 0, @max, @max, @created, @expires, @purge)
            """);
        Add(insert, "id", secret.Id.Value);
        Add(insert, "verifier", secret.Verifier);
        Add(insert, "ciphertext", secret.Ciphertext);
        Add(insert, "manage", secret.ManageTokenHash);
        Add(insert, "label", secret.Label);
        Add(insert, "max", secret.MaxLogins);
        Add(insert, "created", Utc(secret.CreatedAt));
        Add(insert, "expires", Utc(secret.ExpiresAt));
        Add(insert, "purge", Utc(secret.PurgeAt));
        await insert.ExecuteNonQueryAsync(ct);
        return true;
    }, ct);

    public Task<SecretStatus?> GetStatusAsync(SecretId id, DateTimeOffset now, CancellationToken ct) => RunAsync(async connection =>
        await ReadRowAsync(connection, null, id, forUpdate: false, ct) is { } row ? row.StatusAt(now) : null, ct);

    public Task<OpenResult> TryOpenAsync(SecretId id, byte[] verifier, AccessContext access, CancellationToken ct) => RunAsync(async connection =>
    {
        if (await TryOpenAtOnceAsync(connection, null, id, verifier, access, ct) is { } opened)
        {
            return opened;
        }

        // Refused: lock the row, learn why, end it if its time is up, and log the refusal.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ReadRowAsync(connection, transaction, id, forUpdate: true, ct) is not { } row)
        {
            return OpenResult.NotFound;
        }

        var state = row.StatusAt(access.At).State;
        if (state == SecretState.Expired && row.State == SecretState.Available)
        {
            await EndAsync(connection, transaction, id, SecretState.Expired, ct);
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
            // Unreachable in practice (nothing makes an ended secret openable again), but if the
            // first attempt lost to something transient, the row is now locked and this one wins.
            result = await TryOpenAtOnceAsync(connection, transaction, id, verifier, access, ct) ?? OpenResult.NotFound;
            await transaction.CommitAsync(ct);
            return result;
        }

        var recorded = await LogAsync(connection, transaction, id, row, AccessOutcomes.ForOpen(result.Outcome), access, ct);
        await transaction.CommitAsync(ct);
        return result with { Recorded = recorded };
    }, ct);

    public Task<ManagedSecret?> GetManagedAsync(SecretId id, byte[] manageTokenHash, DateTimeOffset now, CancellationToken ct) =>
        RunAsync(async connection =>
        {
            if (await ReadRowAsync(connection, null, id, forUpdate: false, ct) is not { } row
                || !CryptographicOperations.FixedTimeEquals(row.ManageTokenHash, manageTokenHash))
            {
                return null;
            }

            await using var select = Command(
                connection,
                """
                SELECT at, outcome, recipient, client_address, user_agent FROM onetime_access_events
                WHERE secret_id = @id ORDER BY at, seq
                """);
            Add(select, "id", id.Value);
            await using var reader = await select.ExecuteReaderAsync(ct);
            var log = new List<AccessEvent>();
            while (await reader.ReadAsync(ct))
            {
                log.Add(ReadEvent(reader, 0));
            }

            return new ManagedSecret(row.StatusAt(now), row.MaxLogins, row.CreatedAt, row.Label, log);
        }, ct);

    public Task<BurnResult> BurnAsync(SecretId id, BurnCredential credential, AccessContext access, CancellationToken ct) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await ReadRowAsync(connection, transaction, id, forUpdate: true, ct) is not { } row)
            {
                return new BurnResult(BurnOutcome.NotFound);
            }

            var state = row.StatusAt(access.At).State;
            if (state == SecretState.Expired && row.State == SecretState.Available)
            {
                await EndAsync(connection, transaction, id, SecretState.Expired, ct);
            }

            // An ended secret keeps no verifier to compare with; its state is public anyway.
            if (state != SecretState.Available && !credential.BySender)
            {
                await transaction.CommitAsync(ct);
                return new BurnResult(BurnOutcome.AlreadyGone);
            }

            var expected = credential.BySender ? row.ManageTokenHash : row.Verifier;
            if (!CryptographicOperations.FixedTimeEquals(expected, credential.Hash))
            {
                var wrongKey = credential.BySender ? null : await LogAsync(connection, transaction, id, row, AccessOutcome.WrongLoginKey, access, ct);
                await transaction.CommitAsync(ct);
                return new BurnResult(BurnOutcome.Refused, wrongKey);
            }

            if (state != SecretState.Available)
            {
                await transaction.CommitAsync(ct);
                return new BurnResult(BurnOutcome.AlreadyGone);
            }

            await EndAsync(connection, transaction, id, SecretState.Burned, ct);
            var outcome = credential.BySender ? AccessOutcome.BurnedBySender : AccessOutcome.BurnedByRecipient;
            var recorded = await LogAsync(connection, transaction, id, row, outcome, access, ct);
            await transaction.CommitAsync(ct);
            return new BurnResult(BurnOutcome.Burned, recorded);
        }, ct);

    public async IAsyncEnumerable<AuditEvent> ReadAuditAsync(
        DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await StartAuditAsync(since, until, ct);
        while (await reader.ReadAsync(ct))
        {
            SecretId.TryParse(reader.GetString(0), out var id);
            yield return new AuditEvent(id!.Value, reader.IsDBNull(1) ? null : reader.GetString(1), ReadEvent(reader, 2));
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct) => RunAsync(async connection =>
    {
        // Small batches, and SKIP LOCKED: every node runs this sweeper, and two sweepers (or a
        // sweeper and an open) never wait for each other; a row one of them skips, the next round takes.
        var changed = 0;
        int batch;
        do
        {
            await using var purge = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new($"""
                        UPDATE onetime_secrets SET state = 1, ciphertext = NULL, verifier = ''::bytea, remaining_logins = 0
                        WHERE id IN (SELECT id FROM onetime_secrets WHERE state = 0 AND expires_at <= $1
                                     LIMIT {PurgeBatch} FOR UPDATE SKIP LOCKED)
                        """),
                    new($"""
                        DELETE FROM onetime_secrets
                        WHERE id IN (SELECT id FROM onetime_secrets WHERE purge_at <= $1 LIMIT {PurgeBatch} FOR UPDATE SKIP LOCKED)
                        """),
                    new($"""
                        DELETE FROM onetime_access_events
                        WHERE seq IN (SELECT seq FROM onetime_access_events WHERE purge_at <= $1 LIMIT {PurgeBatch} FOR UPDATE SKIP LOCKED)
                        """),
                },
            };
            foreach (var command in purge.BatchCommands)
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = Utc(now) });
            }

            batch = await purge.ExecuteNonQueryAsync(ct);
            changed += batch;
        }
        while (batch > 0 && !ct.IsCancellationRequested);

        return changed;
    }, ct);

    public void Dispose() => _dataSource.Dispose();

    private void Migrate()
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresSchema.MigrationLock})");
        Execute(connection, transaction, PostgresSchema.CreateVersionTable);
        using var current = Command(connection, "SELECT coalesce(max(version), 0) FROM onetime_schema_version", transaction);
        var version = (int)current.ExecuteScalar()!;
        if (version > PostgresSchema.Migrations.Count)
        {
            throw new InvalidOperationException(
                $"its schema is version {version}, newer than this OneTime knows ({PostgresSchema.Migrations.Count}); upgrade OneTime");
        }

        for (var next = version + 1; next <= PostgresSchema.Migrations.Count; next++)
        {
            Execute(connection, transaction, PostgresSchema.Migrations[next - 1]);
            Execute(connection, transaction, $"INSERT INTO onetime_schema_version (version) VALUES ({next})");
        }

        transaction.Commit();
    }

    private async Task<NpgsqlDataReader> StartAuditAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(ct);
            await using var select = Command(
                connection,
                """
                SELECT secret_id, label, at, outcome, recipient, client_address, user_agent FROM onetime_access_events
                WHERE at >= @since AND at < @until ORDER BY at, seq
                """);
            Add(select, "since", Utc(since));
            Add(select, "until", Utc(until));
            return await select.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection, ct);
        }
        catch (NpgsqlException e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw Unavailable(e);
        }
    }

    private static async Task<OpenResult?> TryOpenAtOnceAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, SecretId id, byte[] verifier, AccessContext access, CancellationToken ct)
    {
        await using var open = Command(connection, OpenSql, transaction);
        Add(open, "id", id.Value);
        Add(open, "verifier", verifier);
        Add(open, "at", Utc(access.At));
        Add(open, "recipient", access.Recipient);
        Add(open, "address", access.ClientAddress);
        Add(open, "agent", access.UserAgent);
        await using var reader = await open.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var label = reader.IsDBNull(3) ? null : reader.GetString(3);
        return new OpenResult(
            OpenOutcome.Opened,
            reader.GetFieldValue<byte[]>(0),
            reader.GetInt32(1),
            reader.GetFieldValue<DateTimeOffset>(2),
            new AuditEvent(id, label, Event(AccessOutcome.Opened, access)));
    }

    private static async Task<Row?> ReadRowAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, SecretId id, bool forUpdate, CancellationToken ct)
    {
        await using var select = Command(
            connection,
            """
            SELECT verifier, manage_token_hash, label, state, max_logins, remaining_logins, created_at, expires_at, purge_at
            FROM onetime_secrets WHERE id = @id
            """ + (forUpdate ? " FOR UPDATE" : ""),
            transaction);
        Add(select, "id", id.Value);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new Row(
            reader.GetFieldValue<byte[]>(0),
            reader.GetFieldValue<byte[]>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            (SecretState)reader.GetInt16(3),
            reader.GetInt32(4),
            reader.GetInt32(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            reader.GetFieldValue<DateTimeOffset>(8));
    }

    private static async Task EndAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SecretId id, SecretState state, CancellationToken ct)
    {
        await using var end = Command(connection, EndSql, transaction);
        Add(end, "state", (short)state);
        Add(end, "id", id.Value);
        await end.ExecuteNonQueryAsync(ct);
    }

    private static async Task<AuditEvent> LogAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SecretId id, Row row, AccessOutcome outcome, AccessContext access, CancellationToken ct)
    {
        await using var insert = Command(
            connection,
            """
            INSERT INTO onetime_access_events (secret_id, label, at, outcome, recipient, client_address, user_agent, purge_at)
            VALUES (@id, @label, @at, @outcome, @recipient, @address, @agent, @purge)
            """,
            transaction);
        Add(insert, "id", id.Value);
        Add(insert, "label", row.Label);
        Add(insert, "at", Utc(access.At));
        Add(insert, "outcome", outcome.ToJson());
        Add(insert, "recipient", access.Recipient);
        Add(insert, "address", access.ClientAddress);
        Add(insert, "agent", access.UserAgent);
        Add(insert, "purge", row.PurgeAt);
        await insert.ExecuteNonQueryAsync(ct);
        return new AuditEvent(id, row.Label, Event(outcome, access));
    }

    private static AccessEvent Event(AccessOutcome outcome, AccessContext access) =>
        new(Utc(access.At), outcome, access.Recipient, access.ClientAddress, access.UserAgent);

    private static AccessEvent ReadEvent(NpgsqlDataReader reader, int first) => new(
        reader.GetFieldValue<DateTimeOffset>(first),
        AccessOutcomes.FromJson(reader.GetString(first + 1)),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4));

    /// <summary>UTC and whole milliseconds, as every store keeps time (Npgsql also insists on offset 0).</summary>
    private static DateTimeOffset Utc(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    private static void Add<T>(NpgsqlCommand command, string name, T value) => command.Parameters.Add(new NpgsqlParameter<T>(name, value));

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = Command(connection, sql, transaction);
        command.ExecuteNonQuery();
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                return await work(connection);
            }
            catch (NpgsqlException e) when (attempt == 1 && e is not PostgresException && e.IsTransient)
            {
                // A pooled connection that died while idle (PostgreSQL restarted, a proxy dropped it)
                // fails on first use. Clear the pool and try once more on a fresh connection. Even for
                // an open this is safe: a retry can lose a login whose answer never arrived, but it
                // can never open more than the login count allows.
                _dataSource.Clear();
            }
            catch (NpgsqlException e)
            {
                throw Unavailable(e);
            }
        }
    }

    private StoreUnavailableException Unavailable(NpgsqlException e)
    {
        // A lost server leaves dead connections in the pool; drop them all, so the requests after
        // this one start afresh and service resumes as soon as PostgreSQL is back.
        if (e is not PostgresException || e.IsTransient)
        {
            _dataSource.Clear();
        }

        return new StoreUnavailableException(Provider, Where, e);
    }

    private sealed record Row(
        byte[] Verifier,
        byte[] ManageTokenHash,
        string? Label,
        SecretState State,
        int MaxLogins,
        int RemainingLogins,
        DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt,
        DateTimeOffset PurgeAt)
    {
        public SecretStatus StatusAt(DateTimeOffset now)
        {
            var state = State == SecretState.Available && now >= ExpiresAt ? SecretState.Expired : State;
            return new SecretStatus(state, state == SecretState.Available ? RemainingLogins : 0, ExpiresAt);
        }
    }
}
