/* A fuzz target: libFuzzer's entry point, also called by replay.c (the
 * plain build's main, which runs a seed corpus in `make check`).  The
 * invariants each target checks end in fuzz_fail(), which aborts: to
 * libFuzzer a crash, to the replay program a failed test. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reports what was broken (printf-like) on stderr and aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* True when s[0..n) holds a control byte other than \n and \t (C0, DEL,
 * or the C1 range as UTF-8, U+0080..U+009F). */
int fuzz_has_control(const char *s, size_t n);

#endif
