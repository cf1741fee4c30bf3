/* Two loops of rasd.ner.crf in C, each doing exactly the arithmetic of its numpy
 * reference in crf.py, so the same results bit for bit.
 *
 * Why C: both are loops over small arrays (a 9 x 9 step per token, a handful of weight
 * rows per new word), where numpy spends about a microsecond a call on overhead; together
 * they cost ~12% of a warm analyze.  The numpy functions stay the reference and run
 * wherever this module is not built (a build without a C compiler, RASD_PURE_PYTHON=1);
 * tests compare the two.  Built with -ffp-contract=off (no fused multiply-add); float and
 * double arithmetic on x86-64 and arm64 is IEEE single and double, as numpy's is.
 *
 * decode(scores, transitions) -> list[int]: crf.viterbi
 *   scores: C-contiguous float32, tokens x labels (the state scores of one sentence)
 *   transitions: C-contiguous float64, labels x labels (from x to)
 *
 * word_vectors(ids, sizes, rows, counts_at, weights, out) -> None: the sums of
 * CrfModel._new_words_vectors_numpy, written into out
 *   ids: intp, each word's attribute ids in order (-1: unknown to the model)
 *   sizes: intp, per word the number of its attributes in each of the three groups
 *   rows: intp, attribute id x offset -> weight row (-1: none)
 *   counts_at: bool (uint8), group x offset -> whether the group counts there
 *   weights: float32, row x labels
 *   out: float32, writable, words x offsets x labels
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

/* numpy's argmax takes the first maximum, and a NaN as the maximum (the first NaN). */
static int
better(double candidate, double best)
{
    return candidate > best || (isnan(candidate) && !isnan(best));
}

/* A C-contiguous buffer of ndim dimensions whose items are one of the format characters
   (numpy writes intp as 'l' or 'q', bool as '?'), or -1 with ValueError set. */
static int
get_array(PyObject *obj, Py_buffer *view, const char *format, Py_ssize_t itemsize, int ndim, int writable,
          const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_ND | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0) {
        return -1;
    }
    if (view->ndim != ndim || view->itemsize != itemsize || view->format == NULL
        || view->format[0] == '\0' || strchr(format, view->format[0]) == NULL || view->format[1] != '\0') {
        PyErr_Format(PyExc_ValueError, "%s must be a C-contiguous %d-D array of '%s'", what, ndim, format);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *
decode(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "decode(scores, transitions) takes two arguments");
        return NULL;
    }
    Py_buffer su, st;
    if (get_array(args[0], &su, "f", 4, 2, 0, "scores") < 0) {
        return NULL;
    }
    if (get_array(args[1], &st, "d", 8, 2, 0, "transitions") < 0) {
        PyBuffer_Release(&su);
        return NULL;
    }
    Py_ssize_t n = su.shape[0], labels = su.shape[1];
    PyObject *out = NULL;
    double *score = NULL, *next = NULL;
    Py_ssize_t *back = NULL;
    if (st.shape[0] != labels || st.shape[1] != labels) {
        PyErr_SetString(PyExc_ValueError, "transitions must be labels x labels, as wide as scores");
        goto done;
    }
    out = PyList_New(n);
    if (out == NULL || n == 0) {
        goto done;
    }
    if (labels == 0) {
        PyErr_SetString(PyExc_ValueError, "scores must have at least one label");
        Py_CLEAR(out);
        goto done;
    }
    const float *u = (const float *)su.buf;
    const double *trans = (const double *)st.buf;
    score = PyMem_Malloc(sizeof(double) * labels);
    next = PyMem_Malloc(sizeof(double) * labels);
    back = PyMem_Malloc(sizeof(Py_ssize_t) * labels * n);
    if (score == NULL || next == NULL || back == NULL) {
        PyErr_NoMemory();
        Py_CLEAR(out);
        goto done;
    }
    for (Py_ssize_t j = 0; j < labels; j++) {
        score[j] = (double)u[j];
    }
    for (Py_ssize_t t = 1; t < n; t++) {
        for (Py_ssize_t j = 0; j < labels; j++) {
            double best = score[0] + trans[j];
            Py_ssize_t arg = 0;
            for (Py_ssize_t i = 1; i < labels; i++) {
                double c = score[i] + trans[i * labels + j];
                if (better(c, best)) {
                    best = c;
                    arg = i;
                }
            }
            back[t * labels + j] = arg;
            next[j] = best + (double)u[t * labels + j];
        }
        double *swap = score;
        score = next;
        next = swap;
    }
    Py_ssize_t last = 0;
    for (Py_ssize_t j = 1; j < labels; j++) {
        if (better(score[j], score[last])) {
            last = j;
        }
    }
    for (Py_ssize_t t = n - 1; t >= 0; t--) {
        PyObject *label = PyLong_FromSsize_t(last);
        if (label == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, t, label);
        if (t > 0) {
            last = back[t * labels + last];
        }
    }
done:
    PyMem_Free(score);
    PyMem_Free(next);
    PyMem_Free(back);
    PyBuffer_Release(&su);
    PyBuffer_Release(&st);
    return out;
}

