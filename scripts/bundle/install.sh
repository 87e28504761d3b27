#!/usr/bin/env bash
# RIES Atlas offline install (Linux x86-64): creates a virtual environment in DIR and installs the atlas from the
# wheels beside this script alone, with no network. Needs CPython 3.11 with venv (Debian/Ubuntu: python3.11-venv
# or, on Debian 12, python3-venv).
#
#   bash install.sh DIR            e.g. bash install.sh ~/ries-atlas
#   PYTHON=/opt/python3.11/bin/python3 bash install.sh DIR
#
# Then: DIR/bin/ries-atlas serves the app (http://localhost:8501; any `streamlit run` option may follow, e.g.
# --server.port 8080 --server.baseUrlPath /atlas), and DIR/bin/python -m analysis runs the command line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: bash install.sh DIR   (the folder to create the environment in)" >&2
  exit 2
fi
DIR="$1"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3 || true)}"
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "RIES Atlas needs CPython 3.11 (found: ${PYTHON:-none}); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ] && [ ! -x "$DIR/bin/python" ]; then
  echo "$DIR exists and is not an environment made by this script: choose an empty or new folder" >&2
  exit 1
fi

"$PYTHON" -m venv "$DIR"
# --isolated: no pip configuration or PIP_* variable of this machine takes part; --no-index: the wheels here only
pip_install=("$DIR/bin/python" -m pip --isolated --disable-pip-version-check install --no-index
             --find-links "$HERE/wheels")
"${pip_install[@]}" --require-hashes -r "$HERE/requirements.txt"
"${pip_install[@]}" --no-deps --force-reinstall "$HERE"/wheels/ries_atlas-*.whl  # a newer bundle of the same version replaces it
"$DIR/bin/python" -m pip --isolated check

echo
echo "RIES Atlas is installed in $DIR."
echo "  serve the app:     $DIR/bin/ries-atlas            (then open http://localhost:8501)"
echo "  the command line:  $DIR/bin/python -m analysis --help"
