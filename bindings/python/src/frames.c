/*
 * frames.c - the per-event half of check_frame() and audit_frame().
 *
 * dueproc/frames.py holds the pandas half: it takes a DataFrame apart into
 * its header and one array of cells a column, and puts the columns this
 * file returns together into DataFrames.  Here, with no pandas:
 *
 *   Engine._check_table(header, columns, index, audit, *, procedure,
 *                       in_progress, as_of, threads)
 *       an event log (records.md §5) held as columns of str: the cells go
 *       through dp_reader_open_table(), so the library's one CSV row→record
 *       code decides what they mean exactly as for a file;
 *   Engine._check_source(source, index, audit, *, format, encoding,
 *                        ledger_map, procedure, in_progress, as_of,
 *                        threads)
 *       a path (audit_frame of a file), or CSV text (a frame read as a
 *       ledger: what DataFrame.to_csv wrote), through dp_reader_open_*.
 *
 * Both return a dict of columns, one entry a finding (and with `audit` a
 * second dict, one entry a record), made straight from the reports with no
 * Finding object between: str columns as lists (the engine's strings
 * shared, see findings.c), numbers and booleans as bytearrays of int64 and
 * bool that numpy views without a copy.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * Where a message is: the frame's index label instead of a line
 * ------------------------------------------------------------------- */

/* Where each data row of the CSV text that DataFrame.to_csv() wrote
 * begins: the 1-based line the CSV reader gives it (a new line inside a
 * quoted cell counts, as the reader counts it), one entry per row after
 * the header, ascending.  NULL with an exception on failure. */
static long *csv_row_lines(const char *s, size_t len, Py_ssize_t *n) {
  size_t cap = 64;
  Py_ssize_t k = 0;
  long *at = PyMem_Malloc(cap * sizeof *at);
  if (!at) {
    PyErr_NoMemory();
    return NULL;
  }
  long line = 1;
  int quoted = 0, header = 1, in_row = 0;
  for (size_t i = 0; i < len; i++) {
    if (!in_row) {
      in_row = 1;
      if (!header) {
        if ((size_t)k == cap) {
          long *more = PyMem_Realloc(at, 2 * cap * sizeof *at);
          if (!more) {
            PyMem_Free(at);
            PyErr_NoMemory();
            return NULL;
          }
          at = more;
          cap *= 2;
        }
        at[k++] = line;
      }
    }
    if (s[i] == '"') {
      quoted = !quoted; /* "" inside quotes toggles twice */
    } else if (s[i] == '\n') {
      line++;
      if (!quoted) {
        in_row = 0;
        header = 0;
      }
    }
  }
  *n = k;
  return at;
}

/* The DataFrame's rows for the reader's messages: a message located by the
 * reader or the check starts "<DataFrame>:LINE: "; it then names the row
 * by its index label instead, "<DataFrame>[LABEL]: ".  Other messages are
 * made as they are. */
typedef struct {
  long *lines;     /* csv_row_lines(); NULL with `table`: row = line - 2 */
  Py_ssize_t n;
  PyObject *index; /* the frame's index (borrowed); NULL: a file */
  int table;       /* read by dp_reader_open_table() */
} frame_rows;

static const char frame_name[] = "<DataFrame>";

