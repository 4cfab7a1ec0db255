using System.Net;
using Hookline.Core.Protection;

namespace Hookline.Core.Tests.Protection;

public sealed class CidrBlockTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("100.64.0.0/10", "100.127.0.1", true)]
    [InlineData("100.64.0.0/10", "100.128.0.1", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("192.168.1.7", "192.168.1.7", true)]
    [InlineData("192.168.1.7", "192.168.1.8", false)]
    [InlineData("fc00::/7", "fdff::1", true)]
    [InlineData("fc00::/7", "fe00::1", false)]
    [InlineData("fe80::/10", "febf::1", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("::/0", "2606:4700::1111", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    [InlineData("::ffff:0:0/96", "10.0.0.1", false)]
    public void Contains_MatchesOnlyAddressesUnderThePrefix(string cidr, string address, bool expected) =>
        CidrBlock.Parse(cidr).Contains(IPAddress.Parse(address)).ShouldBe(expected);

    [Fact]
    public void Parse_ClearsHostBitsBelowThePrefix()
    {
        var block = CidrBlock.Parse("10.1.2.3/8");

        block.ToString().ShouldBe("10.0.0.0/8");
        block.Contains(IPAddress.Parse("10.200.0.1")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.1/16")]
    [InlineData("example.com/24")]
    [InlineData("fe80::1%eth0/64")]
    public void TryParse_RejectsMalformedBlocks(string text) =>
        CidrBlock.TryParse(text, out _).ShouldBeFalse();
}
