#!/bin/sh
# exports.sh - the shared library exports exactly the public API: every
# dp_ function of include/dueproc.h and nothing else (no dp__ internals,
# no symbols of cJSON or pcre2).  tests/exports.list is the expected list;
# a new public function must be added there on purpose.  And it imports
# none of the C library's calls that use storage shared between threads
# (strerror, localtime, …): the header promises thread safety.
set -eu
: "${top_srcdir:=.}"
: "${builddir:=.}"
lib=$(ls "$builddir"/lib/.libs/libdueproc.so 2>/dev/null || true)
if [ -z "$lib" ]; then
  echo "exports: no shared library (static-only build?); skipped"
  exit 77
fi
command -v nm >/dev/null 2>&1 || { echo "exports: nm not found; skipped"; exit 77; }
got=$(mktemp)
want=$(mktemp)
hdr=$(mktemp)
trap 'rm -f "$got" "$want" "$hdr"' EXIT
nm -D --defined-only "$lib" | awk '{print $3}' | sort > "$got"
sort "$top_srcdir/tests/exports.list" > "$want"
# every DP_API function declared in the header is in the list
grep -o 'dp_[a-z0-9_]*(' "$top_srcdir/include/dueproc.h" | tr -d '(' |
  grep -v '^dp__' | sort -u > "$hdr"
status=0
if ! diff -u "$want" "$got"; then
  echo "exports: the library's exports differ from tests/exports.list"
  status=1
fi
if ! diff -u "$want" "$hdr"; then
  echo "exports: include/dueproc.h declares other functions than tests/exports.list"
  status=1
fi
# one word for confidence, the rule language's: verified
if grep -n 'confirmed' "$top_srcdir/include/dueproc.h"; then
  echo "exports: the header says 'confirmed'; the word is 'verified'"
  status=1
fi
# the library promises thread safety: none of these is called
unsafe=$(nm -D --undefined-only "$lib" | awk '{print $2}' | sed 's/@.*//' |
  grep -E '^(strerror|strtok|localtime|gmtime|asctime|ctime|rand|strsignal|readdir)$' || true)
if [ -n "$unsafe" ]; then
  echo "exports: the library calls what is not thread-safe:" $unsafe
  status=1
fi
[ $status -eq 0 ] && echo "exports: $(wc -l < "$got") symbols, all dp_ and all declared"
exit $status
