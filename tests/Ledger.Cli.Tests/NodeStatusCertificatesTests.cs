using Ledger.Cli.Commands;
using Ledger.Client.Protos;

namespace Ledger.Cli.Tests;

/// <summary>`ledger node status` prints the node's certificates' days left on one line, flagging those inside its warning period and expired ones.</summary>
public sealed class NodeStatusCertificatesTests
{
    [Fact]
    public void Certificates_OneSoonOneExpired_FlaggedWithTheWarningPeriod()
    {
        var status = new GetStatusResponse { CertificateExpiryWarningDays = 30 };
        status.Certificates.Add(new CertificateExpiry { Kind = "tls", DaysLeft = 12.4, ExpiresSoon = true });
        status.Certificates.Add(new CertificateExpiry { Kind = "signing", DaysLeft = 300 });
        status.Certificates.Add(new CertificateExpiry { Kind = "ca", DaysLeft = -2.2, ExpiresSoon = true });

        Assert.Equal("tls 12 days (EXPIRES SOON), signing 300 days, ca EXPIRED 2 days ago (warning below 30 days)", NodeStatusCommand.Certificates(status));
    }

    [Fact]
    public void Certificates_OlderNodeReportsNone_SaysNotReported()
    {
        Assert.Equal("(not reported)", NodeStatusCommand.Certificates(new GetStatusResponse()));
    }
}
