/* The certificate list of a TLS 1.2 (or older) handshake, recovered from
 * the raw bytes the server sent, for when GnuTLS gave up on it (a
 * certificate it cannot parse, say).  Pure: bytes in, certificates out; no
 * I/O, no GnuTLS.  Everything before ChangeCipherSpec is plaintext;
 * CloudFront's profile never negotiates TLS 1.3, whose certificates are
 * encrypted.  A fuzz target (fuzz/fuzz-tlsrec.c) feeds it anything. */
#ifndef TLSREC_H
#define TLSREC_H

#include <stddef.h>

#include "obs.h"

/* Reads the records in rx[0..n) up to the first ChangeCipherSpec (what
 * follows is encrypted), joins their handshake payloads, and appends the
 * certificates of the first complete Certificate message to o->certs:
 * at most OBS_MAX_CERTS kept, o->certs_received counting all; a
 * certificate over OBS_MAX_CERT_SIZE is kept with its size and no DER.
 * A record or message cut short ends the reading there. */
void tlsrec_certs(const unsigned char *rx, size_t n, struct obs_tls *o);

#endif
