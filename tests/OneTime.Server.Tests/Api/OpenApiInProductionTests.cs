using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OneTime.Server.Tests.Api;

/// <summary>The factory runs the app as Development by default; this one as an operator would.</summary>
public sealed class ProductionAppFactory : OneTimeAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environments.Production);
    }
}

/// <summary>The API description is part of the product (issue 5), not a development aid.</summary>
public sealed class OpenApiInProductionTests(ProductionAppFactory app) : IClassFixture<ProductionAppFactory>
{
    [Fact]
    public async Task The_OpenApi_Document_Is_Served_In_Production()
    {
        Assert.True(app.Services.GetRequiredService<IHostEnvironment>().IsProduction());

        using var response = await app.CreateHttpClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"/api/v1/secrets/{id}/open\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
