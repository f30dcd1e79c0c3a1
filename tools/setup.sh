#!/usr/bin/env bash
# Sets up everything storydesk needs on a fresh machine: system packages for the GUI and tests (apt, when
# root; otherwise the command to run is printed), uv, Python 3.14 (tools/find-python.sh) and .venv as uv.lock pins it
# (storydesk editable, plus the dev tools). Safe to run again: it skips what is done.
set -euo pipefail
# .python-version (3.14) names the project's Python for uv; pyenv reads that file too, and its shims (python3,
# uv) then fail where pyenv has no 3.14: let them use the user's global pyenv version.
if command -v pyenv >/dev/null 2>&1 && [ -z "${PYENV_VERSION:-}" ]; then
  PYENV_VERSION="$(pyenv global 2>/dev/null | head -n1)"; export PYENV_VERSION
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
log() { echo "setup: $*" >&2; }

# 1. System packages (Debian family).
APT_PACKAGES="xvfb xdotool x11-utils libgl1 libgl1-mesa-dri libegl1 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libnss3 libnspr4 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6
  libxi6 libxkbfile1 libxshmfence1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1 libxrender1"
if command -v dpkg-query >/dev/null 2>&1; then
  missing=""
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      log "installing system packages:$missing"
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
    else
      log "missing system packages; run: sudo apt-get install -y$missing"
    fi
  fi
fi

# 2. uv.
if command -v uv >/dev/null 2>&1; then UV=uv; else
  if ! python3 -m uv --version >/dev/null 2>&1; then
    log "installing uv with pip"
    python3 -m pip install --quiet uv >&2 || python3 -m pip install --quiet --user uv >&2
  fi
  UV="python3 -m uv"
fi
export UV

# 3. Python 3.14 and the venv: exactly what uv.lock pins (dev group included), bytecode compiled
# (--compile-bytecode, also pyproject's [tool.uv] default). `uv sync` makes .venv with that Python, or replaces one made with
# another, and removes what the lock does not name.
py="$(UV="$UV" tools/find-python.sh)"
stamp=.venv/.storydesk-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ uv.lock -nt "$stamp" ] \
   || ! .venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 14)' 2>/dev/null; then
  log "installing storydesk and its locked dependencies into .venv (uv sync --locked)"
  $UV sync --quiet --locked --compile-bytecode --python "$py" >&2
  touch "$stamp"
fi

# 4. Bytecode. The relocated Python of tools/find-python.sh ships no .pyc files (Debian compiles them at
# install time); with PYTHONDONTWRITEBYTECODE set, or in the build subinterpreters (which never write
# bytecode), every process and every standby interpreter would then compile the standard library and
# storydesk from source again: ~150 ms per process start and ~25 ms per build here. uv compiles .venv's
# packages (step 3); compile the standard library and src/ once. A read-only standard library (a system
# Python) already has its .pyc files.
stamp=.venv/.storydesk-bytecode
if [ ! -f "$stamp" ] || [ .venv/.storydesk-installed -nt "$stamp" ]; then
  log "compiling bytecode for the standard library and src/"
  stdlib="$("$py" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
  if [ -w "$stdlib" ]; then "$py" -m compileall -q -j0 "$stdlib" >/dev/null 2>&1 || true; fi
  .venv/bin/python -m compileall -q -j0 src >/dev/null 2>&1 || true
  touch "$stamp"
fi
