namespace OneTime.Server.Storage;

/// <summary>
/// The PostgreSQL schema as numbered migrations. Each node runs <see cref="Migrations"/> at start in
/// one transaction that first takes a transaction-scoped advisory lock, so when several nodes start
/// at once one migrates and the others wait, then find nothing left to do. Append new migrations;
/// never edit one that has shipped.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The advisory lock key: the same on every node, "OneTime" in ASCII.</summary>
    public const long MigrationLock = 0x4F6E6554696D65;

    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS onetime_schema_version (
            version    integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    // Access events carry the secret's label and purge time, so the audit export and the purge
    // need no join and outlive nothing they should not (as in SQLite). seq orders events of the
    // same millisecond in the order they were written, which is the order of the row locks.
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE onetime_secrets (
            id                text PRIMARY KEY,
            verifier          bytea NOT NULL,
            ciphertext        bytea,
            manage_token_hash bytea NOT NULL,
            label             text,
            state             smallint NOT NULL,
            max_logins        integer NOT NULL,
            remaining_logins  integer NOT NULL,
            created_at        timestamptz NOT NULL,
            expires_at        timestamptz NOT NULL,
            purge_at          timestamptz NOT NULL
        );
        CREATE INDEX onetime_secrets_available_expiry ON onetime_secrets (expires_at) WHERE state = 0;
        CREATE INDEX onetime_secrets_purge ON onetime_secrets (purge_at);
        CREATE TABLE onetime_access_events (
            seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            secret_id      text NOT NULL,
            label          text,
            at             timestamptz NOT NULL,
            outcome        text NOT NULL,
            recipient      text,
            client_address text,
            user_agent     text,
            purge_at       timestamptz NOT NULL
        );
        CREATE INDEX onetime_access_events_secret ON onetime_access_events (secret_id);
        CREATE INDEX onetime_access_events_at ON onetime_access_events (at, seq);
        CREATE INDEX onetime_access_events_purge ON onetime_access_events (purge_at);
        """,
    ];
}
