/* The one path by which text from the network reaches a screen or a report:
 * printable ASCII and well-formed, printable UTF-8 pass; everything else
 * (C0/C1 controls, DEL, bidi overrides, invalid UTF-8) becomes \xNN or
 * \u{NNNN}; a backslash becomes \\.  Results are fresh; caller frees. */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>

char *sanitize(const char *s);
char *sanitize_n(const void *data, size_t len);

#endif
