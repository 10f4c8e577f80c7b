using System.Text.Json;
using System.Text.Json.Serialization;
using OneTime.Cli.Commands;
using OneTime.Core;

namespace OneTime.Cli;

/// <summary>Source-generated JSON for what only the CLI reads or prints (so it stays trimmable and AOT-ready).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ProblemAnswer))]
[JsonSerializable(typeof(ShareResult))]
[JsonSerializable(typeof(ManageSecretResponse))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
