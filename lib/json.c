/*
 * json.c - the bundled cJSON (lib/cjson/, see its README), compiled into
 * the library under the names of lib/cjson-names.h.  Its allocator is
 * set by lib/arena.c.  Empty when configure --with-system-cjson.
 */
#ifdef DP_BUNDLED_CJSON
#include "cjson-names.h"
#if defined(__GNUC__)
/* cJSON's own code, kept as Debian ships it: not held to our warnings */
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#endif
#include "cjson/cJSON.c"
#else
typedef int dp__json_unused; /* ISO C wants a declaration */
#endif
