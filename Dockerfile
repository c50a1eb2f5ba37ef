# Coverage server image (for teams; see docker-compose.yml). Build: docker build -t coverage .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cd web && npm ci --omit=dev --no-audit --no-fund
RUN dotnet publish src/Coverage.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
COPY --from=build /src/web /srv/coverage/web
COPY --from=build /src/seeds /srv/coverage/seeds
COPY --from=build /src/geodata /srv/coverage/geodata
ENV ASPNETCORE_URLS=http://0.0.0.0:5080
EXPOSE 5080
# The server runs with the JIT tiering delay at 0 and a 64 MB young generation, as scripts/run.sh sets them and explains; only
# the server: a short job run from this image (a county Job of docs/national-deployment.md, `token issue`) is quicker with the
# runtime's default delay.
ENTRYPOINT ["env", "DOTNET_TC_CallCountingDelayMs=0", "DOTNET_GCgen0size=0x4000000", "dotnet", "/app/coverage.dll", "serve"]
