using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

// A bare Kestrel endpoint: read a ~1 KB JSON body, answer 201 with a fresh random id. It does the
// work every framework has to do for OneTime's create (parse, generate, serialize) and nothing else.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJson.Default));

var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.MapPost("/api/v1/secrets", (Payload payload) =>
    payload.Ciphertext is { Length: > 0 }
        ? Results.Created((string?)null, new Created(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))))
        : Results.BadRequest());
app.Run();

internal sealed record Payload(string? Ciphertext, string? Verifier, string? Ttl, int? MaxLogins);

internal sealed record Created(string Id);

[JsonSerializable(typeof(Payload))]
[JsonSerializable(typeof(Created))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class BaselineJson : JsonSerializerContext;
