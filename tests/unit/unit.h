/* Tiny helpers shared by the C unit tests: CHECK macros that count failures
 * and print the failing case with what was expected and what came out.  A
 * test program ends with `return unit_result();` (0 pass, 1 fail). */
#ifndef UNIT_H
#define UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

/* The case being checked, printed in front of every failure (a copy, so
 * the caller may pass a temporary buffer). */
static char unit_case[512];

static inline void
unit_set_case(const char *name)
{
    snprintf(unit_case, sizeof unit_case, "%s", name ? name : "");
}

/* unit_set_case with a printf format, for naming a table row's case. */
static inline void __attribute__((format(printf, 1, 2))) unit_set_casef(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(unit_case, sizeof unit_case, fmt, ap);
    va_end(ap);
}

static inline void __attribute__((format(printf, 3, 4)))
unit_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    unit_failures++;
    fprintf(stderr, "FAIL %s:%d [%s]: ", file, line, unit_case);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Printable form of a possibly NULL, possibly binary string, for messages:
 * escapes everything outside printable ASCII.  Uses one of two rotating
 * static buffers so a message can show expected and actual side by side. */
static inline const char *
unit_show(const char *s)
{
    static char bufs[2][1024];
    static int which;
    char *out = bufs[which];
    size_t n = 0;

    which ^= 1;
    if (!s)
        return "(null)";
    out[n++] = '"';
    for (; *s && n < sizeof bufs[0] - 8; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c < 0x7f && c != '"') {
            out[n++] = (char)c;
        } else {
            n += (size_t)snprintf(out + n, sizeof bufs[0] - n, "<%02x>", c);
        }
    }
    if (*s)
        n += (size_t)snprintf(out + n, sizeof bufs[0] - n, "...");
    out[n++] = '"';
    out[n] = '\0';
    return out;
}

static inline bool
unit_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        unit_checks++;                                                                             \
        if (!(cond))                                                                               \
            unit_fail(__FILE__, __LINE__, "expected %s", #cond);                                  \
    } while (0)

/* CHECK with a message of our own (printf format). */
#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        unit_checks++;                                                                             \
        if (!(cond))                                                                               \
            unit_fail(__FILE__, __LINE__, __VA_ARGS__);                                            \
    } while (0)

#define CHECK_INT(what, expected, actual)                                                          \
    do {                                                                                           \
        long long unit_e_ = (long long)(expected), unit_a_ = (long long)(actual);                  \
        unit_checks++;                                                                             \
        if (unit_e_ != unit_a_)                                                                    \
            unit_fail(__FILE__, __LINE__, "%s: expected %lld, got %lld", (what), unit_e_,         \
                      unit_a_);                                                                    \
    } while (0)

#define CHECK_STR(what, expected, actual)                                                          \
    do {                                                                                           \
        const char *unit_e_ = (expected), *unit_a_ = (actual);                                     \
        unit_checks++;                                                                             \
        if (!unit_str_eq(unit_e_, unit_a_))                                                        \
            unit_fail(__FILE__, __LINE__, "%s: expected %s, got %s", (what), unit_show(unit_e_),  \
                      unit_show(unit_a_));                                                         \
    } while (0)

static inline int
unit_result(void)
{
    if (unit_failures) {
        fprintf(stderr, "%d of %d checks failed\n", unit_failures, unit_checks);
        return 1;
    }
    printf("all %d checks passed\n", unit_checks);
    return 0;
}

#endif
