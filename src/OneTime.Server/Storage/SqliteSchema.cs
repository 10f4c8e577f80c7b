using Microsoft.Data.Sqlite;

namespace OneTime.Server.Storage;

internal static class SqliteSchema
{
    // WAL lets status reads run beside the single writer; synchronous=FULL makes a created
    // secret durable once acknowledged, even across a power loss. Times are Unix milliseconds.
    // Access events carry the secret's label and purge time, so the audit export and the purge
    // need no join and outlive nothing they should not.
    // secure_delete zeroes freed space, so a deleted ciphertext does not linger in free pages;
    // the sweeper's TRUNCATE checkpoint then drops the copies the WAL still holds.
    // secrets is a rowid table with the random id in a UNIQUE index, not keyed by the id itself:
    // new rows then go to the end of the table instead of a random page each (pwrite64 calls per
    // create 13.3 -> 3.9). The writer's cache is 8 MiB: SQLite scans the whole cache after every
    // commit, so a bigger one costs more CPU than the reads it saves (64 MiB: 5 % of all CPU).
    // Ended secrets keep an empty verifier (NOT NULL stays true).
    // Access events find their secret by its rowid (secret_row), not its random id: rowids grow
    // with creation, so events of recent secrets share the index's last pages instead of one
    // random page each. secret_id stays for the audit export and to tell rowids apart should
    // SQLite reuse one. A restore from `sqlite3 .dump` without --preserve-rowids renumbers the
    // secrets and empties the manage pages' logs (nothing leaks: secret_id must match too); the
    // README's backup is `.backup`, a page copy that keeps rowids.
    private const string Create = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 5000;
        PRAGMA secure_delete = ON;
        PRAGMA cache_size = -8192;
        CREATE TABLE IF NOT EXISTS secrets (
            id                TEXT NOT NULL UNIQUE,
            verifier          BLOB NOT NULL,
            ciphertext        BLOB,
            manage_token_hash BLOB NOT NULL,
            label             TEXT,
            state             INTEGER NOT NULL,
            max_logins        INTEGER NOT NULL,
            remaining_logins  INTEGER NOT NULL,
            created_at        INTEGER NOT NULL,
            expires_at        INTEGER NOT NULL,
            purge_at          INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS secrets_available_expiry ON secrets (expires_at) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS secrets_purge ON secrets (purge_at);
        CREATE TABLE IF NOT EXISTS access_events (
            secret_id      TEXT NOT NULL,
            secret_row     INTEGER NOT NULL DEFAULT 0,
            label          TEXT,
            at             INTEGER NOT NULL,
            outcome        INTEGER NOT NULL,
            recipient      TEXT,
            client_address TEXT,
            user_agent     TEXT,
            purge_at       INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS access_events_secret_row ON access_events (secret_row);
        CREATE INDEX IF NOT EXISTS access_events_at ON access_events (at);
        CREATE INDEX IF NOT EXISTS access_events_purge ON access_events (purge_at);
        DROP INDEX IF EXISTS access_events_secret;
        -- A build from before secret_row may still write to this file (a rollback, two versions
        -- side by side): its events get their secret's row as they are written.
        CREATE TRIGGER IF NOT EXISTS access_events_link AFTER INSERT ON access_events WHEN NEW.secret_row = 0
        BEGIN
            UPDATE access_events SET secret_row = coalesce((SELECT rowid FROM secrets WHERE id = NEW.secret_id), 0)
            WHERE rowid = NEW.rowid;
        END;
        """;

    // Rowids per linking transaction: a long access log never holds the write lock for long.
    private const int LinkSlice = 10_000;

    /// <summary>Creates the schema, or brings an existing database up to date.</summary>
    public static void Apply(SqliteConnection connection)
    {
        // A database from before secret_row gets the column first, or Create could not index it.
        // Checked and changed in one write transaction, so two processes starting on an old file
        // do not both add the column.
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            if (Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'access_events'") == 1
                && Scalar(connection, "SELECT count(*) FROM pragma_table_info('access_events') WHERE name = 'secret_row'") == 0)
            {
                Execute(connection, "ALTER TABLE access_events ADD COLUMN secret_row INTEGER NOT NULL DEFAULT 0");
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            RollBack(connection);
            throw;
        }

        Execute(connection, Create);
        LinkEventsToRows(connection);
    }

    // Events without a row (logged before the column existed) get their secret's rowid. Those whose
    // secret is gone keep 0 and are left untouched (no manage page asks for them), so a start after
    // the upgrade writes nothing.
    private static void LinkEventsToRows(SqliteConnection connection)
    {
        var first = Scalar(connection, "SELECT coalesce(min(rowid), 0) FROM access_events WHERE secret_row = 0");
        var last = Scalar(connection, "SELECT coalesce(max(rowid), -1) FROM access_events WHERE secret_row = 0");
        using var link = connection.CreateCommand();
        link.CommandText = $"""
            UPDATE access_events SET secret_row = (SELECT rowid FROM secrets WHERE secrets.id = access_events.secret_id)
            WHERE secret_row = 0 AND rowid BETWEEN $from AND $from + {LinkSlice - 1}
                AND secret_id IN (SELECT id FROM secrets)
            """;
        var from = link.Parameters.Add("$from", SqliteType.Integer);
        for (var start = first; start <= last; start += LinkSlice)
        {
            from.Value = start;
            link.ExecuteNonQuery();
        }
    }

    private static void RollBack(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite had already rolled back; the first error is the one to report.
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
