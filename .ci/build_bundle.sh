#!/usr/bin/env bash
# Build the PyInstaller bundle and run the built program offscreen (see .ci/build_bundle.py for the checks).
# Usage: .ci/build_bundle.sh [--clean-clone] [--measure N] [--json FILE]; PYTHON picks the interpreter
# (default .venv/bin/python, which needs `pip install -e ".[build]"`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
exec "$PYTHON" .ci/build_bundle.py --python "$PYTHON" "$@"
