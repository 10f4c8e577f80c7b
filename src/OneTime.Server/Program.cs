using OneTime.Core;
using OneTime.Server.Audit;
using OneTime.Server.Health;
using OneTime.Server.Observability;
using OneTime.Server.Pages;
using OneTime.Server.Secrets;
using OneTime.Server.Storage;
using OneTime.Server.Web;

if (args is ["probe", var probeUrl])
{
    return await HealthProbe.RunAsync(probeUrl);
}

// Content root is the app's own folder, so `dotnet run` and a published binary find wwwroot
// wherever they are started from; the SQLite path stays relative to the working directory.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // Bodies are limited per endpoint (JsonBody); this is the ceiling for everything else.
    kestrel.Limits.MaxRequestBodySize = 64 * 1024;
    kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
    kestrel.Limits.MaxRequestLineSize = 4 * 1024;
});
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, CoreJsonContext.Default));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddApiProblemDetails();
builder.Services.AddTrustedProxies();
builder.Services.AddSecretStore();
builder.Services.AddSecrets();
builder.Services.AddAudit();
builder.Services.AddClientRateLimits();
builder.Services.AddHealth();
builder.AddObservability();

var app = builder.Build();
if (!StartupCheck.StoreIsReady(app))
{
    return 1;
}

app.UseTrustedProxies();
app.UseHttpLogging();
app.UseSecurityHeaders();
app.UseApiProblemDetails();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseRevalidatedStaticFiles();
app.UseRateLimiter();
app.MapSecrets();
app.MapSecretManagement();
app.MapAudit();
app.MapPages();
app.MapHealth();
app.MapMetrics();
app.Lifetime.ApplicationStarted.Register(() => StartupCheck.AnnounceAddresses(app));

await app.RunAsync();
return 0;

public partial class Program;
