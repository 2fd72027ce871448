# syntax=docker/dockerfile:1
# The release image: the native binary of the release tar.gz on a slim Debian base (glibc and zlib, nothing else
# it needs; no .NET runtime, no curl). Build the tar.gz first, then the image, from the repository root:
#   scripts/package
#   docker build --build-arg VERSION=0.1.0 -t backup-exporter:0.1.0 .
# Run: backups and configuration mounted read-only, the state volume for the log offsets and run status files:
#   docker run -p 9407:9407 -v /backup:/backup:ro -v /etc/backup-exporter:/etc/backup-exporter:ro \
#     -v backup-exporter-state:/var/lib/backup-exporter backup-exporter:0.1.0
#
# Base images are pinned by digest, so that a rebuild uses the image that was tested. To update, look up the
# digest of the tag and replace both lines (the tag before @ is for people, the digest is what is pulled):
#   docker buildx imagetools inspect debian:bookworm-slim --format '{{json .Manifest.Digest}}'
ARG VERSION=0.1.0

FROM debian:bookworm-slim@sha256:56ff6d36d4eb3db13a741b342ec466f121480b5edded42e4b7ee850ce7a418ee AS unpack
ARG VERSION
# ADD unpacks a local tar.gz.
ADD dist/backup-exporter-${VERSION}-linux-amd64.tar.gz /unpack/
RUN install -d -m 0750 /unpack/state

FROM debian:bookworm-slim@sha256:56ff6d36d4eb3db13a741b342ec466f121480b5edded42e4b7ee850ce7a418ee
ARG VERSION
LABEL org.opencontainers.image.title="backup-exporter" \
      org.opencontainers.image.description="Prometheus exporter verifying MySQL/MariaDB backups" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/backup-exporter/backup-exporter" \
      org.opencontainers.image.documentation="https://github.com/backup-exporter/backup-exporter/blob/main/README.md" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
# ISA-L inflates gzip dumps about twice as fast as zlib (bench/README.md); libzstd is in the base image already.
RUN apt-get update && apt-get install -y --no-install-recommends libisal2 && rm -rf /var/lib/apt/lists/*
COPY --from=unpack /unpack/backup-exporter-${VERSION}-linux-amd64/backup-exporter /usr/bin/backup-exporter
COPY --from=unpack /unpack/backup-exporter-${VERSION}-linux-amd64/backup-exporter.yml /etc/backup-exporter/backup-exporter.yml
COPY --from=unpack --chown=65532:65532 /unpack/state /var/lib/backup-exporter
# An unprivileged user without a name in the image; mounted backups need only be readable by it (or its group:
# docker run --group-add GID).
USER 65532:65532
ENV STATE_DIRECTORY=/var/lib/backup-exporter
VOLUME ["/var/lib/backup-exporter"]
EXPOSE 9407
# The binary checks itself: GET /-/healthy, exit 0 or 1. With TLS or basic auth, run the container with
# --web.config.file=FILE and override this with the same flag added: it then speaks TLS, and a 401 counts as alive.
HEALTHCHECK --interval=30s --timeout=10s CMD ["/usr/bin/backup-exporter", "healthcheck", "--web.listen-address=127.0.0.1:9407"]
ENTRYPOINT ["/usr/bin/backup-exporter"]
CMD ["--config.file=/etc/backup-exporter/backup-exporter.yml", "--web.listen-address=:9407"]
