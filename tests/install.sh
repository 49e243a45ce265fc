#!/bin/sh
# install.sh - `make install` into a DESTDIR, then build examples/drafting.c
# against the installed library through `pkg-config dueproc`, run it, and
# check that the header, both libraries, the .pc file, the validator and
# its man page were installed.
set -eu
: "${top_srcdir:=.}"
: "${builddir:=.}"
command -v pkg-config >/dev/null 2>&1 || { echo "install: no pkg-config; skipped"; exit 77; }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
${MAKE:-make} -C "$builddir" install DESTDIR="$dest" >"$dest.log" 2>&1 || {
  cat "$dest.log"; rm -f "$dest.log"; echo "install: make install failed"; exit 1; }
rm -f "$dest.log"
pc=$(find "$dest" -name dueproc.pc | head -n 1)
[ -n "$pc" ] || { echo "install: dueproc.pc not installed"; exit 1; }
for f in include/dueproc.h; do
  find "$dest" -path "*/$f" | grep -q . || { echo "install: $f missing"; exit 1; }
done
find "$dest" -name 'libdueproc.so*' | grep -q . || { echo "install: shared library missing"; exit 1; }
find "$dest" -name 'libdueproc.a' | grep -q . || { echo "install: static library missing"; exit 1; }
find "$dest" -name 'dueproc-validate' -type f | grep -q . || { echo "install: dueproc-validate missing"; exit 1; }
find "$dest" -name 'dueproc-validate.1*' | grep -q . || { echo "install: man page missing"; exit 1; }
# build the drafting example against what was installed
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cflags=$(pkg-config --cflags dueproc)
libs=$(pkg-config --libs dueproc)
libdir=$(pkg-config --variable=libdir dueproc)
# pkgconf puts the sysroot in front of variables too; pkg-config does not
case "$libdir" in "$dest"*) ;; *) libdir="$dest$libdir" ;; esac
${CC:-cc} $cflags "$top_srcdir/examples/drafting.c" $libs -o "$dest/drafting"
LD_LIBRARY_PATH="$libdir" "$dest/drafting" > "$dest/out.txt" || {
  cat "$dest/out.txt"; echo "install: drafting demo failed"; exit 1; }
grep -q "may I take collective_decision? no" "$dest/out.txt"
grep -q "finished: 7 steps taken, 2 refused; compliant" "$dest/out.txt"
# the demo really used the installed copy
LD_LIBRARY_PATH="$libdir" ldd "$dest/drafting" | grep -q "$dest" || {
  echo "install: drafting did not link the installed library"; exit 1; }
echo "install: installed, built examples/drafting.c with pkg-config, ran it"
