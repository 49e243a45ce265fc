/*
 * files.c - check_file(), check_text(), test_file(): the FileCheck
 * iterator over a dp_reader.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* --- check_file: an iterator over a dp_reader --------------------------- */

typedef struct {
  PyObject_HEAD
  EngineObject *engine;
  dp_reader *rd;
  check_opts opts; /* its procedure is the engine's, which we hold */
  int busy;
  long line;
  size_t unreadable;
  dp_record *cur;    /* the record last yielded, kept for .record */
  PyObject *record;  /* its fields as a dict, made at the first .record */
  const char *encoding; /* the input's (static strings of the library) */
  dp_ledger_map *map;   /* the reader's ledger map (freed after it) */
  PyObject *note;       /* the reader's note, kept when it is freed */
} FileCheckObject;

static void FileCheck_dealloc(FileCheckObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  dp_reader_free(self->rd);
  dp_ledger_map_free(self->map);
  Py_XDECREF(self->note);
  dp_record_free(self->cur);
  Py_XDECREF(self->engine);
  Py_XDECREF(self->record);
  tp->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

static PyObject *FileCheck_next(FileCheckObject *self) {
  if (!self->rd) return NULL;
  if (self->busy) {
    PyErr_SetString(PyExc_ValueError, "check_file iterator already running "
                    "in another thread");
    return NULL;
  }
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  dp_record *r = NULL;
  dp_report *rep = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc, crc = 0;
  self->busy = 1;
  Py_BEGIN_ALLOW_THREADS
  rc = dp_reader_next(self->rd, &r, &err);
  if (rc == 1) crc = dpy_check_with(self->engine->e, r, &self->opts, &rep);
  Py_END_ALLOW_THREADS
  self->busy = 0;
  self->line = dp_reader_line(self->rd);
  self->unreadable = dp_reader_unreadable(self->rd);
  if (rc == 1) {
    /* the record stays for .record, which makes its dict only when asked
     * (most loops never ask: no dict a record) */
    Py_CLEAR(self->record);
    dp_record_free(self->cur);
    self->cur = r;
  }
  if (rc != 1) {
    self->encoding = dp_reader_encoding(self->rd);
    if (!self->note) {
      const char *n = dp_reader_note(self->rd, self->engine->lang);
      self->note = n ? PyUnicode_FromString(n) : NULL;
      PyErr_Clear();
    }
    dp_reader_free(self->rd);
    self->rd = NULL;
    if (rc < 0) dpy_raise(st->Error, rc, &err);
    return NULL; /* rc == 0: StopIteration */
  }
  if (crc) {
    dpy_raise(st->Error, crc, NULL);
    return NULL;
  }
  PyObject *list =
      dpy_report_to_list(st, rep, self->engine->lang, &self->engine->strs);
  PyObject *out = NULL;
  if (list) {
    PyObject *id = dpy_str_or_none(dp_report_id(rep));
    if (id) out = PyTuple_Pack(2, id, list);
    Py_XDECREF(id);
    Py_DECREF(list);
  }
  dp_report_free(rep);
  return out;
}

static PyObject *FileCheck_close(FileCheckObject *self, PyObject *unused) {
  if (self->busy) {
    PyErr_SetString(PyExc_ValueError, "check_file iterator is running");
    return NULL;
  }
  dp_reader_free(self->rd);
  self->rd = NULL;
  Py_RETURN_NONE;
}

static PyObject *FileCheck_enter(PyObject *self, PyObject *unused) {
  return Py_NewRef(self);
}

static PyObject *FileCheck_exit(FileCheckObject *self, PyObject *args) {
  PyObject *r = FileCheck_close(self, NULL);
  if (!r) return NULL;
  Py_DECREF(r);
  Py_RETURN_FALSE;
}

static PyObject *FileCheck_get_line(FileCheckObject *self, void *c) {
  return PyLong_FromLong(self->line);
}

static PyObject *FileCheck_get_unreadable(FileCheckObject *self, void *c) {
  return PyLong_FromSize_t(self->unreadable);
}

static PyObject *FileCheck_get_encoding(FileCheckObject *self, void *c) {
  const char *e = self->rd ? dp_reader_encoding(self->rd) : self->encoding;
  return dpy_str_or_none(e);
}

static PyObject *FileCheck_get_note(FileCheckObject *self, void *c) {
  if (self->rd && !self->busy) {
    const char *n = dp_reader_note(self->rd, self->engine->lang);
    return dpy_str_or_none(n);
  }
  if (!self->note) Py_RETURN_NONE;
  return Py_NewRef(self->note);
}

static PyObject *FileCheck_get_format(FileCheckObject *self, void *c) {
  static const char *const names[] = {"auto", "json", "jsonl", "csv",
                                      "ledger"};
  dp_format f = self->rd ? dp_reader_format(self->rd) : DP_FORMAT_AUTO;
  if (!self->rd) Py_RETURN_NONE;
  return PyUnicode_FromString(names[f <= DP_FORMAT_LEDGER ? f : 0]);
}

static PyObject *FileCheck_get_record(FileCheckObject *self, void *c) {
  if (!self->record && self->cur && !self->busy)
    self->record = dpy_record_fields(self->cur);
  if (!self->record) {
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_NONE;
  }
  return PyDict_Copy(self->record);
}

static PyGetSetDef FileCheck_getset[] = {
    {"record", (getter)FileCheck_get_record, NULL,
     "The record-level fields of the record last yielded: a dict with id, "
     "procedure, title, authority and doc_number (None where absent), or "
     "None before the first record.",
     NULL},
    {"line", (getter)FileCheck_get_line, NULL,
     "1-based line where the record last yielded begins (CSV: its first "
     "row).",
     NULL},
    {"encoding", (getter)FileCheck_get_encoding, NULL,
     "The encoding the input is read in: 'UTF-8', or 'GB18030' when it was "
     "named or guessed (a file that is not UTF-8 but valid GB18030, as Excel "
     "saves CSV on Chinese Windows); None before it is known.",
     NULL},
    {"note", (getter)FileCheck_get_note, NULL,
     "What the reader says once of the input as a whole, in the engine's "
     "language: that its encoding was guessed, and each column of a ledger "
     "that the mapping does not know (with the nearest known name); lines "
     "joined with newlines.  None when there is nothing to say.  Complete "
     "once the iterator has ended.",
     NULL},
    {"format", (getter)FileCheck_get_format, NULL,
     "The format being read: 'json', 'jsonl', 'csv' or 'ledger' (a CSV is "
     "known to be a ledger once its first record was read); None once the "
     "input is closed.",
     NULL},
    {"unreadable", (getter)FileCheck_get_unreadable, NULL,
     "Number of records yielded so far that could not be read (each was "
     "reported as an invalid_record finding).",
     NULL},
    {NULL}};

static PyMethodDef FileCheck_methods[] = {
    {"close", DP_METH(FileCheck_close), METH_NOARGS,
     "close()\n\nClose the file; the iterator then ends."},
    {"__enter__", DP_METH(FileCheck_enter), METH_NOARGS, NULL},
    {"__exit__", DP_METH(FileCheck_exit), METH_VARARGS, NULL},
    {NULL}};

static PyType_Slot FileCheck_slots[] = {
    {Py_tp_doc,
     "The iterator Engine.check_file() returns: (record_id, findings) pairs "
     "in input order.  Also a context manager that closes the file."},
    {Py_tp_dealloc, FileCheck_dealloc},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, FileCheck_next},
    {Py_tp_methods, FileCheck_methods},
    {Py_tp_getset, FileCheck_getset},
    {0, NULL}};