static PyObject *
word_vectors(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "word_vectors(ids, sizes, rows, counts_at, weights, out) takes six arguments");
        return NULL;
    }
    /* intp is 'l' or 'q' (8 bytes here) or 'i' (4 bytes) depending on the platform: accept
       what numpy writes for it, checked by item size */
    Py_buffer b[6];
    int got = 0;
    const char *intp_fmt = sizeof(Py_ssize_t) == 8 ? "lq" : "i";
    if (get_array(args[0], &b[0], intp_fmt, sizeof(Py_ssize_t), 1, 0, "ids") < 0) goto fail;
    got = 1;
    if (get_array(args[1], &b[1], intp_fmt, sizeof(Py_ssize_t), 1, 0, "sizes") < 0) goto fail;
    got = 2;
    if (get_array(args[2], &b[2], intp_fmt, sizeof(Py_ssize_t), 2, 0, "rows") < 0) goto fail;
    got = 3;
    if (get_array(args[3], &b[3], "?B", 1, 2, 0, "counts_at") < 0) goto fail;
    got = 4;
    if (get_array(args[4], &b[4], "f", 4, 2, 0, "weights") < 0) goto fail;
    got = 5;
    if (get_array(args[5], &b[5], "f", 4, 3, 1, "out") < 0) goto fail;
    got = 6;
    {
        const Py_ssize_t *ids = b[0].buf, *sizes = b[1].buf, *rows = b[2].buf;
        const unsigned char *counts_at = b[3].buf;
        const float *weights = b[4].buf;
        float *out = b[5].buf;
        Py_ssize_t n_ids = b[0].shape[0], words = b[5].shape[0], offsets = b[5].shape[1], labels = b[5].shape[2];
        Py_ssize_t known = b[2].shape[0], n_rows = b[4].shape[0];
        if (b[1].shape[0] != 3 * words || b[2].shape[1] != offsets || b[3].shape[0] != 3
            || b[3].shape[1] != offsets || b[4].shape[1] != labels) {
            PyErr_SetString(PyExc_ValueError, "word_vectors: the arrays' shapes do not agree");
            goto fail;
        }
        Py_ssize_t first = 0;
        for (Py_ssize_t w = 0; w < words; w++) {
            Py_ssize_t every = sizes[3 * w], near = sizes[3 * w + 1], own = sizes[3 * w + 2];
            Py_ssize_t count = every + near + own;
            if (every < 0 || near < 0 || own < 0 || first + count > n_ids) {
                PyErr_SetString(PyExc_ValueError, "word_vectors: sizes do not add up to the ids");
                goto fail;
            }
            for (Py_ssize_t k = 0; k < offsets; k++) {
                /* numpy's sum starts from +0.0 (its identity) and adds the rows in order:
                   so a -0.0 sum comes out +0.0, and an offset with no row is +0.0 */
                float *acc = out + (w * offsets + k) * labels;
                for (Py_ssize_t j = 0; j < labels; j++) {
                    acc[j] = 0.0f;
                }
                for (Py_ssize_t a = 0; a < count; a++) {
                    Py_ssize_t group = a < every ? 0 : (a < every + near ? 1 : 2);
                    Py_ssize_t id = ids[first + a];
                    if (!counts_at[group * offsets + k] || id < 0) {
                        continue;
                    }
                    if (id >= known) {
                        PyErr_SetString(PyExc_ValueError, "word_vectors: an attribute id past the rows");
                        goto fail;
                    }
                    Py_ssize_t row = rows[id * offsets + k];
                    if (row < 0) {
                        continue;
                    }
                    if (row >= n_rows) {
                        PyErr_SetString(PyExc_ValueError, "word_vectors: a weight row past the weights");
                        goto fail;
                    }
                    const float *r = weights + row * labels;
                    for (Py_ssize_t j = 0; j < labels; j++) {
                        acc[j] = acc[j] + r[j];
                    }
                }
            }
            first += count;
        }
    }
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&b[i]);
    }
    Py_RETURN_NONE;
fail:
    for (int i = 0; i < got; i++) {
        PyBuffer_Release(&b[i]);
    }
    return NULL;
}

static PyMethodDef methods[] = {
    {"decode", (PyCFunction)(void (*)(void))decode, METH_FASTCALL,
     "decode(scores, transitions) -> list[int]: the best label path of one sentence\n"
     "(scores: float32 tokens x labels; transitions: float64 labels x labels, from x to)."},
    {"word_vectors", (PyCFunction)(void (*)(void))word_vectors, METH_FASTCALL,
     "word_vectors(ids, sizes, rows, counts_at, weights, out): the per-offset sums of new words'\n"
     "weight rows, as CrfModel._new_words_vectors_numpy makes them, written into out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rasd.ner._kernels",
    "Loops of rasd.ner.crf in C, with the arithmetic of their numpy references.", -1, methods,
};

PyMODINIT_FUNC
PyInit__kernels(void)
{
    return PyModule_Create(&module);
}
