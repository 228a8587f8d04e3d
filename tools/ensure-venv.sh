#!/usr/bin/env bash
# Create the project's virtual environment. On Debian, `python3 -m venv` needs
# the python3-venv package: install it when running as root, else say what to run.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed as '$python' (found: $("$python" --version 2>&1 || echo none))." >&2
  exit 1
fi
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
  pkg="python3-venv"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing $pkg (Debian) so that Python can create virtual environments..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg"
  else
    echo "error: Python cannot create a virtual environment. On Debian run: sudo apt-get install $pkg" >&2
    exit 1
  fi
fi
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24" "setuptools>=68"
