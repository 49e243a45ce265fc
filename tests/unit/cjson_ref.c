/*
 * cjson_ref.c - the system's libcjson, the reference of check_cjson.c
 * (cjson_ref.h).  Built with the system's header only (Makefile.am gives
 * this file no -I of the tree).
 */
#include "cjson_ref.h"

#include <cjson/cJSON.h>

int ref_parse(const char *s, size_t n, size_t *at, char **printed) {
  const char *end = NULL;
  *printed = NULL;
  cJSON *t = cJSON_ParseWithLengthOpts(s, n, &end, 0);
  *at = end ? (size_t)(end - s) : (size_t)-1;
  if (!t) return 0;
  *printed = cJSON_PrintUnformatted(t);
  cJSON_Delete(t);
  return 1;
}

void ref_free(char *p) { cJSON_free(p); }
