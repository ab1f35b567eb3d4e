#!/usr/bin/env bash
# Build the PyInstaller bundle and run the built program offscreen (see .ci/build_bundle.py for the checks).
# Usage: .ci/build_bundle.sh [--clean-clone] [--measure N] [--json FILE]; PYTHON picks the interpreter
# (default .venv/bin/python). The bundle is built from the versions pinned in constraints.txt: they are
# installed into that interpreter first (DANGJIAN_SKIP_INSTALL=1 skips it, e.g. offline).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
if [ -z "${DANGJIAN_SKIP_INSTALL:-}" ]; then
  "$PYTHON" -m pip install -q -c constraints.txt -e ".[build]"
fi
exec "$PYTHON" .ci/build_bundle.py --python "$PYTHON" "$@"
