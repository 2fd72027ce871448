# syntax=docker/dockerfile:1
# Build: docker build -t backup-exporter .
# Run:   docker run -p 9407:9407 -v /backup:/backup:ro -v /etc/backup-exporter:/etc/backup-exporter:ro backup-exporter
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/BackupExporter/BackupExporter.csproj src/BackupExporter/
RUN dotnet restore src/BackupExporter/BackupExporter.csproj
COPY src/ src/
RUN dotnet publish src/BackupExporter/BackupExporter.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl only for the health check; zlib (gzip verification) is already in the base image.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user; backups are mounted read-only and need only be readable by it.
USER app
EXPOSE 9407
HEALTHCHECK --interval=30s --timeout=5s CMD ["curl", "-fsS", "http://127.0.0.1:9407/-/healthy"]
ENTRYPOINT ["dotnet", "backup-exporter.dll"]
CMD ["--config.file=/etc/backup-exporter/backup-exporter.yml", "--web.listen-address=:9407"]
