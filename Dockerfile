# Builds the `ledger` command and runs a validator from a mounted configuration folder:
#   docker build -t ledger .
#   docker run -v /path/to/config:/config ledger            # runs: ledger node run --config /config/node.json
# See configs/README.md for the folder layout.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Restore first, from the project files alone, so the package layer is reused while only code changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Crypto/Ledger.Crypto.csproj Crypto/
COPY Ledger/Ledger.csproj Ledger/
COPY Consensus/Ledger.Consensus.csproj Consensus/
COPY Node/Ledger.Node.csproj Node/
COPY Simulator/Ledger.Simulator.csproj Simulator/
COPY Cli/Ledger.Cli.csproj Cli/
RUN dotnet restore Cli/Ledger.Cli.csproj

COPY . .
RUN dotnet publish Cli/Ledger.Cli.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Run as the image's unprivileged user; the mounted folder's data directory must be writable by it.
USER $APP_UID
# Peer (mutual TLS), client API and metrics ports of validator 0 with the default base port.
EXPOSE 7100 7101 7102
VOLUME ["/config"]
ENTRYPOINT ["dotnet", "/app/ledger.dll"]
CMD ["node", "run", "--config", "/config/node.json"]
