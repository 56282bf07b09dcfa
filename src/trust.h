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

#define TRUST_CRL_MAX_BYTES (64u << 20) /* the largest CRL file read */

/* --crl-file: the CRLs in file (PEM, one or more blocks, or one DER CRL)
 * added to tl, so that GnuTLS's verification reports a listed certificate
 * as revoked.  As `certtool --verify --load-crl`, a CRL's own signature is
 * not checked.  Returns how many were added, or 0 with *err (fresh,
 * translated, naming the file; free it). */
unsigned trust_add_crls(gnutls_x509_trust_list_t tl, const char *file, char **err);

#endif
