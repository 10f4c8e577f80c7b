using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTime.Core;

/// <summary>Source-generated JSON for the types the server and the CLI exchange.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(SecretPayload))]
[JsonSerializable(typeof(CreateSecretRequest))]
[JsonSerializable(typeof(CreateSecretResponse))]
[JsonSerializable(typeof(SecretStatusResponse))]
[JsonSerializable(typeof(OpenSecretRequest))]
[JsonSerializable(typeof(OpenSecretResponse))]
[JsonSerializable(typeof(SettingsResponse))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
