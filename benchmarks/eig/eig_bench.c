/*
 * Eigenvalues only (jobz = "N") of a symmetric matrix read from a .npy file (float64, n × n, e.g. a Hessian written by
 * `resweep inspect --export-hessian H.npy`): LAPACK dsyevd (one-stage tridiagonalisation, dsytrd: half level-2 BLAS)
 * against dsyevd_2stage and dsyevr_2stage (dense → band by level-3 BLAS, then bulge chasing), from the liblapack.so.3
 * the JVM loads. Run with OPENBLAS_NUM_THREADS=1 (as resweep's executors run). See benchmarks/eig/eig-bench.sh.
 *
 *   eig_bench H.npy REPS
 *
 * Per method: REPS calls on one thread (thread CPU time and wall time per call, median and min), the agreement with
 * dsyevd (max |Δλ| / max |λ|), whether two calls on the same input gave the same bits; then the split case: two
 * concurrent calls on 2 threads, each on its own copy (wall of the pair, each thread's CPU time), against two calls
 * one after the other on one thread: speedup = 2·t(one call) / wall(pair), ≤ 2.
 */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Fortran ABI (gfortran ≥ 8): every argument by reference, then one size_t length per character argument. */
extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                    double *work, const int *lwork, int *iwork, const int *liwork, int *info, size_t, size_t);
extern void dsyevd_2stage_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
                           double *work, const int *lwork, int *iwork, const int *liwork, int *info, size_t, size_t);
extern void dsyevr_2stage_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
                           const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
                           const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
                           double *work, const int *lwork, int *iwork, const int *liwork, int *info, size_t, size_t,
                           size_t);

enum { DSYEVD, DSYEVD_2STAGE, DSYEVR_2STAGE, METHODS };
static const char *NAMES[METHODS] = {"dsyevd", "dsyevd_2stage", "dsyevr_2stage"};

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Eigenvalues of a (destroyed) into w, ascending. Workspace query first, as LapackEigen does. */
static void eig(int method, int n, double *a, double *w) {
    int info = 0, lwork = -1, liwork = -1, iwq = 0, m = 0, il = 1, iu = n, ldz = 1;
    double wq = 0, vl = 0, vu = 0, abstol = 0, z = 0;
    int *isuppz = malloc(sizeof(int) * 2 * (size_t)n);
    for (int pass = 0; pass < 2; pass++) {
        double *work = pass ? malloc(sizeof(double) * (size_t)lwork) : &wq;
        int *iwork = pass ? malloc(sizeof(int) * (size_t)liwork) : &iwq;
        if (method == DSYEVD)
            dsyevd_("N", "U", &n, a, &n, w, work, &lwork, iwork, &liwork, &info, 1, 1);
        else if (method == DSYEVD_2STAGE)
            dsyevd_2stage_("N", "U", &n, a, &n, w, work, &lwork, iwork, &liwork, &info, 1, 1);
        else
            dsyevr_2stage_("N", "A", "U", &n, a, &n, &vl, &vu, &il, &iu, &abstol, &m, w, &z, &ldz, isuppz, work,
                           &lwork, iwork, &liwork, &info, 1, 1, 1);
        if (info != 0) {
            fprintf(stderr, "%s: info = %d (pass %d)\n", NAMES[method], info, pass);
            exit(1);
        }
        if (pass) {
            free(work);
            free(iwork);
        } else {
            lwork = (int)wq;
            liwork = iwq > 1 ? iwq : 1;
        }
    }
    free(isuppz);
}

static double *load_npy(const char *path, int *n_out) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    unsigned char pre[10];
    if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) { fprintf(stderr, "%s: not .npy\n", path); exit(2); }
    size_t hlen = pre[8] | (pre[9] << 8);
    if (pre[6] >= 2) { unsigned char x[2]; if (fread(x, 1, 2, f) != 2) exit(2); hlen |= ((size_t)x[0] << 16) | ((size_t)x[1] << 24); }
    char *h = calloc(hlen + 1, 1);
    if (fread(h, 1, hlen, f) != hlen) exit(2);
    if (!strstr(h, "'<f8'")) { fprintf(stderr, "%s: not float64 little-endian: %s\n", path, h); exit(2); }
    char *s = strstr(h, "'shape': (");
    int r = 0, c = 0;
    if (!s || sscanf(s, "'shape': (%d, %d)", &r, &c) != 2 || r != c) { fprintf(stderr, "%s: not square: %s\n", path, h); exit(2); }
    free(h);
    double *a = malloc(sizeof(double) * (size_t)r * r);
    if (fread(a, sizeof(double), (size_t)r * r, f) != (size_t)r * r) { fprintf(stderr, "%s: short\n", path); exit(2); }
    fclose(f);
    *n_out = r;
    return a;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

