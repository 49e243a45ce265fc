#!/bin/sh
# pytest-or-skip.sh PYTHON TEST.py [ARGS…] - run one pytest file; exit 77
# (skipped) when PYTHON has no pytest, so `make check` says so instead of
# failing.  pytest's exit 5 (no tests collected) is a failure: a test file
# that collects nothing is a broken test file.
py=$1
shift
if ! "$py" -c "import pytest" >/dev/null 2>&1; then
  echo "pytest is not available for $py (Debian package python3-pytest): skipped"
  exit 77
fi
exec "$py" -m pytest "$@"