/* The str of message m (UTF-8), its row named by its index label. */
static PyObject *row_message(const frame_rows *fr, const char *m) {
  static const char pre[] = "<DataFrame>:";
  if (!m) return PyErr_NoMemory(); /* wording the message ran out */
  if (!fr->index || (!fr->lines && !fr->table) ||
      strncmp(m, pre, sizeof pre - 1) != 0)
    return dpy_str_or_none(m);
  const char *p = m + sizeof pre - 1, *q = p;
  long line = 0;
  while (*q >= '0' && *q <= '9' && line < LONG_MAX / 10)
    line = line * 10 + (*q++ - '0');
  if (q == p || *q != ':') return dpy_str_or_none(m);
  Py_ssize_t lo = 0, hi = fr->n;
  if (fr->table) { /* row r is line r + 2 */
    if (line < 2 || line - 2 >= fr->n) return dpy_str_or_none(m);
    lo = hi = (Py_ssize_t)(line - 1);
  }
  /* the last row that begins at or before the line */
  while (lo < hi) {
    Py_ssize_t mid = lo + (hi - lo) / 2;
    if (fr->lines[mid] <= line)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return dpy_str_or_none(m); /* the header */
  PyObject *label = PySequence_GetItem(fr->index, lo - 1);
  if (!label) return NULL;
  PyObject *out = PyUnicode_FromFormat("<DataFrame>[%S]%s", label, q);
  Py_DECREF(label);
  return out;
}

/* ---------------------------------------------------------------------
 * A table of str cells: dp_table_cell over the frame's columns
 * ------------------------------------------------------------------- */

/* Each column is an array of objects the caller holds for the call: a
 * numpy object array (read through the buffer protocol, where numpy keeps
 * it: no copy) or a list.  The reader asks for the cells one case at a
 * time with the GIL held.  A str is its UTF-8 (ASCII where it is; other
 * text encoded here into one buffer, not kept on the str); None, NaN and
 * what pandas.isna calls missing are empty; anything else is str() of it,
 * as DataFrame.to_csv writes it (frames.py gives a column of another
 * dtype as to_csv's text). */
typedef struct {
  Py_ssize_t ncols, nrows;
  Py_buffer *views;   /* per column: its buffer (obj NULL: a list) */
  PyObject ***items;  /* per column: its first item (NULL: all empty) */
  Py_ssize_t *stride; /* per column: items apart */
  PyObject *empty;    /* the empty str (one object in CPython) */
  PyObject *isna;     /* pandas.isna, asked for at the first odd cell */
  char *buf;          /* the UTF-8 of the last cell that was not ASCII */
  size_t cap;
  int failed;         /* an exception was set in frame_cell */
} frame_table;

static void frame_table_clear(frame_table *ft) {
  for (Py_ssize_t c = 0; ft->views && c < ft->ncols; c++)
    if (ft->views[c].obj) PyBuffer_Release(&ft->views[c]);
  PyMem_Free(ft->views);
  PyMem_Free(ft->items);
  PyMem_Free(ft->stride);
  Py_XDECREF(ft->empty);
  Py_XDECREF(ft->isna);
  PyMem_Free(ft->buf);
  memset(ft, 0, sizeof *ft);
}

/* str v as UTF-8 into ft->buf, a lone surrogate as '?' (as encoding with
 * errors='replace' would write it).  NULL with ft->failed on failure. */
static const char *utf8_into(frame_table *ft, PyObject *v, size_t *len) {
  Py_ssize_t n = PyUnicode_GET_LENGTH(v);
  int kind = PyUnicode_KIND(v);
  const void *data = PyUnicode_DATA(v);
  size_t need = (size_t)n * 4 + 1;
  if (need > ft->cap) {
    char *b = PyMem_Realloc(ft->buf, need);
    if (!b) {
      PyErr_NoMemory();
      ft->failed = 1;
      return NULL;
    }
    ft->buf = b;
    ft->cap = need;
  }
  unsigned char *o = (unsigned char *)ft->buf;
  for (Py_ssize_t i = 0; i < n; i++) {
    Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c < 0x80) {
      *o++ = (unsigned char)c;
    } else if (c < 0x800) {
      *o++ = (unsigned char)(0xC0 | (c >> 6));
      *o++ = (unsigned char)(0x80 | (c & 0x3F));
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      *o++ = '?';
    } else if (c < 0x10000) {
      *o++ = (unsigned char)(0xE0 | (c >> 12));
      *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
      *o++ = (unsigned char)(0x80 | (c & 0x3F));
    } else {
      *o++ = (unsigned char)(0xF0 | (c >> 18));
      *o++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
      *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
      *o++ = (unsigned char)(0x80 | (c & 0x3F));
    }
  }
  *len = (size_t)(o - (unsigned char *)ft->buf);
  return ft->buf;
}

/* A cell that is not a str: None and NaN empty, a bool as str() writes
 * it, a missing value (pandas.isna) empty, anything else str(). */
static const char *odd_cell(frame_table *ft, PyObject *v, size_t *len) {
  if (v == Py_None || (PyFloat_Check(v) && isnan(PyFloat_AS_DOUBLE(v))))
    return NULL;
  if (PyBool_Check(v)) {
    *len = v == Py_True ? 4 : 5;
    return v == Py_True ? "True" : "False";
  }
  PyObject *text;
  if (PyLong_CheckExact(v) || PyFloat_CheckExact(v)) {
    if (!(text = PyObject_Str(v))) goto fail;
  } else {
    if (!ft->isna) {
      PyObject *pd = PyImport_ImportModule("pandas");
      ft->isna = pd ? PyObject_GetAttrString(pd, "isna") : NULL;
      Py_XDECREF(pd);
      if (!ft->isna) goto fail;
    }
    PyObject *na = PyObject_CallOneArg(ft->isna, v);
    if (!na) goto fail;
    int empty = na == Py_True;
    Py_DECREF(na);
    if (empty) return NULL;
    if (!(text = PyObject_Str(v))) goto fail;
  }
  const char *s = utf8_into(ft, text, len);
  Py_DECREF(text);
  return s;
fail:
  ft->failed = 1;
  return NULL;
}