struct job { int method, n; const double *src; double *a, *w, cpu, wall; pthread_barrier_t *go; };

static void *run(void *p) {
    struct job *j = p;
    memcpy(j->a, j->src, sizeof(double) * (size_t)j->n * j->n);
    if (j->go) pthread_barrier_wait(j->go);
    double c0 = now(CLOCK_THREAD_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
    eig(j->method, j->n, j->a, j->w);
    j->cpu = now(CLOCK_THREAD_CPUTIME_ID) - c0;
    j->wall = now(CLOCK_MONOTONIC) - w0;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s H.npy REPS\n", argv[0]); return 2; }
    int n, reps = atoi(argv[2]);
    double *src = load_npy(argv[1], &n);
    size_t nn = (size_t)n * n;
    double *ref = malloc(sizeof(double) * n), *w = malloc(sizeof(double) * n), *w2 = malloc(sizeof(double) * n);
    double *a = malloc(sizeof(double) * nn), *a2 = malloc(sizeof(double) * nn);
    double *cpu = malloc(sizeof(double) * reps), *wall = malloc(sizeof(double) * reps);
    printf("%s n=%d reps=%d\n", argv[1], n, reps);
    printf("%-14s %9s %9s %9s %9s  %-12s %-9s | %9s %9s %9s %7s\n", "method", "cpu_med", "cpu_min", "wall_med",
           "wall_min", "rel_dlambda", "same_bits", "pair_wall", "pair_cpu0", "pair_cpu1", "speedup");
    for (int m = 0; m < METHODS; m++) {
        double *first = malloc(sizeof(double) * n);
        int same = 1;
        for (int r = 0; r < reps; r++) {
            struct job j = {m, n, src, a, w, 0, 0, NULL};
            run(&j);
            cpu[r] = j.cpu;
            wall[r] = j.wall;
            if (r == 0) memcpy(first, w, sizeof(double) * n);
            else same &= memcmp(first, w, sizeof(double) * n) == 0;
        }
        if (m == DSYEVD) memcpy(ref, first, sizeof(double) * n);
        double maxabs = 0, maxd = 0;
        for (int i = 0; i < n; i++) {
            maxabs = fmax(maxabs, fabs(ref[i]));
            maxd = fmax(maxd, fabs(ref[i] - first[i]));
        }
        qsort(cpu, reps, sizeof(double), cmp);
        qsort(wall, reps, sizeof(double), cmp);
        /* the split case: two concurrent calls, each on its own copy */
        pthread_barrier_t go;
        pthread_barrier_init(&go, NULL, 2);
        struct job j0 = {m, n, src, a, w, 0, 0, &go}, j1 = {m, n, src, a2, w2, 0, 0, &go};
        pthread_t t0, t1;
        double p0 = 0;
        pthread_create(&t0, NULL, run, &j0);
        pthread_create(&t1, NULL, run, &j1);
        pthread_join(t0, NULL);
        pthread_join(t1, NULL);
        pthread_barrier_destroy(&go);
        p0 = fmax(j0.wall, j1.wall);
        same &= memcmp(first, w, sizeof(double) * n) == 0 && memcmp(first, w2, sizeof(double) * n) == 0;
        printf("%-14s %9.3f %9.3f %9.3f %9.3f  %-12.2e %-9s | %9.3f %9.3f %9.3f %7.2f\n", NAMES[m], cpu[reps / 2],
               cpu[0], wall[reps / 2], wall[0], maxd / maxabs, same ? "yes" : "NO", p0, j0.cpu, j1.cpu,
               2 * wall[reps / 2] / p0);
        fflush(stdout);
        free(first);
    }
    return 0;
}
