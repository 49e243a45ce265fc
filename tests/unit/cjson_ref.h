/*
 * cjson_ref.h - Debian's libcjson as a reference for the bundled copy
 * (check_cjson.c).  cjson_ref.c is compiled against the system's header
 * alone, so that its calls reach the system's cJSON and not the bundled
 * one, whose names are dp__cJSON_*.
 */
#ifndef CJSON_REF_H
#define CJSON_REF_H

#include <stddef.h>

/* Parse s[0..n) with cJSON_ParseWithLengthOpts (not NUL-terminated).
 * Returns 1 and sets *printed (cJSON_PrintUnformatted of the tree; free
 * with ref_free) when the text parses, 0 when not; *at is where the
 * parse ended or failed, as an offset, or (size_t)-1. */
int ref_parse(const char *s, size_t n, size_t *at, char **printed);
void ref_free(char *p);

#endif
