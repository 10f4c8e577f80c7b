namespace OneTime.Server.Tests.MultiNode;

[Trait("Store", "postgres")]
public sealed class PostgresSeveralNodesTests(PostgresNodesFixture nodes) : SeveralNodesTests(nodes), IClassFixture<PostgresNodesFixture>
{
    protected override IReadOnlyDictionary<string, string?> UnreachableStore(int port, string password) => new Dictionary<string, string?>
    {
        ["OneTime__Storage__Provider"] = "postgres",
        ["OneTime__Storage__ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=onetime;Password={password};Database=onetime",
    };

    protected override string ExpectedWhere(int port) => $"The PostgreSQL store at 127.0.0.1:{port}/onetime is unavailable";
}
