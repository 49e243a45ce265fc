/*
 * messages.c - looking up the catalogues of msg_zh.c and msg_en.c.
 */
#include "dp-private.h"
#include "messages.h"

#include <string.h>

const char *dp__msg(dp__msgid id, int lang, const char *step) {
  const dp__stepmsg *sm = lang ? dp__stepmsg_en : dp__stepmsg_zh;
  if (step)
    for (; sm->step; sm++)
      if (sm->id == id && strcmp(sm->step, step) == 0) return sm->text;
  return (lang ? dp__msg_en : dp__msg_zh)[id];
}