PyType_Spec dpy_filecheck_spec = {
    "dueproc.FileCheck", sizeof(FileCheckObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
    FileCheck_slots};

/* Open a reader over path (a str or path-like object) as check_file and
 * test_file do: a directory, a file that cannot be opened (OSError with
 * its errno), bad input (dueproc.Error).  NULL with the exception set. */
dp_reader *dpy_open_path(dp_state *st, PyObject *path, dp_format fmt,
                            const char *encoding) {
  PyObject *bpath = NULL;
  if (!PyUnicode_FSConverter(path, &bpath)) return NULL;
  const char *p = PyBytes_AS_STRING(bpath);
  struct stat sb;
  if (strcmp(p, "-") != 0 && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    errno = EISDIR;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
    Py_DECREF(bpath);
    return NULL;
  }
  /* an Excel workbook (zip or OLE magic) is no text: say so, as the
   * validator does */
  if (strcmp(p, "-") != 0) {
    FILE *fp = fopen(p, "rb");
    unsigned char head[8];
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    int xlsx = n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0;
    if (xlsx || (n == 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                                  8) == 0)) {
      dp_error xe;
      memset(&xe, 0, sizeof xe);
      xe.code = DP_EINVAL;
      xe.offset = -1;
      snprintf(xe.source, sizeof xe.source, "%s", p);
      snprintf(xe.text, sizeof xe.text,
               "an Excel workbook (%s), not a CSV or JSON file: read it with "
               "dueproc_cli.read_workbook() or python3 -m dueproc_cli, or "
               "save it as CSV UTF-8 (doc/ledger.md)",
               xlsx ? ".xlsx" : ".xls");
      Py_DECREF(bpath);
      dpy_raise(st->Error, DP_EINVAL, &xe);
      return NULL;
    }
  }
  dp_reader *rd = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc, saved;
  Py_BEGIN_ALLOW_THREADS
  errno = 0;
  rc = dp_reader_open_ex(&rd, p, fmt, encoding, &err);
  saved = errno;
  Py_END_ALLOW_THREADS
  Py_DECREF(bpath);
  if (!rc) return rd;
  if (rc == DP_EIO && saved) {
    errno = saved;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
  } else if (rc == DP_EIO) {
    char buf[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
    dp_error_format(&err, buf, sizeof buf);
    PyErr_SetString(PyExc_OSError, buf);
  } else {
    dpy_raise(st->Error, rc, &err);
  }
  return NULL;
}

/* The ledger map of a reader: the default with the names of the engine's
 * steps and attributes, then the file `path` (None: none).  NULL with an
 * exception set. */
dp_ledger_map *dpy_ledger_map_for(dp_state *st, const dp_engine *e,
                                     PyObject *path) {
  dp_ledger_map *m = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_ledger_map_new(&m, e, &err);
  if (!rc && path && path != Py_None) {
    PyObject *b = NULL;
    if (!PyUnicode_FSConverter(path, &b)) {
      dp_ledger_map_free(m);
      return NULL;
    }
    int saved;
    errno = 0;
    rc = dp_ledger_map_load_file(m, PyBytes_AS_STRING(b), &err);
    saved = errno;
    if (rc == DP_EIO && saved) {
      errno = saved;
      PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
      Py_DECREF(b);
      dp_ledger_map_free(m);
      return NULL;
    }
    Py_DECREF(b);
  }
  if (rc) {
    dpy_raise(st->Error, rc, &err);
    dp_ledger_map_free(m);
    return NULL;
  }
  return m;
}

/* A FileCheck over reader rd (taken), with map (taken, may be NULL). */
static PyObject *file_check_new(dp_state *st, EngineObject *self,
                                dp_reader *rd, dp_ledger_map *map,
                                const check_opts *o) {
  if (map) dp_reader_set_ledger_map(rd, map);
  FileCheckObject *it = (FileCheckObject *)st->FileCheckType->tp_alloc(
      st->FileCheckType, 0);
  if (!it) {
    dp_reader_free(rd);
    dp_ledger_map_free(map);
    return NULL;
  }
  it->engine = (EngineObject *)Py_NewRef(self);
  it->rd = rd;
  it->map = map;
  it->opts = *o;
  return (PyObject *)it;
}

/* --- test_file: a file of test cases (records with "expect") ---------- */

PyObject *dpy_engine_test_file(EngineObject *self, PyObject *args,
                                  PyObject *kwds) {
  static char *kwlist[] = {"path", "format", NULL};
  PyObject *path, *fmtobj = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:test_file", kwlist, &path,
                                   &fmtobj))
    return NULL;
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (dpy_parse_format(fmtobj, &fmt)) return NULL;
  dp_reader *rd = dpy_open_path(st, path, fmt, NULL);
  if (!rd) return NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc;
  PyObject *out = PyList_New(0);
  dp_record *r = NULL;
  while (out && (rc = dp_reader_next(rd, &r, &err)) == 1) {
    dp_report *rep = NULL;
    char *diff = NULL;
    int crc, agree;
    Py_BEGIN_ALLOW_THREADS
    crc = dp_check(self->e, r, NULL, &rep);
    agree = crc ? crc : dp_report_expected(rep, r, &diff);
    Py_END_ALLOW_THREADS
    if (crc) {
      dpy_raise(st->Error, crc, NULL);
      Py_CLEAR(out);
    } else {
      const char *why = agree == 1                ? NULL
                        : agree == 0              ? diff
                        : agree == DP_ENOTFOUND   ? "no \"expect\""
                                                  : "\"expect\" is not a list of "
                                                    "[code, step] or [code, step, rule]";
      PyObject *d = Py_BuildValue("{s:z,s:l,s:O,s:z}", "id",
                                  dp_report_id(rep), "line",
                                  dp_reader_line(rd), "agree",
                                  agree == 1 ? Py_True : Py_False, "diff", why);
      if (!d || PyList_Append(out, d) < 0) Py_CLEAR(out);
      Py_XDECREF(d);
    }
    dp_free(diff);
    dp_report_free(rep);
    dp_record_free(r);
  }
  if (out && rc < 0) {
    dpy_raise(st->Error, rc, &err);
    Py_CLEAR(out);
  }
  dp_reader_free(rd);
  return out;
}

