#!/usr/bin/env python3
"""Writes a realistic backup job log of about SIZE bytes: many runs of `backup-exporter run` around mariabackup and
mariadb-dump, with their real line shapes (REFERENCE.md), about 1 line in 100 an error of some class.
Usage: bench/make-log.py FILE [SIZE_BYTES=1000000000] [SEED=1]"""
import random
import sys
from datetime import datetime, timedelta

path = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000_000
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)

ERRORS = [
    "mariadb-dump: Got errno 28 on write",
    "mariadb-dump: Got error: 1045: \"Access denied for user 'backup'@'localhost' (using password: YES)\" when trying to connect",
    "mariadb-dump: Got error: 1049: \"Unknown database 'nosuchdb'\" when selecting the database",
    "mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `orders` at row: 10000",
    "mysqldump: Couldn't execute 'FLUSH TABLES WITH READ LOCK': Lock wait timeout exceeded; try restarting transaction (1205)",
    "[00] {ts} Error: cannot mkdir 20: /backup/xb/2026-11-24/",
    "[00] {ts} Failed to connect to MariaDB server: Can't connect to server on '127.0.0.1' (111 \"Connection refused\").",
    "xtrabackup: error: log block numbers mismatch:",
    "{ts2} 0 [ERROR] InnoDB: Operating system error number 13 in a file operation.",
    "/usr/local/bin/backup.sh: line 12: 40211 Killed                  mariadb-dump --single-transaction --all-databases",
]
NOTES = [
    "{ts2} 0 [Note] InnoDB: Number of transaction pools: 1",
    "{ts2} 0 [Note] InnoDB: Using io_uring",
    "{ts2} 0 [Note] InnoDB: Buffered log writes (block size=4096 bytes)",
    "{ts2} 0 [Warning] Aborted connection 1234 to db: 'shop' user: 'app' host: 'localhost' (Got an error reading communication packets)",
    "Warning: A partial dump from a server that has GTIDs will by default include the GTIDs of all transactions",
]


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def stamp2(t):
    return f"{t.year:04}-{t.month:02}-{t.day:02} {t.hour:2}:{t.minute:02}:{t.second:02}"


out = open(path, "w", encoding="utf-8", newline="\n")
written = 0
t = datetime(2024, 1, 1, 2, 0, 0)
run = 0
while written < size:
    run += 1
    lines = [f"# backup-exporter run start backup=nightly pid={10000 + run} attempt=1 at={t.isoformat()}Z"]
    lines.append(f"[00] {stamp(t)} Connecting to MariaDB server host: localhost, user: backup, password: set, port: not set, socket: /run/mysqld/mysqld.sock")
    lines.append(f"[00] {stamp(t)} Using server version 10.11.19-MariaDB-0+deb12u1-log")
    lines.append("mariabackup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu (x86_64)")
    lsn = 44404 + run * 1000
    for i in range(random.randint(2000, 4000)):
        t += timedelta(seconds=random.randint(0, 1))
        r = random.random()
        if r < 0.01:
            lines.append(random.choice(ERRORS).format(ts=stamp(t), ts2=stamp2(t)))
        elif r < 0.05:
            lines.append(random.choice(NOTES).format(ts2=stamp2(t)))
        elif r < 0.35:
            lsn += random.randint(100, 100000)
            lines.append(f"[00] {stamp(t)} >> log scanned up to ({lsn})")
        elif r < 0.70:
            db, table = random.choice(["shop", "crm", "billing", "mysql"]), f"t{random.randint(1, 5000)}"
            lines.append(f"[{random.randint(1, 4):02}] {stamp(t)} Copying ./{db}/{table}.ibd to /backup/xb/2024-01-01/{db}/{table}.ibd")
        else:
            lines.append(f"[{random.randint(1, 4):02}] {stamp(t)}         ...done")
    ok = random.random() > 0.1
    if ok:
        lines.append(f"[00] {stamp(t)} completed OK!")
    lines.append(f"# backup-exporter run end backup=nightly pid={10000 + run} attempt=1 exit={0 if ok else 1} signal=none duration=3600 at={t.isoformat()}Z")
    text = "\n".join(lines) + "\n"
    out.write(text)
    written += len(text.encode())
    t += timedelta(days=1)
    t = t.replace(hour=2, minute=0, second=0)
out.close()
