#!/usr/bin/env bash
# Release builds of xaso: static binaries (CGO_ENABLED=0; modernc.org/sqlite is pure Go) for
# the province's Linux servers and the commune's Windows PC, with their SHA-256 sums.
#
#   scripts/release.sh [VERSION]
#
# VERSION defaults to `git describe --tags --always --dirty`, or "dev" outside a checkout.
# Writes dist/xaso-VERSION-linux-amd64, -linux-arm64, -windows-amd64.exe and dist/SHA256SUMS
# (the sums of this version's files), then prints their sizes.
# Offline: modules come from the module cache only (GOPROXY=off) and the local Go toolchain is
# used as is (GOTOOLCHAIN=local); run `go mod download` once while online if the cache is empty.
# XASO_DIST (default dist) and XASO_TARGETS (default "linux/amd64 linux/arm64 windows/amd64")
# change where and what is built; the tests use them.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
if [ -z "$version" ]; then
  version="$(git describe --tags --always --dirty 2>/dev/null || true)"
  version="${version:-dev}"
fi
# The version goes into -ldflags: letters, digits and . _ + - only, no spaces or quotes.
if ! [[ "$version" =~ ^[A-Za-z0-9._+-]+$ ]]; then
  echo "release: bad version '$version' (letters, digits and . _ + - only)" >&2
  exit 2
fi
dist="${XASO_DIST:-dist}"
targets="${XASO_TARGETS:-linux/amd64 linux/arm64 windows/amd64}"

export CGO_ENABLED=0 GOPROXY=off GOTOOLCHAIN=local GOFLAGS="-mod=readonly${GOFLAGS:+ $GOFLAGS}"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

mkdir -p "$dist"
files=()
for target in $targets; do
  if ! [[ "$target" =~ ^[a-z0-9]+/[a-z0-9]+$ ]]; then
    echo "release: bad target '$target' (want GOOS/GOARCH)" >&2
    exit 2
  fi
  goos="${target%/*}" goarch="${target#*/}"
  name="xaso-$version-$goos-$goarch"
  [ "$goos" = windows ] && name="$name.exe"
  echo "release: building $name ($(go env GOVERSION))"
  if ! GOOS="$goos" GOARCH="$goarch" go build -trimpath \
      -ldflags "-s -w -X main.version=$version" -o "$dist/$name" ./cmd/xaso; then
    echo "release: build for $target failed (offline: is the module cache filled? run go mod download)" >&2
    exit 1
  fi
  files+=("$name")
done

# The host's own binary must say the version it was given.
host="xaso-$version-$(go env GOHOSTOS)-$(go env GOHOSTARCH)"
if [ -x "$dist/$host" ]; then
  got="$("$dist/$host" version)"
  case "$got" in
    "xaso $version "*) ;;
    *) echo "release: $host version says '$got', want xaso $version" >&2; exit 1 ;;
  esac
fi

(cd "$dist" && sha256 "${files[@]}" > SHA256SUMS)
echo "release: $dist/SHA256SUMS"
for f in "${files[@]}"; do
  bytes="$(wc -c < "$dist/$f" | tr -d ' ')"
  awk -v f="$f" -v b="$bytes" 'BEGIN { printf "  %-40s %6.1f MiB  (%d bytes)\n", f, b / 1048576, b }'
done
