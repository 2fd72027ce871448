"""Backup sets of small gzip dumps, each with a sha256 sidecar: the data the scrape benchmarks watch.

Imported by the Python parts of scrape-latency.sh, web-latency.sh and footprint.sh, so that the three write the
same dumps and the same backup set entries in the same way.
"""
import gzip
import hashlib
import os

# The header mariadb-dump writes with --master-data: the version and binlog position become series.
SERVER_HEADER = ("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"
                 "-- Server version\t10.11.19-MariaDB-0+deb12u1-log\n"
                 "-- CHANGE MASTER TO MASTER_LOG_FILE='mysql-bin.000002', MASTER_LOG_POS=385;\n")
# Only the first line: a dump without the server's details.
PLAIN_HEADER = "-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n"


def gzip_dump(header=SERVER_HEADER):
    """A complete small dump, gzip-compressed, and the sha256 of the compressed bytes."""
    body = (header
            + "INSERT INTO `t` VALUES " + ",".join(f"({i},'row {i}')" for i in range(200)) + ";\n"
            "-- Dump completed on 2026-11-24 23:55:18\n").encode()
    blob = gzip.compress(body)
    return blob, hashlib.sha256(blob).hexdigest()


def write_set(directory, artifacts, blob, digest, now):
    """ARTIFACTS dumps named dump-NNN.sql.gz in DIRECTORY (made here), one a day up to NOW, with sidecars."""
    os.makedirs(directory)
    for a in range(artifacts):
        name = os.path.join(directory, f"dump-{a:03d}.sql.gz")
        with open(name, "wb") as f:
            f.write(blob)
        with open(name + ".sha256", "w") as f:
            f.write(f"{digest}  dump-{a:03d}.sql.gz\n")
        t = now - (artifacts - a) * 86400
        os.utime(name, (t, t))


def set_entry(name, directory, server=None, extra=""):
    """The configuration entry of one such set (under `backups:`), daily at 02:00 with checksums; EXTRA: more lines."""
    linked = f"    server: {server}\n" if server else ""
    return (f"  - name: {name}\n{linked}    kind: mysqldump\n    path: {directory}\n    pattern: '*.sql.gz'\n"
            f"    schedule: '0 2 * * *'\n    grace: 2h\n    checksum: sha256\n{extra}")
