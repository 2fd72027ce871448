#!/usr/bin/env bash
# Re-inspection of an unchanged physical backup of FILES files, side by side with
# `find DIR -printf '%s %T@\n'` (the same stat-only walk by a C tool). Goal: at most 2x find.
# Usage: bench/directory-walk.sh [FILES=50000] [RUNS=20]
# Needs: hyperfine, the .NET SDK. Writes its data under bench/data/walk (git-ignored).
set -euo pipefail
files=${1:-50000}
runs=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/bench/data/walk"
backup="$data/set/2026-11-24-full"

rm -rf "$data" && mkdir -p "$backup"
# A datadir-shaped tree: 100 schema directories of FILES/100 tables each (small files: the walk, not the bytes, is measured).
python3 - "$backup" "$files" <<'PY'
import os, sys
backup, files = sys.argv[1], int(sys.argv[2])
for i in range(files):
    d = os.path.join(backup, f"db{i % 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"t{i:06d}.ibd"), "wb") as f:
        f.write(b"\0" * 512)
with open(os.path.join(backup, "xtrabackup_checkpoints"), "w") as f:
    f.write("backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = 44404\nlast_lsn = 48277\n")
with open(os.path.join(backup, "xtrabackup_info"), "w") as f:
    f.write("tool_name = mariabackup\nstart_time = 2026-11-24 02:00:00\nend_time = 2026-11-24 02:10:00\n")
PY
echo "files: $(find "$backup" -type f | wc -l)"

dotnet build -c Release "$root/bench/BackupExporter.Benchmarks" -o "$data/bin" >/dev/null
"$data/bin/BackupExporter.Benchmarks" reinspect "$data/set" "$runs"
hyperfine --warmup 3 --runs "$runs" -N "find $backup -printf '%s %T@\n'" --output=null 2>&1 | sed -n '1,3p'
