# common.sh - sourced by the validator tests: where things are.
#
# make check exports srcdir, top_srcdir and builddir (AM_TESTS_ENVIRONMENT);
# run by hand from a build directory, the defaults below work too.

: "${srcdir:=.}"
: "${top_srcdir:=$srcdir}"
: "${builddir:=.}"

dp_abs() { (cd "$1" && pwd); }

top_srcdir=$(dp_abs "$top_srcdir")
builddir=$(dp_abs "$builddir")
VALIDATE=${VALIDATE:-$builddir/examples/dueproc-validate}
if [ ! -x "$VALIDATE" ]; then
  echo "$0: the validator is not built: $VALIDATE" >&2
  exit 99
fi

# no colour, no progress line, whatever the environment
NO_COLOR=1
export NO_COLOR
unset LC_ALL LC_MESSAGES LANG

DP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dp-validate.XXXXXX") || exit 99
trap 'rm -rf "$DP_TMP"' EXIT

dp_fails=0
dp_fail() {
  echo "FAIL: $*" >&2
  dp_fails=$((dp_fails + 1))
}
