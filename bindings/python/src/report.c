/*
 * report.c - write_report(), report_html(): the library's writer
 * (dp_write_report, dp_tally), so the text is the validator's.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <string.h>

/* --- write_report, report_html: the library's writer ------------------- */

/* A growing buffer the writer's sink appends to. */
typedef struct {
  char *s;
  size_t len, cap;
  int oom;
} outbuf;

static int outbuf_sink(void *arg, const char *data, size_t len) {
  outbuf *b = arg;
  if (b->oom) return -1;
  if (b->len + len > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + len) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
      b->oom = 1;
      return -1;
    }
    b->s = s;
    b->cap = cap;
  }
  memcpy(b->s + b->len, data, len);
  b->len += len;
  return 0;
}

static int parse_write_format(PyObject *f, dp_write_format *out) {
  static const char *const names[] = {"text", "json", "csv", "html"};
  static const dp_write_format fmts[] = {DP_WRITE_TEXT, DP_WRITE_JSON,
                                         DP_WRITE_CSV, DP_WRITE_HTML};
  int i = f && f != Py_None ? dpy_name_index(f, names, 4) : 0;
  if (i >= 0) {
    *out = fmts[i];
    return 0;
  }
  PyErr_Format(PyExc_ValueError,
               "format must be 'text', 'json', 'csv' or 'html', not %R", f);
  return -1;
}

/* Check every record of `source` (a path, or an iterable of dicts) and
 * write them with dp_write_report, or count them in a tally written at
 * the end (summary=True, format 'html'); the output as str. */
/* The text, JSON, CSV or HTML of records, written by the library: from a
 * path, an iterable of record dicts, or (text not NULL) text in memory
 * named `name` in the report, read with the ledger map of lmap. */
static PyObject *write_records(EngineObject *self, PyObject *source,
                               dp_write_format fmt, PyObject *langobj,
                               int bom, int summary, PyObject *procedure,
                               PyObject *in_progress, PyObject *as_of,
                               const char *encoding, PyObject *input_format,
                               PyObject *text, const char *name,
                               PyObject *lmap, int quiet) {
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  dp_lang lang = self->lang;
  if (langobj && langobj != Py_None && dpy_parse_lang(langobj, &lang) < 0)
    return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  dp_format infmt;
  if (dpy_parse_format(input_format, &infmt)) return NULL;
  outbuf out = {NULL, 0, 0, 0};
  dp_write_options wo;
  memset(&wo, 0, sizeof wo);
  wo.format = fmt;
  wo.lang = lang;
  wo.flags = (bom ? DP_WRITE_BOM : 0u) | (quiet ? DP_WRITE_QUIET : 0u);
  wo.sink = outbuf_sink;
  wo.sink_arg = &out;
  dp_tally *t = NULL;
  int use_tally = summary || fmt == DP_WRITE_HTML;
  if (use_tally) {
    /* validity is counted as of the day the records are judged by
     * (dpy_parse_check_opts: as_of=, else today) */
    if (dp_tally_new(&t, self->e, o.as_of,
                     fmt == DP_WRITE_HTML ? DP_TALLY_RECORDS : 0u) != 0)
      return PyErr_NoMemory();
  } else if (dp_write_header(&wo) != 0) {
    free(out.s);
    return PyErr_NoMemory();
  }
  dp_reader *rd = NULL;
  dp_ledger_map *map = NULL;
  PyObject *it = NULL, *fname_obj = NULL;
  const char *fname = NULL;
  int is_path = source && source != Py_None &&
                (PyUnicode_Check(source) || PyBytes_Check(source) ||
                 PyObject_HasAttrString(source, "__fspath__"));
  if ((infmt == DP_FORMAT_AUTO || infmt == DP_FORMAT_LEDGER) &&
      (is_path || text) && !(map = dpy_ledger_map_for(st, self->e, lmap)))
    goto fail;
  if (text) {
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(text, &len);
    if (!s) goto fail;
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_reader_open_string(&rd, s, (size_t)len, name, infmt, &err);
    if (rc) {
      dpy_raise(st->Error, rc, &err);
      goto fail;
    }
    fname = name ? name : "<string>";
  } else if (!source || source == Py_None) {
    PyErr_SetString(PyExc_TypeError, "write a path, a list of records or "
                                     "text=");
    goto fail;
  } else if (is_path) {
    rd = dpy_open_path(st, source, infmt, encoding);
    if (!rd) goto fail;
    /* the file's name as the text and CSV output give it */
    PyObject *fs = PyOS_FSPath(source);
    if (fs && PyBytes_Check(fs)) {
      Py_SETREF(fs, PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(fs),
                                                      PyBytes_GET_SIZE(fs)));
    }
    fname = fs ? PyUnicode_AsUTF8(fs) : NULL;
    fname_obj = fs;
    if (!fname) goto fail;
  } else if (PyDict_Check(source)) {
    PyErr_SetString(PyExc_TypeError, "write a list of records, not one dict "
                                     "(put it in a list)");
    goto fail;
  } else if (!(it = PyObject_GetIter(source))) {
    goto fail;
  }
  if (rd && map) dp_reader_set_ledger_map(rd, map);
  for (;;) {
    dp_record *r = NULL;
    dp_error err;
    memset(&err, 0, sizeof err);
    if (rd) {
      int rc;
      Py_BEGIN_ALLOW_THREADS
      rc = dp_reader_next(rd, &r, &err);
      Py_END_ALLOW_THREADS
      if (rc == 0) break;
      if (rc < 0) {
        dpy_raise(st->Error, rc, &err);
        goto fail;
      }
    } else {
      PyObject *item = PyIter_Next(it);
      if (!item) {
        if (PyErr_Occurred()) goto fail;
        break;
      }
      if (dp_record_new(&r, NULL) != 0) r = NULL;
      int bad = !r || dpy_record_from_dict(st, item, r) < 0;
      Py_DECREF(item);
      if (bad) {
        if (!r) PyErr_NoMemory();
        dp_record_free(r);
        goto fail;
      }
    }
    dp_report *rep = NULL;
    dp_record_info ri;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dpy_check_with(self->e, r, &o, &rep);
    if (rc == 0) {
      dp_record_info_of(r, &ri);
      if (rd) {
        ri.file = fname;
        ri.line = dp_reader_line(rd);
      }
      rc = use_tally ? dp_tally_add(t, rep, &ri) : dp_write_report(rep, &ri, &wo);
    }
    Py_END_ALLOW_THREADS
    dp_report_free(rep);
    dp_record_free(r);
    if (rc) {
      dpy_raise(st->Error, rc, NULL);
      goto fail;
    }
  }
  if (use_tally) {
    int rc = dp_tally_write(t, &wo);
    if (rc) {
      dpy_raise(st->Error, rc, NULL);
      goto fail;
    }
  }
  dp_reader_free(rd);
  dp_ledger_map_free(map);
  Py_XDECREF(it);
  Py_XDECREF(fname_obj);
  dp_tally_free(t);
  if (out.oom) {
    free(out.s);
    return PyErr_NoMemory();
  }
  PyObject *written = PyUnicode_DecodeUTF8(out.s ? out.s : "",
                                           (Py_ssize_t)out.len, "replace");
  free(out.s);
  return written;
