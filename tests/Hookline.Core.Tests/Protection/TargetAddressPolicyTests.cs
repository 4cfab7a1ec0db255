using System.Net;
using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class TargetAddressPolicyTests
{
    private static readonly TargetAddressPolicy Default = new(new SsrfOptions());

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "RFC 1918")]
    [InlineData("10.255.255.255", "RFC 1918")]
    [InlineData("172.16.0.1", "RFC 1918")]
    [InlineData("172.31.255.255", "RFC 1918")]
    [InlineData("192.168.0.1", "RFC 1918")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.255", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("0.1.2.3", "this network")]
    [InlineData("::", "unspecified")]
    [InlineData("192.0.2.10", "documentation")]
    [InlineData("198.51.100.10", "documentation")]
    [InlineData("203.0.113.10", "documentation")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("198.19.255.255", "benchmarking")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("250.1.2.3", "reserved")]
    [InlineData("192.0.0.8", "IETF protocol assignments")]
    [InlineData("fc00::1", "unique local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("169.254.170.2", "metadata")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("100.100.100.200", "metadata")]
    [InlineData("100::1", "outside IPv6 global unicast")]
    public void Classify_ForbidsSpecialPurposeRanges_AndNamesTheRange(string address, string reasonPart)
    {
        var verdict = Default.Classify(IPAddress.Parse(address));

        verdict.IsAllowed.ShouldBeFalse();
        verdict.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.215.14")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("192.0.1.255")]
    [InlineData("198.20.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    public void Classify_AllowsPublicAddresses(string address) =>
        Default.Classify(IPAddress.Parse(address)).ShouldBe(AddressVerdict.Allowed);

    [Theory]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped")]
    [InlineData("::ffff:10.1.2.3", "IPv4-mapped")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    [InlineData("64:ff9b::7f00:1", "NAT64")]
    [InlineData("64:ff9b::192.168.1.1", "NAT64")]
    [InlineData("64:ff9b:1::a00:1", "NAT64")]
    [InlineData("64:ff9b:1:7f00:1:100::", "NAT64")]
    [InlineData("64:ff9b:1:1234:5678:9abc:def0:1", "can't be read")]
    [InlineData("2002:7f00:1::1", "6to4")]
    [InlineData("2002:a9fe:a9fe::", "metadata")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", "RFC 1918")]
    public void Classify_JudgesTransitionFormsByTheirEmbeddedIPv4(string address, string reasonPart)
    {
        var verdict = Default.Classify(IPAddress.Parse(address));

        verdict.IsAllowed.ShouldBeFalse();
        verdict.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Theory]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("64:ff9b:1::808:808")]
    [InlineData("64:ff9b:1:808:8:800::")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")]
    public void Classify_AllowsTransitionFormsOfPublicIPv4(string address) =>
        Default.Classify(IPAddress.Parse(address)).IsAllowed.ShouldBeTrue();

    [Fact]
    public void AllowedCidrs_OpenOnlyTheListedNetworks()
    {
        var policy = new TargetAddressPolicy(new SsrfOptions { AllowedCidrs = ["10.20.0.0/16", "fd00:1::/32"] });

        policy.IsAllowed(IPAddress.Parse("10.20.3.4")).ShouldBeTrue();
        policy.IsAllowed(IPAddress.Parse("::ffff:10.20.3.4")).ShouldBeTrue();
        policy.IsAllowed(IPAddress.Parse("fd00:1::5")).ShouldBeTrue();
        policy.IsAllowed(IPAddress.Parse("10.21.0.1")).ShouldBeFalse();
        policy.IsAllowed(IPAddress.Parse("127.0.0.1")).ShouldBeFalse();
        policy.IsAllowed(IPAddress.Parse("fd00:2::5")).ShouldBeFalse();
    }

    [Fact]
    public void AllowPrivateTargets_OpensEveryRange()
    {
        var policy = new TargetAddressPolicy(new SsrfOptions { AllowPrivateTargets = true });

        foreach (var address in new[] { "127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "fd00:ec2::254", "::ffff:192.168.0.1", "224.0.0.1" })
        {
            policy.IsAllowed(IPAddress.Parse(address)).ShouldBeTrue(address);
        }
    }

    [Fact]
    public void Constructor_RefusesAMalformedAllowListEntry()
    {
        var ex = Should.Throw<ArgumentException>(() => new TargetAddressPolicy(new SsrfOptions { AllowedCidrs = ["10.0.0.0/8", "not-a-cidr"] }));

        ex.Message.ShouldContain("not-a-cidr");
    }
}
