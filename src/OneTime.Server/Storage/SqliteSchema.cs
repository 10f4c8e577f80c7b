namespace OneTime.Server.Storage;

internal static class SqliteSchema
{
    // WAL lets status reads run beside the single writer; synchronous=FULL makes a created
    // secret durable once acknowledged, even across a power loss. Times are Unix milliseconds.
    public const string Create = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = 5000;
        CREATE TABLE IF NOT EXISTS secrets (
            id                TEXT PRIMARY KEY,
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
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS secrets_available_expiry ON secrets (expires_at) WHERE state = 0;
        CREATE INDEX IF NOT EXISTS secrets_purge ON secrets (purge_at);
        """;
}