PyObject *dpy_engine_check_file(EngineObject *self, PyObject *args,
                                   PyObject *kwds) {
  static char *kwlist[] = {"path",   "format",   "procedure",  "in_progress",
                           "as_of",  "encoding", "ledger_map", NULL};
  PyObject *path, *fmtobj = Py_None, *procedure = NULL, *in_progress = NULL,
                  *as_of = NULL, *lmap = Py_None;
  const char *encoding = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O$OOOzO:check_file", kwlist,
                                   &path, &fmtobj, &procedure, &in_progress,
                                   &as_of, &encoding, &lmap))
    return NULL;
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (dpy_parse_format(fmtobj, &fmt)) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  dp_ledger_map *map = NULL;
  if ((fmt == DP_FORMAT_AUTO || fmt == DP_FORMAT_LEDGER) &&
      !(map = dpy_ledger_map_for(st, self->e, lmap)))
    return NULL;
  dp_reader *rd = dpy_open_path(st, path, fmt, encoding);
  if (!rd) {
    dp_ledger_map_free(map);
    return NULL;
  }
  return file_check_new(st, self, rd, map, &o);
}

PyObject *dpy_engine_check_text(EngineObject *self, PyObject *args,
                                   PyObject *kwds) {
  static char *kwlist[] = {"text",  "format", "name",       "procedure",
                           "in_progress", "as_of", "ledger_map", NULL};
  PyObject *text, *fmtobj = Py_None, *procedure = NULL, *in_progress = NULL,
                  *as_of = NULL, *lmap = Py_None;
  const char *name = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O$zOOOO:check_text",
                                   kwlist, &text, &fmtobj, &name, &procedure,
                                   &in_progress, &as_of, &lmap))
    return NULL;
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (dpy_parse_format(fmtobj, &fmt)) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  const char *s;
  Py_ssize_t len;
  if (PyUnicode_Check(text)) {
    if (!(s = PyUnicode_AsUTF8AndSize(text, &len))) return NULL;
  } else if (PyBytes_Check(text)) {
    s = PyBytes_AS_STRING(text);
    len = PyBytes_GET_SIZE(text);
  } else {
    PyErr_Format(PyExc_TypeError, "check_text() wants str or bytes, not "
                 "%.100s", Py_TYPE(text)->tp_name);
    return NULL;
  }
  dp_ledger_map *map = NULL;
  if ((fmt == DP_FORMAT_AUTO || fmt == DP_FORMAT_LEDGER) &&
      !(map = dpy_ledger_map_for(st, self->e, lmap)))
    return NULL;
  dp_reader *rd = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_reader_open_string(&rd, s, (size_t)len, name, fmt, &err);
  if (rc) {
    dp_ledger_map_free(map);
    dpy_raise(st->Error, rc, &err);
    return NULL;
  }
  return file_check_new(st, self, rd, map, &o);
}

