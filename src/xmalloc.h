/* Allocation that cannot fail: on exhaustion we print one line and exit 3. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Resizes p to nmemb elements of size bytes (overflow-checked); caller frees. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before the out-of-memory message is printed (the wizard restores
 * the terminal there, so that the message stays on the screen). */
void xmalloc_set_fatal_hook(void (*fn)(void));

#endif
