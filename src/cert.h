/* Small read-only views of a DER certificate for presenters.  Returned
 * strings are raw (they came from the network): sanitize before showing.
 * Caller frees. */
#ifndef CERT_H
#define CERT_H

#include <stddef.h>

/* RFC 4514 subject / issuer, or NULL when the DER does not parse. */
char *cert_subject(const unsigned char *der, size_t len);
char *cert_issuer(const unsigned char *der, size_t len);
/* Lower-case hex SHA-256 of the DER into out (65 bytes). */
void cert_sha256_hex(const unsigned char *der, size_t len, char out[65]);

/* The dNSName SANs (or, without any, the CNs) of a certificate, raw; at
 * most max.  *out is a fresh array of fresh strings; returns the count. */
size_t cert_dns_names(const unsigned char *der, size_t len, char ***out, size_t max);

#endif
