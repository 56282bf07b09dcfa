/* The trust store: the anchors chain analysis judges paths against.
 * Reading it is I/O, so it lives here and not in the (pure) analysis;
 * main.c loads it once, before any probing, and hands it down. */
#ifndef TRUST_H
#define TRUST_H

#include <gnutls/x509.h>

/* The system bundle, or file (PEM) when not NULL.  NULL and *err (a
 * translated static message) on failure.  Free with
 * gnutls_x509_trust_list_deinit(tl, 1). */
gnutls_x509_trust_list_t trust_load(const char *file, const char **err);

#endif
