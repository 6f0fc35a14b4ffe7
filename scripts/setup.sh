#!/usr/bin/env bash
# Installs every Debian 12 package orchestrator needs to build, run, test and
# benchmark. Idempotent: when everything is present it changes nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libcaf-dev libcaf-doc
  libpistache-dev
  libsoci-dev libboost-dev libpq-dev libsqlite3-dev sqlite3
  postgresql
  libgoogle-perftools-dev
  libargon2-dev libssl-dev nlohmann-json3-dev libcurl4-openssl-dev curl
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  wrk gcovr procps
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
