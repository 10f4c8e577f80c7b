using System.Text;
using Npgsql;
using OneTime.Core;
using OneTime.Server.Storage;

namespace OneTime.Server.Tests.Storage;

[Trait("Store", "postgres")]
public sealed class PostgresSecretStoreTests(PostgresFixture postgres) : SecretStoreConformanceTests
{
    private string _connectionString = "";

    protected override async ValueTask<ISecretStore> CreateStoreAsync()
    {
        _connectionString = await postgres.CreateSchemaAsync();
        return new PostgresSecretStore(_connectionString);
    }

    protected override async Task<IReadOnlyList<byte[]>> ReadStoredValuesAsync(SecretId id)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var select = new NpgsqlCommand("SELECT * FROM onetime_secrets WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", id.Value);
        await using var reader = await select.ExecuteReaderAsync(Ct);
        var values = new List<byte[]>();
        while (await reader.ReadAsync(Ct))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values.Add(reader.GetValue(i) switch
                {
                    byte[] bytes => bytes,
                    var value => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                });
            }
        }

        return values;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await postgres.DropSchemaAsync(_connectionString);
    }

    [Fact]
    public async Task Nodes_Starting_At_Once_Migrate_Exactly_Once_And_All_Start()
    {
        var fresh = await postgres.CreateSchemaAsync();
        try
        {
            var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresSecretStore(fresh), Ct)));
            foreach (var store in stores)
            {
                store.Dispose();
            }

            using var again = new PostgresSecretStore(fresh);

            var latest = PostgresSchema.Migrations.Count;
            Assert.Equal((long)latest, await postgres.ScalarAsync<long>("SELECT count(*) FROM onetime_schema_version", fresh));
            Assert.Equal(latest, await postgres.ScalarAsync<int>("SELECT max(version) FROM onetime_schema_version", fresh));
        }
        finally
        {
            await postgres.DropSchemaAsync(fresh);
        }
    }

    [Fact]
    public async Task A_Schema_Newer_Than_This_Version_Stops_The_Node_With_A_Clear_Error()
    {
        await postgres.ExecuteAsync("INSERT INTO onetime_schema_version (version) VALUES (99)", _connectionString);

        var error = Assert.Throws<StoreUnavailableException>(() => new PostgresSecretStore(_connectionString));

        Assert.Contains("schema is version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweepers_On_Several_Nodes_At_Once_Expire_Each_Secret_Exactly_Once()
    {
        var secrets = new List<NewSecret>();
        for (var i = 0; i < 600; i++)
        {
            secrets.Add((await AddAsync(maxLogins: 1)).Secret);
        }

        using var otherNode = new PostgresSecretStore(_connectionString);

        var changed = await Task.WhenAll(
            Task.Run(() => Store.PurgeAsync(Now.AddHours(2), Ct), Ct),
            Task.Run(() => otherNode.PurgeAsync(Now.AddHours(2), Ct), Ct),
            Task.Run(() => Store.PurgeAsync(Now.AddHours(2), Ct), Ct));

        Assert.Equal(600, changed.Sum());
        Assert.Equal(0L, await postgres.ScalarAsync<long>("SELECT count(*) FROM onetime_secrets WHERE state = 0 OR ciphertext IS NOT NULL", _connectionString));
    }

    [Fact]
    public async Task A_PostgreSQL_That_Cannot_Be_Reached_Fails_With_The_Address_And_Without_The_Password()
    {
        var port = Servers.FreePort.Next();

        var error = Assert.Throws<StoreUnavailableException>(() =>
            new PostgresSecretStore($"Host=127.0.0.1;Port={port};Username=onetime;Password=very-secret-pw;Database=onetime"));

        Assert.Contains($"PostgreSQL store at 127.0.0.1:{port}/onetime", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-pw", error.ToString(), StringComparison.Ordinal);
    }
}
