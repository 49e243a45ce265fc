#!/bin/sh
# install-deps.sh - install every Debian package that building dueproc and
# running all of its tests need.  This is the one list: CI calls it, and a
# developer on a fresh Debian 12 machine runs it once.
#
# Safe to run again: when every package is already installed it does
# nothing.  Uses sudo unless run as root.
#
# libcjson-dev is not needed by the default build (the library bundles
# cJSON, lib/cjson/) but by `configure --with-system-cjson`, which CI
# builds and tests too.
#
# chromium and fonts-noto-cjk are for the HTML report's browser test
# (tests/validator/html-browser.sh renders it headless and takes a
# screenshot with Chinese text); without them that test is skipped.
# fonts-noto-cjk also labels examples/analyst.py's chart in Chinese
# (bindings/python/tests/test_audit.py fails on a missing glyph, and is
# skipped without the font).
#
# python3-dask and python3-distributed run bindings/python/dueproc_dask.py's
# test (a LocalCluster of two worker processes); without them it is
# skipped.
set -eu

PACKAGES="
  build-essential
  autoconf
  automake
  libtool
  pkg-config
  file
  check
  libpcre2-dev
  libcjson-dev
  python3
  python3-dev
  python3-pytest
  python3-setuptools
  python3-pandas
  python3-pip
  python3-wheel
  python3-matplotlib
  python3-openpyxl
  python3-dask
  python3-distributed
  valgrind
  clang
  libclang-rt-14-dev
  time
  chromium
  fonts-noto-cjk
"

missing=
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
       grep -q '^install ok installed$'; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages are installed"
  exit 0
fi
echo "install-deps: installing:$missing"

if [ "$(id -u)" -eq 0 ]; then
  sudo=
else
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the list is wanted
$sudo apt-get update && $sudo apt-get install -y --no-install-recommends $PACKAGES
