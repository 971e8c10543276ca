# Builds the `ledger` command and runs a validator from a mounted configuration folder:
#   docker build -t ledger .
#   docker run -v /path/to/config:/config ledger            # runs: ledger node run --config /config/node.json
# A four-organisation network over containers: configs/compose.yaml. See configs/README.md for
# the folder layout and who must own the mounted files.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Restore first, from the project files alone, so the package layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Crypto/Ledger.Crypto.csproj Crypto/
COPY Ledger/Ledger.csproj Ledger/
COPY Consensus/Ledger.Consensus.csproj Consensus/
COPY Client/Ledger.Client.csproj Client/
COPY Node/Ledger.Node.csproj Node/
COPY Simulator/Ledger.Simulator.csproj Simulator/
COPY Chaos/Ledger.Chaos.csproj Chaos/
COPY BenchHost/Ledger.BenchHost.csproj BenchHost/
COPY Cli/Ledger.Cli.csproj Cli/
RUN dotnet restore Cli/Ledger.Cli.csproj

COPY . .
RUN dotnet publish Cli/Ledger.Cli.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Run as the image's unprivileged user (APP_UID, 1654): the mounted keys must be readable and the
# node's data folder writable by it (configs/README.md), or run the container as the files' owner.
USER $APP_UID
# Peer (mutual TLS), client API and metrics ports of a validator that has a host of its own
# (`ledger testnet init --hosts ...`) with the default base port.
EXPOSE 7100 7101 7102
VOLUME ["/config"]
# SERVING from the node's own gRPC health service on its client endpoint, the TLS certificate
# checked against genesis; a halted node reports NOT_SERVING.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
    CMD ["dotnet", "/app/ledger.dll", "node", "health", "--config", "/config/node.json"]
ENTRYPOINT ["dotnet", "/app/ledger.dll"]
CMD ["node", "run", "--config", "/config/node.json"]
