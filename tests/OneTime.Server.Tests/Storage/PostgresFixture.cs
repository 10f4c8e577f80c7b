using Npgsql;
using OneTime.Server.Tests.Servers;

[assembly: AssemblyFixture(typeof(OneTime.Server.Tests.Storage.PostgresFixture))]

namespace OneTime.Server.Tests.Storage;

/// <summary>
/// One PostgreSQL for every test that only needs one: <c>ONETIME_TEST_POSTGRES</c> (an Npgsql
/// connection string with the right to create schemas) if set, otherwise a throwaway cluster,
/// started on first use and stopped after the last test. Each store gets its own schema through
/// <c>Search Path</c>, so tests keep apart and every store runs the migrations from scratch.
/// Tests that kill or restart PostgreSQL start their own.
/// </summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    private readonly Lazy<Task<PostgresServer>> _server = new(PostgresServer.StartAsync);

    public async Task<string> GetConnectionStringAsync() =>
        Environment.GetEnvironmentVariable("ONETIME_TEST_POSTGRES") is { Length: > 0 } external ? external : (await _server.Value).ConnectionString;

    /// <summary>A connection string whose tables land in a new, empty schema.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(await GetConnectionStringAsync()) { SearchPath = schema }.ConnectionString;
    }

    public async Task DropSchemaAsync(string connectionString)
    {
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
    }

    public async Task ExecuteAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? await GetConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await (await _server.Value).DisposeAsync();
        }
    }
}
