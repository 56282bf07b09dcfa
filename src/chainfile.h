/* --chain-file: the certificates a server sends, read from the evidence a
 * customer has (a PEM bundle, an `openssl s_client -showcerts` or
 * `gnutls-cli --print-cert` transcript, a DER certificate, or the JSON of
 * `aws acm get-certificate`), judged with no network at all. */
#ifndef CHAINFILE_H
#define CHAINFILE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "obs.h"
#include "target.h"

#define CHAINFILE_MAX_BYTES (32u << 20) /* the largest file read */

/* The formats recognised: value, JSON name. */
#define CHAINFILE_FORMAT_TABLE(X)                                                                  \
    X(CHAINFILE_PEM, "pem")                                                                        \
    X(CHAINFILE_S_CLIENT, "s_client")                                                              \
    X(CHAINFILE_GNUTLS_CLI, "gnutls_cli")                                                          \
    X(CHAINFILE_DER, "der")                                                                        \
    X(CHAINFILE_ACM_JSON, "acm_json")                                                              \
    X(CHAINFILE_ACM, "acm") /* read from ACM with the AWS CLI (--certificate-arn) */
#define X_ENUM(e, name) e,
enum chainfile_format { CHAINFILE_FORMAT_TABLE(X_ENUM) };
#undef X_ENUM
const char *chainfile_format_name(enum chainfile_format f);

struct chainfile {
    char *source; /* the path as given, "-" for standard input */
    enum chainfile_format format;
    size_t blocks;     /* certificates found (may exceed what is kept) */
    size_t unreadable; /* of those kept, how many do not decode */
    bool truncated;    /* the last PEM block has no END line */
};

/* Parses the bytes of a chain file into t (certs in file order, at most
 * OBS_MAX_CERTS kept, certs_received counting all) and *cf (source not
 * set).  False with *err (static, translated) when nothing usable is in
 * it: no certificate, or a first certificate that does not decode. */
bool chainfile_parse(const unsigned char *data, size_t len, struct obs_tls *t, struct chainfile *cf,
                     const char **err);
/* Reads path ("-": standard input), at most CHAINFILE_MAX_BYTES, and
 * parses it.  False with *err (fresh, translated; free it) on failure. */
bool chainfile_read(const char *path, struct obs_tls *t, struct chainfile *cf, char **err);

/* --certificate-arn: the answer of `aws acm get-certificate` (an object
 * with Certificate and CertificateChain) parsed into t and *cf (format
 * CHAINFILE_ACM, source the ARN).  False with *err (static, translated)
 * when nothing usable is in it. */
bool chainfile_from_acm(const json_t *answer, const char *arn, struct obs_tls *t,
                        struct chainfile *cf, const char **err);

/* An observation of one origin whose certificates came from a file:
 * nothing resolved, connected or requested.  Takes t and cf. */
struct observation *chainfile_observation(const struct target *tg, struct obs_tls *t,
                                          struct chainfile *cf);

#endif
