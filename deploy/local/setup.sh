#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build, test and run Benchpool locally.
# Idempotent and fast when everything is present (no apt-get at all then).
# Called by CI and by `npm run demo` before `npm ci`; see deploy/local/README.md.
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }
problems=()

# --- Debian packages --------------------------------------------------------------------------
# command -> package
declare -A wanted=(
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [zip]=zip
  [unzip]=unzip
  [flock]=util-linux
  [setsid]=util-linux
  [curl]=curl
)
missing=()
for cmd in "${!wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${wanted[$cmd]}")
done

if ((${#missing[@]})); then
  # unique, stable order
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [[ "$(id -u)" != 0 ]]; then
      command -v sudo >/dev/null 2>&1 || { echo "[setup] ERROR: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
      sudo="sudo"
    fi
    log "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    problems+=("missing commands (no apt-get to install them): ${missing[*]}")
  fi
fi

# --- toolchains -------------------------------------------------------------------------------
# version_ge HAVE WANT: dotted version HAVE >= WANT
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }

if command -v node >/dev/null 2>&1; then
  v="$(node -v | sed 's/^v//')"
  version_ge "$v" 20.0.0 || problems+=("Node.js $v is too old: the project needs Node 20+")
else
  problems+=("node is missing: the project needs Node.js 20+ (with npm)")
fi
command -v npm >/dev/null 2>&1 || problems+=("npm is missing: it comes with Node.js 20+")

if command -v java >/dev/null 2>&1; then
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n1)"
  version_ge "${v:-0}" 17 || problems+=("Java ${v:-?} is too old: Kafka 3.9 here runs on Java 17+ (Debian: openjdk-17-jre-headless)")
else
  problems+=("java is missing: Kafka needs Java 17+ (Debian: apt-get install openjdk-17-jre-headless)")
fi
command -v mvn >/dev/null 2>&1 || problems+=("mvn is missing: Maven fetches the Kafka jars from Maven Central (Debian: apt-get install maven)")

if command -v go >/dev/null 2>&1; then
  v="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  # FerretDB 1.24 needs Go 1.24; an older go with GOTOOLCHAIN=auto fetches a newer toolchain itself
  version_ge "${v:-0}" 1.24 || log "note: Go ${v:-?} < 1.24; the FerretDB build relies on GOTOOLCHAIN=auto to fetch Go 1.24"
else
  problems+=("go is missing: FerretDB is built from the Go module proxy (Go 1.24+, https://go.dev/doc/install)")
fi

if ((${#problems[@]})); then
  for p in "${problems[@]}"; do echo "[setup] ERROR: $p" >&2; done
  exit 1
fi
log "ok: node $(node -v), java $(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1), $(mvn -v 2>/dev/null | sed -n 's/^\(\x1b\[[0-9;]*m\)*Apache Maven \([0-9.]*\).*/maven \2/p' | head -n1), $(go env GOVERSION), redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
