using Google.Protobuf;
using Ledger.Client.Protos;
using Ledger.Crypto.Pki;
using Ledger.Node.Testnet;
using Ledger.Transactions;

namespace Ledger.Node.Tests.Integration;

/// <summary>
/// Peer admission honours revocations the ledger commits, not only CRL files: org3's CA revokes
/// org3-v1's TLS certificate in a Revoke transaction (no node has a CRL file configured), and once
/// it commits, the other validators refuse that certificate on their peer endpoints.
/// </summary>
[Trait("Category", "Integration")]
[Collection(InProcessNetworkCollection.Name)]
public sealed class LedgerRevocationTests(InProcessNetwork network)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CommittedRevoke_OfValidatorTlsCertificate_PeersRefuseIt()
    {
        var revokedFolder = network.NodeFolder("org3-v1");
        var before = await PeerCalls.DeliverGarbageAsync(revokedFolder, InProcessNetwork.PeerPort(0));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, before.StatusCode);

        var revoke = RevokeOf("org3", "org3", revokedFolder);
        var client = network.Client(0, out var channel);
        using (channel)
        {
            var answer = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(revoke.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));
            Assert.Equal(SubmitOutcome.Accepted, answer.Outcome);
        }

        // Both peers must come to refuse it once the block holding the revocation commits.
        foreach (var peer in new[] { 0, 1 })
        {
            var started = DateTimeOffset.UtcNow;
            Grpc.Core.RpcException after;
            do
            {
                after = await PeerCalls.DeliverGarbageAsync(revokedFolder, InProcessNetwork.PeerPort(peer));
                if (PeerCalls.IsRefusal(after))
                {
                    break;
                }

                await Task.Delay(200);
            }
            while (DateTimeOffset.UtcNow - started < Bound);

            Assert.True(PeerCalls.IsRefusal(after), $"validator {peer} still admits the revoked certificate: {after.Status}");
        }

        // Only that certificate: another validator is still admitted.
        var other = await PeerCalls.DeliverGarbageAsync(network.NodeFolder("org2-v1"), InProcessNetwork.PeerPort(0));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, other.StatusCode);
    }

    [Fact]
    public async Task SubmitRevoke_CrlNotSignedByTheOrganisationsCa_RejectedAtAdmission()
    {
        // org2's CA signs a CRL naming org3-v1's serial; it is submitted as org2's (it is), so the
        // ledger would revoke only org2 certificate ids; submitted as org3's it must be refused.
        var forged = RevokeOf("org2", "org3", network.NodeFolder("org3-v1"));
        var client = network.Client(0, out var channel);
        using (channel)
        {
            var answer = await client.SubmitTransferAsync(new SubmitTransferRequest { Transfer = ByteString.CopyFrom(forged.Encoded) }, deadline: DateTime.UtcNow.AddSeconds(10));

            Assert.Equal(SubmitOutcome.Rejected, answer.Outcome);
            Assert.Equal("UnknownOrganisation", answer.RejectionCode);
        }
    }

    /// <summary>A Revoke, submitted as <paramref name="claimedOrganisation"/>'s, of a CRL that <paramref name="signingOrganisation"/>'s CA signs.</summary>
    private Revoke RevokeOf(string signingOrganisation, string claimedOrganisation, string identityFolder)
    {
        var orgFolder = Path.Combine(network.Net.Directory, TestnetBuilder.OrgsFolder, signingOrganisation);
        var ca = OrganisationCa.Load(File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaCertificateFile)), File.ReadAllText(Path.Combine(orgFolder, PkiLayout.CaKeyFile)));
        var tls = PkiPem.ParseCertificate(File.ReadAllText(Path.Combine(identityFolder, PkiLayout.TlsCertificateFile)));
        var crl = ca.IssueCrl([CertificateNames.SerialHex(tls.SerialNumber)], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), 2);
        return new Revoke(network.Net.Genesis.ChainId, claimedOrganisation, crl.Crl.GetEncoded());
    }
}
