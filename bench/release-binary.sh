# Sourced by the benchmarks. unpack_release_binary DIR: the native binary a user runs, from the release tar.gz that
# scripts/package writes into dist/ (built first when it is missing), unpacked into DIR with its example files.
unpack_release_binary() {
  local into=$1 root version tarball
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")
  tarball="$root/dist/backup-exporter-$version-linux-amd64.tar.gz"
  [ -e "$tarball" ] || "$root/scripts/package" >/dev/null
  rm -rf "$into" && mkdir -p "$into"
  tar -xzf "$tarball" -C "$into" --strip-components=1
}
