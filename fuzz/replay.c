#include "config.h"

/* The plain build's main for a fuzz target: feeds every file of its seed
 * corpus (fuzz/corpus/NAME under $top_srcdir, or the files and directories
 * given as arguments) to LLVMFuzzerTestOneInput, once each.  A target
 * aborts when an invariant breaks; an empty corpus fails too (a test that
 * ran nothing proves nothing). */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* With --enable-fuzzing, libFuzzer brings its own main. */
#ifndef OD_LIBFUZZER

#ifndef FUZZ_NAME
#error "FUZZ_NAME (the target's corpus directory name) must be defined"
#endif

static size_t nrun;

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            if (!buf) {
                fclose(f);
                return -1;
            }
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    /* An exact-size copy: a read past the end is caught by ASan. */
    {
        unsigned char *exact = malloc(len ? len : 1);
        if (!exact) {
            free(buf);
            return -1;
        }
        if (len)
            memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    nrun++;
    return 0;
}

static int
cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, i;
    int rc = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    if (!(d = opendir(path))) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        char **more;
        if (e->d_name[0] == '.')
            continue;
        more = realloc(names, (n + 1) * sizeof *names);
        if (!more)
            break;
        names = more;
        names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (!names[n])
            break;
        sprintf(names[n], "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    for (i = 0; i < n; i++) {
        if (run_file(names[i]) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    int i, rc = 0;

    if (argc > 1) {
        for (i = 1; i < argc; i++)
            if (run_path(argv[i]) != 0)
                rc = 1;
    } else {
        const char *top = getenv("top_srcdir");
        char *dir;
        if (!top)
            top = ".";
        dir = malloc(strlen(top) + sizeof "/fuzz/corpus/" FUZZ_NAME);
        if (!dir)
            return 1;
        sprintf(dir, "%s/fuzz/corpus/%s", top, FUZZ_NAME);
        if (run_path(dir) != 0)
            rc = 1;
        free(dir);
    }
    printf("%s: %zu inputs replayed\n", FUZZ_NAME, nrun);
    if (nrun == 0) {
        fprintf(stderr, "%s: no input to replay\n", FUZZ_NAME);
        return 1;
    }
    return rc;
}

#endif /* OD_LIBFUZZER */
