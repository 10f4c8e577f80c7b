namespace OneTime.Server.Tests.MultiNode;

[Trait("Store", "redis")]
public sealed class RedisSeveralNodesTests(RedisNodesFixture nodes) : SeveralNodesTests(nodes), IClassFixture<RedisNodesFixture>
{
    protected override IReadOnlyDictionary<string, string?> UnreachableStore(int port, string password) => new Dictionary<string, string?>
    {
        ["OneTime__Storage__Provider"] = "redis",
        ["OneTime__Storage__ConnectionString"] = $"127.0.0.1:{port},password={password},connectTimeout=2000",
    };

    protected override string ExpectedWhere(int port) => $"The Redis store at 127.0.0.1:{port} is unavailable";
}
