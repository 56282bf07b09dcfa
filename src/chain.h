/* Chain analysis: the certificate list exactly as the server sent it,
 * judged against a trust list and "now".  Pure: no I/O, no clock.  It
 * reads an observed handshake (obs.h) and knows nothing of the diagnosis
 * built on top of it (diag.h includes this, not the other way round). */
#ifndef CHAIN_H
#define CHAIN_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cert.h"
#include "findings.h"
#include "obs.h"

/* Problems of one certificate in a chain (a bit set).  The one table of
 * them: id, bit, JSON name, word (N_() here, _() when shown) and how bad
 * it is.  Rows are in the order presenters list them: the worst first. */
#define CHAIN_PROBLEM_TABLE(X)                                                                     \
    X(CHAIN_P_OUT_OF_ORDER, 3, "out_of_order", N_("out of order"), SEV_ERROR)                      \
    X(CHAIN_P_EXPIRED, 0, "expired", N_("expired"), SEV_ERROR)                                     \
    X(CHAIN_P_NOT_YET_VALID, 1, "not_yet_valid", N_("not valid yet"), SEV_ERROR)                   \
    X(CHAIN_P_SELF_SIGNED, 6, "self_signed", N_("self-signed"), SEV_ERROR)                         \
    X(CHAIN_P_NO_ISSUER, 10, "issuer_missing", N_("issuer not sent"), SEV_ERROR)                   \
    X(CHAIN_P_UNTRUSTED, 11, "untrusted", N_("untrusted root"), SEV_ERROR)                         \
    X(CHAIN_P_BAD_KEY, 7, "bad_key", N_("key not accepted"), SEV_ERROR)                            \
    X(CHAIN_P_BAD_SIG, 8, "bad_signature", N_("signature not accepted"), SEV_ERROR)                \
    X(CHAIN_P_UNPARSABLE, 9, "unparsable", N_("unreadable"), SEV_ERROR)                            \
    X(CHAIN_P_EXPIRING, 2, "expiring", N_("expires within 30 days"), SEV_WARNING)                  \
    X(CHAIN_P_UNRELATED, 4, "unrelated", N_("not on the path"), SEV_WARNING)                       \
    X(CHAIN_P_ROOT, 5, "root", N_("root sent too"), SEV_INFO)

/* EXPIRING: within 30 days.  OUT_OF_ORDER: not where the path puts it.
 * UNRELATED: not on the path from the leaf.  ROOT: a self-signed CA the
 * server sent.  SELF_SIGNED: the leaf signs itself.  BAD_KEY: a key type or
 * size CloudFront does not take; BAD_SIG: an RSA-PSS or EdDSA signature.
 * NO_ISSUER: its issuer was not sent and is no anchor.  UNTRUSTED: the path
 * ends at a root not in the store. */
#define X_ENUM(id, bit, name, word, sev) id = 1u << (bit),
enum chain_problem { CHAIN_PROBLEM_TABLE(X_ENUM) };
#undef X_ENUM

struct chain_problem_def {
    enum chain_problem bit;
    const char *name; /* JSON name, never translated */
    const char *word; /* N_() string: _() when shown */
    enum severity severity;
};

/* The i-th row of the table, in display order; NULL past the end. */
const struct chain_problem_def *chain_problem_at(size_t i);
/* The translated words of the bits set in problems, ", "-separated in
 * display order, into buf (always terminated); returns buf. */
const char *chain_problem_words(unsigned problems, char *buf, size_t size);

struct chain_node {
    size_t index;  /* position as received */
    char *subject; /* raw (sanitize before showing) */
    char *issuer;
    time_t not_before, not_after;
    long days_left; /* whole days from now to not_after (negative: expired) */
    char key[32];   /* "RSA 2048", "ECDSA P-256", "Ed25519" */
    char sig[48];   /* "RSA-SHA256" */
    char sha256[65];
    bool is_ca;
    int issuer_index;  /* received index of its issuer, -1 none */
    unsigned problems; /* enum chain_problem bits */
};

struct chain_report {
    struct chain_node *nodes; /* as received */
    size_t nnodes;
    size_t *path; /* received indexes, leaf first, as it should be sent */
    size_t npath;
    bool anchored; /* the path ends at (or below) a trust-store anchor */
    char *anchor;  /* the anchor's subject, raw, or NULL */
    bool in_order;
    bool complete;
    bool cut; /* the path leaves the certificates kept (list longer than
                 OBS_MAX_CERTS, or one too large to keep): where it ends was
                 not checked */
};

/* Fills *out (its own memory; free with chain_clear) from the certificates
 * of t.  trust may be NULL (then nothing is trusted). */
void chain_analyse(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now,
                   struct chain_report *out);
/* The same, but each certificate's issuer among those sent, and the
 * anchor, are matched by name only (a self-signature is still verified):
 * a tentative report that is chain_analyse's only once a verification of
 * its whole path has succeeded (validate_analyse does both). */
void chain_analyse_by_name(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now,
                           struct chain_report *out);
/* Either of the two on certificates already parsed (pc: t's, from
 * cert_chain_parse; not changed). */
void chain_analyse_parsed(const struct obs_tls *t, const struct cert_chain *pc,
                          gnutls_x509_trust_list_t trust, time_t now, bool by_name,
                          struct chain_report *out);
void chain_clear(struct chain_report *c);

#endif
