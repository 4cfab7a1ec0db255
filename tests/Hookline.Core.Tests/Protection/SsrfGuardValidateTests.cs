using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class SsrfGuardValidateTests
{
    private static SsrfGuard Guard(SsrfOptions? options = null) => new(options ?? new SsrfOptions(), new StubDnsResolver());

    [Theory]
    [InlineData("https://example.com/hooks")]
    [InlineData("http://example.com:8080/hooks?x=1")]
    [InlineData("http://8.8.8.8/")]
    [InlineData("http://[2606:4700::1111]/")]
    [InlineData("https://localhost.example.com/")]
    public void Validate_AcceptsPublicHttpUrls(string url) =>
        Guard().Validate(new Uri(url)).ShouldBeNull();

    [Theory]
    [InlineData("http://127.0.0.1/", "loopback")]
    [InlineData("http://2130706433/", "loopback")]
    [InlineData("http://0x7f.1/", "loopback")]
    [InlineData("http://127.1/", "loopback")]
    [InlineData("http://0177.0.0.1/", "loopback")]
    [InlineData("http://127.0.0.1./", "loopback")]
    [InlineData("http://0/", "this network")]
    [InlineData("http://[::1]:8080/", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/", "IPv4-mapped")]
    [InlineData("http://[::ffff:7f00:1]/", "IPv4-mapped")]
    [InlineData("http://[fe80::1%25eth0]/", "link-local")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "metadata")]
    [InlineData("http://[fd00:ec2::254]/", "metadata")]
    [InlineData("http://10.0.0.5/", "RFC 1918")]
    [InlineData("http://localhost/", "localhost")]
    [InlineData("http://LOCALHOST./", "localhost")]
    [InlineData("http://api.localhost:5000/", "localhost")]
    [InlineData("ftp://example.com/", "http or https")]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("http://user:secret@example.com/", "user name or password")]
    public void Validate_RefusesWithAReason(string url, string reasonPart) =>
        Guard().Validate(new Uri(url)).ShouldNotBeNull().ShouldContain(reasonPart);

    [Fact]
    public void Validate_RefusesRelativeUrls() =>
        Guard().Validate(new Uri("/hooks", UriKind.Relative)).ShouldNotBeNull().ShouldContain("absolute");

    [Fact]
    public void Validate_WithHttpsOnly_RefusesHttp()
    {
        var guard = Guard(new SsrfOptions { HttpsOnly = true });

        guard.Validate(new Uri("http://example.com/")).ShouldNotBeNull().ShouldContain("https");
        guard.Validate(new Uri("https://example.com/")).ShouldBeNull();
    }

    [Fact]
    public void Validate_WithAllowPrivateTargets_AcceptsLocalhostAndPrivateLiterals()
    {
        var guard = Guard(new SsrfOptions { AllowPrivateTargets = true });

        guard.Validate(new Uri("http://localhost:5000/")).ShouldBeNull();
        guard.Validate(new Uri("http://10.0.0.5/")).ShouldBeNull();
    }

    [Fact]
    public void Validate_WithAllowedCidr_AcceptsThatNetworkOnly()
    {
        var guard = Guard(new SsrfOptions { AllowedCidrs = ["10.0.0.0/24"] });

        guard.Validate(new Uri("http://10.0.0.5/")).ShouldBeNull();
        guard.Validate(new Uri("http://10.0.1.5/")).ShouldNotBeNull();
        guard.Validate(new Uri("http://localhost/")).ShouldNotBeNull();
    }
}