static const char *frame_cell(void *data, size_t row, size_t col,
                              size_t *len) {
  frame_table *ft = data;
  *len = 0;
  if (ft->failed || !ft->items[col]) return NULL;
  PyObject **at = ft->items[col] + (Py_ssize_t)row * ft->stride[col];
  PyObject *v = *at;
#if defined(__GNUC__)
  /* The reader asks for a row's cells column by column, the rows of a case
   * mostly next to each other: a few dozen arrays read side by side, each
   * cell an object somewhere on the heap.  So this column's array is
   * fetched 16 rows ahead, and the object of the row after next (its
   * pointer now in the cache) while the rest of the row is read. */
  if (row + 16 < (size_t)ft->nrows)
    __builtin_prefetch(at + 16 * ft->stride[col]);
  if (row + 2 < (size_t)ft->nrows) __builtin_prefetch(at[2 * ft->stride[col]]);
#endif
  if (v == ft->empty) return NULL; /* most cells of an event log */
  if (PyUnicode_Check(v)) {
    if (PyUnicode_IS_COMPACT_ASCII(v)) {
      *len = (size_t)PyUnicode_GET_LENGTH(v);
      return (const char *)PyUnicode_DATA(v);
    }
    return utf8_into(ft, v, len);
  }
  return odd_cell(ft, v, len);
}

/* Column c of the table from `obj`: a list, or an object that exports a
 * 1-D buffer of PyObject pointers (a numpy array of dtype object). */
static int frame_column(frame_table *ft, Py_ssize_t c, PyObject *obj) {
  if (PyList_Check(obj)) {
    if (PyList_GET_SIZE(obj) != ft->nrows) goto rows;
    ft->items[c] = ft->nrows ? ((PyListObject *)obj)->ob_item : NULL;
    ft->stride[c] = 1;
    return 0;
  }
  Py_buffer *b = &ft->views[c];
  if (PyObject_GetBuffer(obj, b, PyBUF_STRIDES | PyBUF_FORMAT) < 0)
    return -1;
  if (b->ndim != 1 || !b->format || strcmp(b->format, "O") != 0 ||
      b->itemsize != (Py_ssize_t)sizeof(PyObject *) ||
      b->strides[0] % (Py_ssize_t)sizeof(PyObject *) != 0) {
    PyBuffer_Release(b);
    PyErr_SetString(PyExc_TypeError, "_check_table: a column must be a "
                    "list or a 1-D array of objects");
    return -1;
  }
  if (b->shape[0] != ft->nrows) goto rows;
  ft->items[c] = ft->nrows ? (PyObject **)b->buf : NULL;
  ft->stride[c] = b->strides[0] / (Py_ssize_t)sizeof(PyObject *);
  return 0;
rows:
  PyErr_SetString(PyExc_ValueError, "a column of the DataFrame does not have "
                  "a value a row");
  return -1;
}

/* The header (a list of str, into *names as UTF-8 borrowed from it) and
 * the columns (a list of as many) into ft: 0, or -1 with an exception. */
