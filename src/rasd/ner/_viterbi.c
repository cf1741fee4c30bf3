/* The Viterbi pass of rasd.ner.crf in C: the same float64 sums and first-maximum choices
 * as crf.viterbi (numpy), so the same label paths.
 *
 * Why C: a sentence's decoding is a loop over its tokens, each step a few 9 x 9 sums.
 * numpy spends about a microsecond a call on such small arrays, and a document's steps
 * cost ~7% of a warm analyze; here they cost a few microseconds in all.  The numpy
 * functions stay the reference and run wherever this module is not built (a build
 * without a C compiler, RASD_PURE_PYTHON=1); tests compare the two.
 *
 * decode(scores, transitions) -> list[int]
 *   scores: C-contiguous float32, tokens x labels (the state scores of one sentence)
 *   transitions: C-contiguous float64, labels x labels (from x to)
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

static int
get_matrix(PyObject *obj, Py_buffer *view, const char *format, Py_ssize_t itemsize, const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | PyBUF_ND) < 0) {
        return -1;
    }
    if (view->ndim != 2 || view->itemsize != itemsize || view->format == NULL || strcmp(view->format, format) != 0) {
        PyErr_Format(PyExc_ValueError, "%s must be a C-contiguous 2-D array of '%s'", what, format);
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
    if (get_matrix(args[0], &su, "f", 4, "scores") < 0) {
        return NULL;
    }
    if (get_matrix(args[1], &st, "d", 8, "transitions") < 0) {
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

static PyMethodDef methods[] = {
    {"decode", (PyCFunction)(void (*)(void))decode, METH_FASTCALL,
     "decode(scores, transitions) -> list[int]: the best label path of one sentence\n"
     "(scores: float32 tokens x labels; transitions: float64 labels x labels, from x to)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rasd.ner._viterbi",
    "The Viterbi pass of rasd.ner.crf in C (the same paths as its numpy functions).", -1, methods,
};

PyMODINIT_FUNC
PyInit__viterbi(void)
{
    return PyModule_Create(&module);
}
