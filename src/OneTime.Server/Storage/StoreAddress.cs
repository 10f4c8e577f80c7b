using System.Net;
using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace OneTime.Server.Storage;

/// <summary>
/// Where a store lives, for messages: hosts, ports and database, never a user name or password,
/// because these lines end up in logs and on the console.
/// </summary>
public static class StoreAddress
{
    public static bool IsWellFormed(StorageProvider kind, string connectionString)
    {
        try
        {
            _ = kind switch
            {
                StorageProvider.Redis => ConfigurationOptions.Parse(connectionString).EndPoints.Count > 0 ? "" : throw new ArgumentException("no endpoint"),
                StorageProvider.Postgres => new NpgsqlConnectionStringBuilder(connectionString).ToString(),
                _ => "",
            };
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    public static string Of(ConfigurationOptions redis) =>
        redis.EndPoints.Count == 0 ? "(no endpoint)" : string.Join(",", redis.EndPoints.Select(Of));

    public static string Of(NpgsqlConnectionStringBuilder postgres)
    {
        var host = string.IsNullOrEmpty(postgres.Host) ? "localhost" : postgres.Host;
        var database = string.IsNullOrEmpty(postgres.Database) ? "" : "/" + postgres.Database;
        return host.Contains(':', StringComparison.Ordinal) || host.Contains(',', StringComparison.Ordinal)
            ? host + database
            : $"{host}:{postgres.Port}{database}";
    }

    private static string Of(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        UnixDomainSocketEndPoint unix => unix.ToString(),
        _ => endPoint.ToString() ?? "?",
    };
}
