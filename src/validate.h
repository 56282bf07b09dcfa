/* Path validation as a real validator does it, beside chain.c's own
 * analysis: GnuTLS's full verification of the path (as it should be sent)
 * at the judged time, for the server-auth purpose and the name CloudFront
 * checks, each status bit turned into a finding with its place in the
 * chain; and the strict checks GnuTLS does not make.  Pure: no I/O; the
 * clock GnuTLS reads is set to "now" for the verification only. */
#ifndef VALIDATE_H
#define VALIDATE_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "chain.h"
#include "findings.h"
#include "names.h"
#include "obs.h"

struct vfinding {
    enum finding_id id;
    char *detail; /* translated, raw certificate text sanitized */
};

struct validation {
    bool verified;     /* GnuTLS ran on the whole path */
    unsigned status;   /* its gnutls_certificate_status_t for the path */
    char *status_text; /* GnuTLS's own words for it, or NULL */
    struct vfinding *findings;
    size_t nfindings;
};

/* The public suffixes the wildcard check knows: every single label (a
 * top-level domain), and a small built-in list of common second-level
 * ones (co.uk, com.au...), not the whole Public Suffix List. */
bool validate_is_public_suffix(const char *name);

/* Judges the path of c (from chain_analyse on t) and the names of n (from
 * names_check on its leaf).  trust NULL: GnuTLS is not run (nothing is
 * trusted; chain.c says so).  Free with validate_clear. */
void validate_chain(const struct obs_tls *t, const struct chain_report *c,
                    const struct name_table *n, gnutls_x509_trust_list_t trust, time_t now,
                    struct validation *out);
/* chain_analyse, then validate_chain when the leaf parsed (returns
 * whether it did), with the signatures of a path GnuTLS accepts verified
 * once instead of twice: the path is built by names first
 * (chain_analyse_by_name); when GnuTLS accepts it whole, every link is
 * proven and the report is chain_analyse's; otherwise both run again in
 * full.  The same reports as the two calls, for less work on good chains. */
bool validate_analyse(const struct obs_tls *t, const struct name_table *names,
                      gnutls_x509_trust_list_t trust, time_t now, struct chain_report *c,
                      struct validation *v);
/* The two on certificates already parsed (pc: t's, from cert_chain_parse,
 * shared and not changed): no certificate is parsed again. */
void validate_chain_parsed(const struct chain_report *c, const struct cert_chain *pc,
                           const struct name_table *n, gnutls_x509_trust_list_t trust, time_t now,
                           struct validation *out);
bool validate_analyse_parsed(const struct obs_tls *t, const struct cert_chain *pc,
                             const struct name_table *names, gnutls_x509_trust_list_t trust,
                             time_t now, struct chain_report *c, struct validation *v);
void validate_clear(struct validation *v);

/* GnuTLS's host name check, apart from the path: validate_chain for a
 * table whose checked name is "" verifies the path with no name; this adds
 * what the name changes, as validate_chain with the name would have it
 * (its path verified once for the many names of a shared chain).  path:
 * that result; names: the table for the checked name.  Returns the status
 * bits the name adds (GNUTLS_CERT_UNEXPECTED_OWNER | GNUTLS_CERT_INVALID
 * when GnuTLS's check rejects it, else 0), and sets *detail to the
 * cert.rejected finding's text when our own check accepts the name (else
 * NULL; caller frees). */
unsigned validate_name(const struct validation *path, const struct name_table *names,
                       char **detail);

#endif
