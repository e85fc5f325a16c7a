#!/usr/bin/env bash
# Installs PostgreSQL 15 and builds the pgvector extension (0.8.0) into it, for CI's throw-away cluster
# (scripts/postgres/cluster.sh). Idempotent: packages are installed only when missing, and nothing is fetched or
# built when vector.so and vector.control are already there at 0.8.0.
#
# Bookworm has no pgvector 0.8.0 (bookworm's source list has none at all), so the source comes from Debian's
# trixie source package, which builds unchanged against PostgreSQL 15. apt-get fetches it through a sources list,
# package lists and cache that live in a temporary directory (-o Dir::Etc::sourcelist=... and friends), so the
# system's apt configuration and its package lists are never touched, and no trixie binary package can be
# installed by accident. apt verifies the trixie InRelease signature with debian-archive-keyring.gpg (bookworm's
# debian-archive-keyring already carries the trixie keys) and the .dsc's checksums; the upstream tarball is also
# checked here against a SHA-256 pinned below, so a changed tarball fails loudly instead of being built.
#
# Runs as root when run as root, otherwise uses sudo only for apt-get install and make install.
set -euo pipefail

PG_MAJOR=15
PGVECTOR_VERSION=0.8.0
PGVECTOR_DEBIAN_VERSION=0.8.0-1
# SHA-256 of pgvector_0.8.0.orig.tar.gz (122290 bytes), as listed in trixie's Sources index for 0.8.0-1.
PGVECTOR_ORIG_SHA256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
SOURCE_LINE="deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main"

PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config

log() { echo "install-pgvector: $*" >&2; }

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

# --- Packages (only those missing) ---------------------------------------------------------------------------
installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }
packages=()
for package in "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" dpkg-dev debian-archive-keyring; do
  installed "$package" || packages+=("$package")
done
# pgxs compiles with the C compiler pg_config names (gcc); postgresql-server-dev only brings clang and llvm.
{ command -v gcc >/dev/null && command -v make >/dev/null; } || packages+=(build-essential)
if [[ ${#packages[@]} -gt 0 ]]; then
  log "installing ${packages[*]}"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
fi

# --- Already installed at this version? ----------------------------------------------------------------------
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
control="$sharedir/extension/vector.control"
if [[ -f "$pkglibdir/vector.so" && -f "$control" ]] &&
  grep -Eq "^default_version = '${PGVECTOR_VERSION//./\\.}'$" "$control" &&
  [[ -f "$sharedir/extension/vector--$PGVECTOR_VERSION.sql" ]]; then
  log "pgvector $PGVECTOR_VERSION already installed ($pkglibdir/vector.so)"
  exit 0
fi

# --- Fetch Debian's source package through a private apt configuration -------------------------------------
start=$SECONDS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt drops to the _apt user to download; it must be able to reach the lists (and the download dir, below).
chmod 0755 "$tmp"
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src"
echo "$SOURCE_LINE" >"$tmp/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$tmp/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$tmp/lists"
  -o "Dir::Cache=$tmp/cache"
)
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$tmp/src"; fi

log "fetching pgvector $PGVECTOR_DEBIAN_VERSION source from trixie"
# Unprivileged: every path apt writes to is ours. The lists are fetched only for this one source line.
apt-get "${apt_opts[@]}" -q update
(cd "$tmp/src" && apt-get "${apt_opts[@]}" -q --download-only source "pgvector=$PGVECTOR_DEBIAN_VERSION")

orig="$tmp/src/pgvector_$PGVECTOR_VERSION.orig.tar.gz"
if [[ ! -f "$orig" ]]; then
  log "ERROR: apt-get source did not download $(basename "$orig")"
  exit 1
fi
actual=$(sha256sum "$orig" | cut -d' ' -f1)
if [[ "$actual" != "$PGVECTOR_ORIG_SHA256" ]]; then
  log "ERROR: SHA-256 mismatch for $(basename "$orig")"
  log "  expected $PGVECTOR_ORIG_SHA256"
  log "  actual   $actual"
  exit 1
fi

# dpkg-source checks the files against the .dsc again and applies Debian's patches, among them no-native
# (drops -march=native, which would make vector.so crash on an older CPU than the build machine's). Its warning
# that it cannot verify the .dsc's inline signature (debian-keyring, the uploaders' keys, is not installed) is
# expected: the .dsc itself was verified by apt against the signed InRelease.
(cd "$tmp/src" && dpkg-source -x "pgvector_$PGVECTOR_DEBIAN_VERSION.dsc" pgvector >/dev/null)

# --- Build and install ---------------------------------------------------------------------------------------
# OPTFLAGS="" keeps the build portable either way; with_llvm=no skips the JIT bitcode (clang) that CI never uses.
make_opts=(PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no)
log "building"
make -C "$tmp/src/pgvector" -j"$(nproc)" "${make_opts[@]}" >/dev/null
$sudo make -C "$tmp/src/pgvector" "${make_opts[@]}" install >/dev/null
log "pgvector $PGVECTOR_VERSION installed into $pkglibdir in $((SECONDS - start)) s"