fail:
  dp_reader_free(rd);
  dp_ledger_map_free(map);
  Py_XDECREF(it);
  Py_XDECREF(fname_obj);
  dp_tally_free(t);
  free(out.s);
  return NULL;
}

PyObject *dpy_engine_write_report(EngineObject *self, PyObject *args,
                                     PyObject *kwds) {
  static char *kwlist[] = {"source",   "format",      "lang",  "bom",
                           "summary",  "procedure",   "in_progress",
                           "as_of",    "encoding",    "input_format",
                           "text",     "name",        "ledger_map",
                           "quiet",    NULL};
  PyObject *source = Py_None, *fmtobj = Py_None, *langobj = Py_None,
           *procedure = NULL, *in_progress = NULL, *as_of = NULL,
           *input_format = Py_None, *text = NULL, *lmap = Py_None;
  int bom = 0, summary = 0, quiet = 0;
  const char *encoding = NULL, *name = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO$OppOOOzOUzOp:write_report",
                                   kwlist, &source, &fmtobj, &langobj, &bom,
                                   &summary, &procedure, &in_progress, &as_of,
                                   &encoding, &input_format, &text, &name,
                                   &lmap, &quiet))
    return NULL;
  if (text && source != Py_None) {
    PyErr_SetString(PyExc_TypeError, "write_report() takes a source or "
                                     "text=, not both");
    return NULL;
  }
  dp_write_format fmt;
  if (parse_write_format(fmtobj, &fmt)) return NULL;
  return write_records(self, source, fmt, langobj, bom, summary, procedure,
                       in_progress, as_of, encoding, input_format, text, name,
                       lmap, quiet);
}

PyObject *dpy_engine_report_html(EngineObject *self, PyObject *args,
                                    PyObject *kwds) {
  static char *kwlist[] = {"source", "lang", "procedure", "in_progress",
                           "as_of", "encoding", "input_format", NULL};
  PyObject *source, *langobj = Py_None, *procedure = NULL,
                    *in_progress = NULL, *as_of = NULL,
                    *input_format = Py_None;
  const char *encoding = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOOOzO:report_html", kwlist,
                                   &source, &langobj, &procedure, &in_progress,
                                   &as_of, &encoding, &input_format))
    return NULL;
  return write_records(self, source, DP_WRITE_HTML, langobj, 0, 0, procedure,
                       in_progress, as_of, encoding, input_format, NULL, NULL,
                       Py_None, 0);
}