static int frame_table_init(frame_table *ft, PyObject *header,
                            PyObject *columns, Py_ssize_t nrows,
                            const char ***names) {
  if (!PyList_Check(header) || !PyList_Check(columns) ||
      PyList_GET_SIZE(header) != PyList_GET_SIZE(columns)) {
    PyErr_SetString(PyExc_TypeError, "_check_table: header and columns must "
                    "be lists of the same length");
    return -1;
  }
  ft->ncols = PyList_GET_SIZE(header);
  ft->nrows = nrows;
  size_t nc = (size_t)(ft->ncols ? ft->ncols : 1);
  ft->views = PyMem_Calloc(nc, sizeof *ft->views);
  ft->items = PyMem_Calloc(nc, sizeof *ft->items);
  ft->stride = PyMem_Calloc(nc, sizeof *ft->stride);
  *names = PyMem_Calloc(nc, sizeof **names);
  if (!ft->views || !ft->items || !ft->stride || !*names) {
    PyErr_NoMemory();
    return -1;
  }
  if (!(ft->empty = PyUnicode_New(0, 0))) return -1;
  for (Py_ssize_t c = 0; c < ft->ncols; c++) {
    PyObject *h = PyList_GET_ITEM(header, c);
    if (!PyUnicode_Check(h)) {
      PyErr_SetString(PyExc_TypeError, "_check_table: a column name must "
                      "be str");
      return -1;
    }
    if (!((*names)[c] = dpy_utf8_of(h, "a column name"))) return -1;
    if (frame_column(ft, c, PyList_GET_ITEM(columns, c)) < 0) return -1;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * The findings (and records) as columns
 * ------------------------------------------------------------------- */

/* One growing array of fixed-size items, handed over as a bytearray. */
typedef struct {
  char *p;
  size_t n, cap, size;
} vec;

static int vec_push(vec *v, const void *item) {
  if (v->n == v->cap) {
    size_t cap = v->cap ? 2 * v->cap : 1024;
    char *p = PyMem_Realloc(v->p, cap * v->size);
    if (!p) {
      PyErr_NoMemory();
      return -1;
    }
    v->p = p;
    v->cap = cap;
  }
  memcpy(v->p + v->n * v->size, item, v->size);
  v->n++;
  return 0;
}

static PyObject *vec_bytes(const vec *v) {
  return PyByteArray_FromStringAndSize(v->p ? v->p : "",
                                       (Py_ssize_t)(v->n * v->size));
}

/* the str columns of a finding, then its numbers */
enum { F_CASE, F_CODE, F_SEV, F_STEP, F_OTHER, F_RULE, F_MSG, F_BASIS,
       F_NSTR };
static const char *const fstr_names[F_NSTR] = {
    "case_id", "code", "severity", "step", "other", "rule", "message",
    "basis"};
/* a record's str columns (audit) */
enum { R_CASE, R_TITLE, R_AUTH, R_PROC, R_DECIDED, R_NSTR };
static const char *const rstr_names[R_NSTR] = {"case_id", "title",
                                               "authority", "procedure",
                                               "decided"};

typedef struct {
  PyObject *f[F_NSTR];
  vec record, event, has_event, verified; /* int64, int64, bool, bool */
  PyObject *r[R_NSTR];
  vec ok, errors, warnings, findings;     /* bool, int64 × 3 */
} out_cols;

static int out_init(out_cols *oc, int audit) {
  memset(oc, 0, sizeof *oc);
  oc->record.size = oc->event.size = sizeof(int64_t);
  oc->has_event.size = oc->verified.size = 1;
  oc->ok.size = 1;
  oc->errors.size = oc->warnings.size = oc->findings.size = sizeof(int64_t);
  for (int c = 0; c < F_NSTR; c++)
    if (!(oc->f[c] = PyList_New(0))) return -1;
  for (int c = 0; audit && c < R_NSTR; c++)
    if (!(oc->r[c] = PyList_New(0))) return -1;
  return 0;
}

static void out_clear(out_cols *oc) {
  for (int c = 0; c < F_NSTR; c++) Py_XDECREF(oc->f[c]);
  for (int c = 0; c < R_NSTR; c++) Py_XDECREF(oc->r[c]);
  vec *vs[] = {&oc->record, &oc->event,  &oc->has_event, &oc->verified,
               &oc->ok,     &oc->errors, &oc->warnings,  &oc->findings};
  for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) PyMem_Free(vs[i]->p);
  memset(oc, 0, sizeof *oc);
}

/* append v (a new reference, NULL: failed) to list */
static int append_new(PyObject *list, PyObject *v) {
  if (!v) return -1;
  int rc = PyList_Append(list, v);
  Py_DECREF(v);
  return rc;
}

/* A record's report (and, for audit, the record) into the columns. */
static int out_add(out_cols *oc, EngineObject *self, dp_state *st,
                   const frame_rows *fr, int audit, int64_t pos,
                   const dp_record *r, const dp_report *rep) {
  PyObject *id = dpy_str_or_none(dp_report_id(rep));
  if (!id) return -1;
  int rc = -1;
  size_t nerr = 0, nfind = dp_report_count(rep);
  strcache *sc = &self->strs;
  for (size_t i = 0; i < nfind; i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    dp_code code = dp_finding_code(f);
    int warn = dp_finding_severity(f) == DP_WARNING;
    nerr += !warn;
    int ev = dp_finding_event(f);
    int64_t ev64 = ev >= 0 ? ev : 0;
    char has = ev >= 0, ver = dp_finding_verified(f) ? 1 : 0;
    if (PyList_Append(oc->f[F_CASE], id) < 0 ||
        append_new(oc->f[F_CODE],
                   (unsigned)code < DP_CODE__COUNT
                       ? Py_NewRef(st->codes[code])
                       : dpy_str_or_none(dp_code_name(code))) ||
        PyList_Append(oc->f[F_SEV], st->sevs[warn]) < 0 ||
        append_new(oc->f[F_STEP], dpy_cached_str(sc, dp_finding_step(f))) ||
        append_new(oc->f[F_OTHER],
                   dpy_cached_str(sc, dp_finding_other(f))) ||
        append_new(oc->f[F_RULE], dpy_cached_str(sc, dp_finding_rule(f))) ||
        append_new(oc->f[F_MSG],
                   row_message(fr, dp_finding_message(f, self->lang))) ||
        append_new(oc->f[F_BASIS], dpy_cached_text(sc, dp_finding_basis(f))) ||
        (audit && vec_push(&oc->record, &pos)) ||
        vec_push(&oc->event, &ev64) || vec_push(&oc->has_event, &has) ||
        vec_push(&oc->verified, &ver))
      goto done;
  }
  if (audit) {
    char day[16], ok = dp_report_ok(rep) ? 1 : 0;
    int32_t d = dp_report_decided(rep);
    int64_t ne = (int64_t)nerr, nw = (int64_t)(nfind - nerr),
            nf = (int64_t)nfind;
    if (PyList_Append(oc->r[R_CASE], id) < 0 ||
        append_new(oc->r[R_TITLE],
                   dpy_str_or_none(dp_record_get(r, "title"))) ||
        append_new(oc->r[R_AUTH],
                   dpy_str_or_none(dp_record_get(r, "authority"))) ||
        append_new(oc->r[R_PROC],
                   dpy_str_or_none(dp_report_procedure(rep))) ||
        append_new(oc->r[R_DECIDED],
                   dpy_str_or_none(d == DP_NO_DATE ? NULL
                                                   : dp_date_format(d, day))) ||
        vec_push(&oc->ok, &ok) || vec_push(&oc->errors, &ne) ||
        vec_push(&oc->warnings, &nw) || vec_push(&oc->findings, &nf))
      goto done;
  }
  rc = 0;
done:
  Py_DECREF(id);
  return rc;
}

static int set_new(PyObject *d, const char *key, PyObject *v) {
  if (!v) return -1;
  int rc = PyDict_SetItemString(d, key, v);
  Py_DECREF(v);
  return rc;
}

/* The columns as dicts: the findings' and, for audit, the records'. */
static PyObject *out_result(out_cols *oc, int audit) {
  PyObject *f = PyDict_New(), *r = audit ? PyDict_New() : Py_NewRef(Py_None);
  if (!f || !r) goto fail;
  if (audit && set_new(f, "record", vec_bytes(&oc->record))) goto fail;
  for (int c = 0; c < F_NSTR; c++)
    if (PyDict_SetItemString(f, fstr_names[c], oc->f[c]) < 0) goto fail;
  if (set_new(f, "event", vec_bytes(&oc->event)) ||
      set_new(f, "has_event", vec_bytes(&oc->has_event)) ||
      set_new(f, "verified", vec_bytes(&oc->verified)))
    goto fail;
  for (int c = 0; audit && c < R_NSTR; c++)
    if (PyDict_SetItemString(r, rstr_names[c], oc->r[c]) < 0) goto fail;
  if (audit && (set_new(r, "ok", vec_bytes(&oc->ok)) ||
                set_new(r, "errors", vec_bytes(&oc->errors)) ||
                set_new(r, "warnings", vec_bytes(&oc->warnings)) ||
                set_new(r, "findings", vec_bytes(&oc->findings))))
    goto fail;
  PyObject *out = PyTuple_Pack(2, f, r);
  Py_DECREF(f);
  Py_DECREF(r);
  return out;
fail:
  Py_XDECREF(f);
  Py_XDECREF(r);
  return NULL;
}

/* ---------------------------------------------------------------------
 * Checking on several threads
 *
 * The calling thread, holding the GIL, takes the pieces of BATCH records
 * at a time from the reader (dp_reader_next_piece: a table's cells are
 * the frame's objects, read only here) into a ring of slots, and turns
 * the reports of finished slots into the columns, in input order.
 * Threads of our own, which never touch Python, make the slots' records
 * from their pieces and check them; when the calling thread has nothing
 * else to do it does the same, the GIL released.  With threads = 1 it
 * alone does it all, by the same path.
 * ------------------------------------------------------------------- */

enum { BATCH = 128, RING = 8, MAX_THREADS = 64 };

typedef struct {
  int done;      /* made and checked, to be written (under pool.mu) */
  size_t n;
  size_t nold;   /* records and reports written, not freed yet */
  dp_piece *pc[BATCH];
  dp_record *rec[BATCH];
  dp_report *rep[BATCH];
  int rc;        /* the first failure in the slot: 0, or a DP_E* */
  dp_error err;  /* ... and its message, where there is one */
} slot;

typedef struct {
  const dp_engine *e;
  const check_opts *o;
  pthread_mutex_t mu;
  pthread_cond_t cv; /* a slot was taken or done, or stop */
  slot ring[RING];
  size_t taken;      /* slots taken so far (sequence numbers) */
  size_t claimed;    /* slots claimed for work so far */
  int stop;
} pool;

/* Make and check the records of slot t (no GIL).  The records and
 * reports of the slot's last batch are freed first, here: memory goes
 * back to the thread that took it, mostly (glibc's free of a block from
 * another thread's arena contends for that arena's lock). */
static void slot_work(pool *p, slot *t) {
  for (size_t i = 0; i < t->nold; i++) {
    dp_report_free(t->rep[i]);
    dp_record_free(t->rec[i]);
    t->rep[i] = NULL;
    t->rec[i] = NULL;
  }
  t->nold = 0;
  t->rc = 0;
  for (size_t i = 0; i < t->n && !t->rc; i++) {
    int rc = dp_piece_record(t->pc[i], &t->rec[i], &t->err);
    if (!rc) rc = dpy_check_with(p->e, t->rec[i], p->o, &t->rep[i]);
    if (rc) t->rc = rc;
  }
}

/* Claim the next taken slot and work on it: 1, or 0 when there is none
 * (under p->mu, which it releases while working). */
static int claim_and_work(pool *p) {
  if (p->claimed == p->taken) return 0;
  slot *t = &p->ring[p->claimed++ % RING];
  pthread_mutex_unlock(&p->mu);
  slot_work(p, t);
  pthread_mutex_lock(&p->mu);
  t->done = 1;
  pthread_cond_broadcast(&p->cv);
  return 1;
}

static void *pool_thread(void *arg) {
  pool *p = arg;
#if defined(__GLIBC__)
  pthread_setname_np(pthread_self(), "dueproc-check"); /* as top shows it */
#endif
  pthread_mutex_lock(&p->mu);
  while (!p->stop)
    if (!claim_and_work(p)) pthread_cond_wait(&p->cv, &p->mu);
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

/* Slot t written: its pieces kept for its next batch, its records and
 * reports left to slot_work. */
static void slot_written(slot *t) {
  t->nold = t->n;
  t->n = 0;
  t->rc = 0;
  t->done = 0;
}

/* Everything in slot t freed. */
static void slot_clear(slot *t) {
  for (size_t i = 0; i < BATCH; i++) {
    dp_piece_free(t->pc[i]);
    dp_report_free(t->rep[i]);
    dp_record_free(t->rec[i]);
    t->pc[i] = NULL;
    t->rep[i] = NULL;
    t->rec[i] = NULL;
  }
  t->n = t->nold = 0;
  t->rc = 0;
  t->done = 0;
}

/* Take up to BATCH pieces into slot t, into the pieces of its last
 * batch: the last dp_reader_next_piece code (1: more may follow). */
static int slot_take(dp_reader *rd, slot *t, frame_table *ft,
                     dp_error *err) {
  int rc = 1;
  t->n = 0;
  if (ft) { /* the cells are Python objects: with the GIL */
    while (t->n < BATCH && !ft->failed &&
           (rc = dp_reader_next_piece(rd, &t->pc[t->n], err)) == 1)
      t->n++;
  } else {
    Py_BEGIN_ALLOW_THREADS
    while (t->n < BATCH &&
           (rc = dp_reader_next_piece(rd, &t->pc[t->n], err)) == 1)
      t->n++;
    Py_END_ALLOW_THREADS
  }
  return rc;
}

/* Every record of rd checked into the columns, on `threads` threads: the
 * result of out_result, or NULL with an exception. */
static PyObject *run(EngineObject *self, dp_state *st, dp_reader *rd,
                     frame_table *ft, const frame_rows *fr, int audit,
                     const check_opts *o, int threads) {
  out_cols oc;
  PyObject *out = NULL;
  pool p;
  memset(&p, 0, sizeof p);
  p.e = self->e;
  p.o = o;
  pthread_mutex_init(&p.mu, NULL);
  pthread_cond_init(&p.cv, NULL);
  pthread_t tid[MAX_THREADS];
  int nthreads = 0;
  dp_error err;
  memset(&err, 0, sizeof err);
  int end = 0;
  size_t written = 0;
  int64_t pos = 0;
  if (out_init(&oc, audit) < 0) goto done;
  for (int i = 0; i < threads - 1 && i < MAX_THREADS; i++) {
    if (pthread_create(&tid[nthreads], NULL, pool_thread, &p) != 0) break;
    nthreads++;
  }
  for (;;) {
    slot *w = &p.ring[written % RING];
    pthread_mutex_lock(&p.mu);
    int ready = written < p.taken && w->done;
    size_t taken = p.taken;
    pthread_mutex_unlock(&p.mu);
    if (ready) { /* the oldest slot is done: its columns, in order */
      if (w->rc) {
        dpy_raise(st->Error, w->rc, w->err.code ? &w->err : NULL);
        goto done;
      }
      for (size_t i = 0; i < w->n; i++, pos++)
        if (out_add(&oc, self, st, fr, audit, pos, w->rec[i], w->rep[i]) < 0)
          goto done;
      pthread_mutex_lock(&p.mu);
      slot_written(w);
      written++;
      pthread_mutex_unlock(&p.mu);
      continue;
    }
    if (!end && taken - written < RING) { /* room: take the next slot */
      slot *t = &p.ring[taken % RING];
      int rc = slot_take(rd, t, ft, &err);
      if (ft && ft->failed) { /* frame_cell set the exception */
        slot_clear(t);
        goto done;
      }
      if (rc < 0) {
        slot_clear(t);
        dpy_raise(st->Error, rc, &err);
        goto done;
      }
      end = rc == 0;
      if (t->n == 0) continue;
      pthread_mutex_lock(&p.mu);
      p.taken++;
      pthread_cond_broadcast(&p.cv);
      pthread_mutex_unlock(&p.mu);
      continue;
    }
    if (end && written == taken) break;
    /* nothing for the GIL to do: work on a slot, or wait for the oldest */
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&p.mu);
    if (!claim_and_work(&p))
      while (!w->done) pthread_cond_wait(&p.cv, &p.mu);
    pthread_mutex_unlock(&p.mu);
    Py_END_ALLOW_THREADS
  }
  out = out_result(&oc, audit);
done:
  Py_BEGIN_ALLOW_THREADS
  pthread_mutex_lock(&p.mu);
  p.stop = 1;
  pthread_cond_broadcast(&p.cv);
  pthread_mutex_unlock(&p.mu);
  for (int i = 0; i < nthreads; i++) pthread_join(tid[i], NULL);
  Py_END_ALLOW_THREADS
  /* what is left in the ring: slots taken and not written (a claimed slot
   * has been worked on to the end, its thread joined) */
  for (size_t k = 0; k < RING; k++) slot_clear(&p.ring[k]);
  pthread_mutex_destroy(&p.mu);
  pthread_cond_destroy(&p.cv);
  out_clear(&oc);
  return out;
}

/* threads=None: the processors this process may run on, at most 8. */
static int parse_threads(PyObject *obj, int *threads) {
  if (!obj || obj == Py_None) {
    *threads = dpy_cpu_count();
    if (*threads > 8) *threads = 8;
    return 0;
  }
  long n = PyLong_AsLong(obj);
  if (n == -1 && PyErr_Occurred()) return -1;
  if (n < 1 || n > MAX_THREADS) {
    PyErr_Format(PyExc_ValueError, "threads must be 1 to %d, not %ld",
                 (int)MAX_THREADS, n);
    return -1;
  }
  *threads = (int)n;
  return 0;
}

/* ---------------------------------------------------------------------
 * The methods
 * ------------------------------------------------------------------- */

PyObject *dpy_engine_check_table(EngineObject *self, PyObject *args,
                                 PyObject *kwds) {
  static char *kwlist[] = {"header",    "columns",     "nrows",
                           "index",     "audit",       "procedure",
                           "in_progress", "as_of",     "threads", NULL};
  PyObject *header, *columns, *index, *procedure = NULL,
                                      *in_progress = NULL, *as_of = NULL,
                                      *thr = NULL;
  Py_ssize_t nrows;
  int audit, threads;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOnOp|$OOOO:_check_table",
                                   kwlist, &header, &columns, &nrows, &index,
                                   &audit, &procedure, &in_progress, &as_of,
                                   &thr) ||
      parse_threads(thr, &threads) < 0)
    return NULL;
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  if (nrows < 0) {
    PyErr_SetString(PyExc_ValueError, "_check_table: nrows < 0");
    return NULL;
  }
  frame_table ft;
  memset(&ft, 0, sizeof ft);
  const char **names = NULL;
  dp_reader *rd = NULL;
  PyObject *out = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  if (frame_table_init(&ft, header, columns, nrows, &names) < 0) goto done;
  int rc = dp_reader_open_table(&rd, frame_name, (size_t)ft.ncols, names,
                                (size_t)ft.nrows, frame_cell, &ft, &err);
  if (rc) {
    dpy_raise(st->Error, rc, &err);
    goto done;
  }
  frame_rows fr = {NULL, nrows, index == Py_None ? NULL : index, 1};
  out = run(self, st, rd, &ft, &fr, audit, &o, threads);
