namespace OneTime.Server.Tests.Operations;

/// <summary>
/// Tests that assert metric values run alone, after every parallel test. OpenTelemetry listens to
/// meters by name across the whole process, so one test app's <c>/metrics</c> also counts what
/// every other app alive at that moment records: a count could be too high, or come from the
/// wrong app.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metric values";
}
