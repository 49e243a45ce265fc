/*
 * version.c - the library's version at run time.
 */
#include "dp-private.h"

#define DP__STR2(x) #x
#define DP__STR(x) DP__STR2(x)

const char *dp_version_string(void) {
  return DP__STR(DP_VERSION_MAJOR) "." DP__STR(DP_VERSION_MINOR) "." DP__STR(
      DP_VERSION_PATCH);
}
