// Finds [SeededProperty] tests: FsCheck.Xunit's property test case, or, when the attribute's Replay is unusable, a
// test that fails with the reason (xunit's error case), instead of a test host that dies running it.
using FsCheck.Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SimManila.Properties.Tests;

public sealed class SeededPropertyDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly IXunitTestCaseDiscoverer property = new PropertyDiscoverer(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var invalid = factAttribute.GetNamedArgument<string?>(nameof(SeededPropertyAttribute.InvalidReplay));
        if (invalid is null) return property.Discover(discoveryOptions, testMethod, factAttribute);
        return [new ExecutionErrorTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, invalid)];
    }
}
