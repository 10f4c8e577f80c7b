using OneTime.Server.Tests.Storage;

namespace OneTime.Server.Tests.Api;

/// <summary>The app on the shared PostgreSQL, in a schema of its own that is dropped afterwards.</summary>
public class PostgresAppFactory : OneTimeAppFactory
{
    private readonly PostgresFixture _postgres;
    private string _connectionString = "";

    public PostgresAppFactory(PostgresFixture postgres) => _postgres = postgres;

    protected PostgresAppFactory(PostgresFixture postgres, IReadOnlyDictionary<string, string?> settings)
        : base(settings) => _postgres = postgres;

    protected override async Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync()
    {
        _connectionString = await _postgres.CreateSchemaAsync();
        return new Dictionary<string, string?>
        {
            ["OneTime:Storage:Provider"] = "postgres",
            ["OneTime:Storage:ConnectionString"] = _connectionString,
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DropSchemaAsync(_connectionString);
    }
}

/// <summary>The app on the shared Redis, under a key prefix of its own.</summary>
public class RedisAppFactory : OneTimeAppFactory
{
    private readonly RedisFixture _redis;

    public RedisAppFactory(RedisFixture redis) => _redis = redis;

    protected RedisAppFactory(RedisFixture redis, IReadOnlyDictionary<string, string?> settings)
        : base(settings) => _redis = redis;

    protected override async Task<IReadOnlyDictionary<string, string?>> StoreSettingsAsync() => new Dictionary<string, string?>
    {
        ["OneTime:Storage:Provider"] = "redis",
        ["OneTime:Storage:ConnectionString"] = await _redis.GetConnectionStringAsync(),
        ["OneTime:Storage:KeyPrefix"] = RedisFixture.NewKeyPrefix(),
    };
}
