/* Small read-only views of a DER certificate for presenters.  Returned
 * strings are raw (they came from the network): sanitize before showing.
 * Caller frees. */
#ifndef CERT_H
#define CERT_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>

#include "obs.h"

/* RFC 4514 subject / issuer, or NULL when the DER does not parse. */
char *cert_subject(const unsigned char *der, size_t len);
char *cert_issuer(const unsigned char *der, size_t len);
/* Lower-case hex SHA-256 of the DER into out (65 bytes). */
void cert_sha256_hex(const unsigned char *der, size_t len, char out[65]);

/* The dNSName SANs (or, without any, the CNs) of a certificate, raw; at
 * most max.  *out is a fresh array of fresh strings; returns the count. */
size_t cert_dns_names(const unsigned char *der, size_t len, char ***out, size_t max);

/* One certificate of a received chain, parsed once and shared by the
 * analyses (chain.c, validate.c, names.c) of that chain. */
struct cert_parsed {
    gnutls_x509_crt_t crt;     /* NULL: no DER kept, or it does not parse */
    gnutls_datum_t raw_dn;     /* DER of the subject and issuer Names */
    gnutls_datum_t raw_issuer; /* (empty when crt is NULL) */
    char *subject, *issuer;    /* RFC 4514, as cert_subject gives it; raw */
};

struct cert_chain {
    struct cert_parsed *c;
    size_t n;
};

/* Parses each of the n certificates once into *out (free with
 * cert_chain_free).  A certificate not kept or not parsable has crt NULL. */
void cert_chain_parse(const struct obs_cert *certs, size_t n, struct cert_chain *out);
void cert_chain_free(struct cert_chain *pc);
/* gnutls_x509_crt_check_issuer(a->crt, b->crt), without its cost when the
 * names plainly differ: when neither the issuer's Name bytes nor their
 * RFC 4514 text are the same, GnuTLS would not match them either (it
 * compares the bytes, then the text). */
bool cert_check_issuer(const struct cert_parsed *a, const struct cert_parsed *b);

#endif