done:
  dp_reader_free(rd);
  frame_table_clear(&ft);
  PyMem_Free(names);
  return out;
}

PyObject *dpy_engine_check_source(EngineObject *self, PyObject *args,
                                  PyObject *kwds) {
  static char *kwlist[] = {"source",   "index",      "audit",
                           "format",   "encoding",   "ledger_map",
                           "procedure", "in_progress", "as_of",
                           "threads",  NULL};
  PyObject *source, *index, *fmtobj = Py_None, *lmap = Py_None,
                            *procedure = NULL, *in_progress = NULL,
                            *as_of = NULL, *thr = NULL;
  const char *encoding = NULL;
  int audit, threads;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOp|$OzOOOOO:_check_source",
                                   kwlist, &source, &index, &audit, &fmtobj,
                                   &encoding, &lmap, &procedure, &in_progress,
                                   &as_of, &thr) ||
      parse_threads(thr, &threads) < 0)
    return NULL;
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  dp_format fmt;
  if (dpy_parse_format(fmtobj, &fmt)) return NULL;
  dp_reader *rd = NULL;
  dp_ledger_map *map = NULL;
  frame_rows fr = {NULL, 0, NULL, 0};
  PyObject *out = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  if (PyUnicode_Check(source) && index != Py_None) {
    /* CSV text that DataFrame.to_csv wrote: one row a line of the frame,
     * read by the reader as a file would be */
    Py_ssize_t len;
    const char *text = PyUnicode_AsUTF8AndSize(source, &len);
    if (!text) goto done;
    Py_ssize_t nrows = PyObject_Length(index);
    if (nrows < 0) goto done;
    if (!(fr.lines = csv_row_lines(text, (size_t)len, &fr.n))) goto done;
    if (nrows == fr.n) {
      fr.index = index;
    } else { /* not the shape to_csv writes: keep the lines */
      PyMem_Free(fr.lines);
      fr.lines = NULL;
    }
    int rc = dp_reader_open_string(&rd, text, (size_t)len, frame_name, fmt,
                                   &err);
    if (rc) {
      dpy_raise(st->Error, rc, &err);
      goto done;
    }
  } else if (!(rd = dpy_open_path(st, source, fmt, encoding))) {
    goto done;
  }
  /* a ledger, or a format found from the header: the columns' mapping */
  if (fmt == DP_FORMAT_AUTO || fmt == DP_FORMAT_LEDGER) {
    if (!(map = dpy_ledger_map_for(st, self->e, lmap))) goto done;
    dp_reader_set_ledger_map(rd, map);
  }
  out = run(self, st, rd, NULL, &fr, audit, &o, threads);
done:
  dp_reader_free(rd);
  dp_ledger_map_free(map);
  PyMem_Free(fr.lines);
  return out;
}
