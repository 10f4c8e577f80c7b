using Microsoft.Data.Sqlite;

namespace OneTime.Server.Tests.Api;

/// <summary>Looks into the SQLite file the way someone who stole it would.</summary>
public static class Database
{
    public static byte[]? Ciphertext(string databasePath, string id)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT ciphertext FROM secrets WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        var value = select.ExecuteScalar();
        Assert.NotNull(value);
        return value as byte[];
    }

    /// <summary>Every byte of the database and its WAL, where recent writes live until a checkpoint.</summary>
    public static byte[] AllFileBytes(string databasePath) =>
        [.. new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).SelectMany(ReadShared)];

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
