/*
 * dp-json.h - cJSON as the library uses it, and the arena a record's
 * parse tree lives in.
 *
 * By default the library carries its own copy of cJSON (lib/cjson/,
 * renamed by lib/cjson-names.h; DP_BUNDLED_CJSON is defined) and gives
 * that copy an allocator: the tree of a record is allocated from an
 * arena the record owns, a bump pointer in one or a few blocks, and
 * freed all at once with the record.  cJSON allocates a block for every
 * value, key and string (85 for a record of 700 bytes) and cJSON_Delete
 * frees them one by one; with the arena a parse makes no call to malloc
 * in the steady state and freeing the tree costs nothing
 * (doc/performance.md).
 *
 * configure --with-system-cjson builds against the system's libcjson
 * instead: its hooks are global to the process, so the library leaves
 * them alone, and the arena is not used (trees are freed by cJSON_Delete).
 */
#ifndef DP_JSON_H
#define DP_JSON_H

#include "dp-private.h"

#include <stddef.h>

#ifdef DP_BUNDLED_CJSON
#include "cjson-names.h"
#include "cjson/cJSON.h"
#else
#include <cjson/cJSON.h>
#endif

/* The arena itself (dp__arena) is declared in dp-private.h. */

/* cJSON_ParseWithLengthOpts(text, len, end, 0) with the tree in a (with
 * the bundled cJSON; with the system's, a is not used).  Free the tree
 * with dp__json_drop. */
cJSON *dp__json_parse(dp__arena *a, const char *text, size_t len,
                      const char **end);
/* Free a tree from dp__json_parse (NULL is fine).  With the bundled
 * cJSON this resets a: every tree parsed into a goes with it. */
void dp__json_drop(dp__arena *a, cJSON *root);
/* Set the bundled cJSON's hooks (once; every other use of cJSON in the
 * library — the calendar's — calls this first, so the hooks never change
 * under a parse).  No-op with the system's cJSON. */
void dp__json_init(void);

#endif
