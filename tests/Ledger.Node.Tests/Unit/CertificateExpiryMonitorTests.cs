using Ledger.Node.Configuration;
using Ledger.Node.Observability;
using Ledger.Node.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Node.Tests.Unit;

/// <summary>
/// The node's own certificates close to expiry are reported: a warning log for each inside the
/// warning period (an error once expired) at start and again each day, the gauge with the days
/// left by kind, and the warning period is validated in node.json.
/// </summary>
public sealed class CertificateExpiryMonitorTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly OwnCertificate[] Certificates =
    [
        new(OwnCertificate.Tls, "CN=org1-v1", "1a", Now.AddDays(10)),
        new(OwnCertificate.Signing, "CN=org1-v1", "1b", Now.AddDays(300)),
        new(OwnCertificate.Ca, "CN=org1 CA", "1c", Now.AddDays(-1)),
    ];

    [Fact]
    public void Check_OneExpiringSoonOneExpired_WarnsForBothOnly()
    {
        var log = new ListLogger();
        using var monitor = new CertificateExpiryMonitor(() => Certificates, 30, new FakeTimeProvider(Now), log);

        var soon = monitor.Check();

        Assert.Equal([OwnCertificate.Tls, OwnCertificate.Ca], soon.Select(c => c.Kind));
        Assert.Equal([LogLevel.Warning, LogLevel.Error], log.Entries.Select(e => e.Level));
        Assert.Contains("in 10 days", log.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("EXPIRED", log.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_ThenADay_ChecksAtStartAndDaily()
    {
        var log = new ListLogger();
        var time = new FakeTimeProvider(Now);
        using var monitor = new CertificateExpiryMonitor(() => [Certificates[0]], 30, time, log);

        monitor.Start();
        var atStart = log.Entries.Count;
        time.Advance(TimeSpan.FromHours(23));
        var beforeADay = log.Entries.Count;
        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal((1, 1, 2), (atStart, beforeADay, log.Entries.Count));
        Assert.Contains("in 9 days", log.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_CertificatesObserved_GaugeWithDaysLeftByKind()
    {
        var metrics = new NodeMetrics();
        metrics.ObserveCertificatesWith(() => Certificates.Select(c => (c.Kind, c.DaysLeft(Now))));

        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        var scrape = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Matches("(?m)^ledger_certificate_expiry_days\\{kind=\"tls\"\\} 10$", scrape);
        Assert.Matches("(?m)^ledger_certificate_expiry_days\\{kind=\"ca\"\\} -1$", scrape);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void Validate_WarningDaysOutOfRange_Refused(int days)
    {
        var config = NodeConfig.FromJson("""{"name":"n","genesisPath":"g","dataDir":"d","signingKeyPath":"s","tlsCertificatePath":"t","tlsKeyPath":"k","peerEndpoint":"127.0.0.1:1","clientEndpoint":"127.0.0.1:2","peers":[]}""") with { CertificateExpiryWarningDays = days };

        var errors = NodeConfigValidator.Validate(config, Path.GetTempPath());

        Assert.Contains(errors, e => e.StartsWith("certificateExpiryWarningDays must be 1..3650", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
