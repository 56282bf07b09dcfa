/* The diagnosis: what analysis concludes from an observation.  Pure: built
 * from the observation, a trust list and "now", with no I/O.  Every
 * presenter (text, JSON, the wizard) reads this and the observation. */
#ifndef DIAG_H
#define DIAG_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "awsname.h"
#include "chain.h"
#include "explain.h"
#include "facts.h"
#include "findings.h"
#include "names.h"
#include "obs.h"

struct candidate {
    char *name;
    const char *why;    /* N_() string */
    int score;          /* higher is better */
    const char *source; /* "route53" (a record in the account) or "dns" */
    char *zone_id;      /* Route 53: the hosted zone holding the record, else NULL */
};

struct fix_step {
    enum fix_kind kind;
    char *title;         /* translated, filled in */
    char *why;
    char *commands;      /* exact commands, newline separated; may be NULL */
    char *verify;        /* how to check it worked */
};

struct finding {
    enum finding_id id;
    int addr;            /* index into obs_origin.addrs, -1 for the whole origin */
    char *detail;        /* translated message with the specifics; raw network text sanitized */
};

/* The verdict on one origin: value, JSON name, the report's keyword.
 * "unknown": no finding says CloudFront would fail, but something it checks
 * was not checked (an error finding without a CloudFront status); never a
 * pass. */
#define VERDICT_TABLE(X)                                                                           \
    X(VERDICT_OK, "ok", "OK")                                                                      \
    X(VERDICT_FAIL, "fail", "FAIL")                                                                \
    X(VERDICT_UNKNOWN, "unknown", "UNKNOWN")
#define X_ENUM(e, name, word) e,
enum verdict { VERDICT_TABLE(X_ENUM) };
#undef X_ENUM
const char *diag_verdict_name(enum verdict v);
/* The report's keyword (OK, FAIL, UNKNOWN): never translated, scripts read it. */
const char *diag_verdict_word(enum verdict v);

struct diag_origin {
    const struct obs_origin *obs;
    bool ok;                 /* no error finding: verdict == VERDICT_OK */
    enum verdict verdict;
    int cloudfront_status;   /* 0 (would connect, or unknown), 502 or 504 */
    struct finding *findings;
    size_t nfindings;
    enum explain_summary *explain; /* per address, indexed like obs->addrs */
    int chain_addr;          /* address whose chain is shown, -1 none */
    struct chain_report chain;
    struct name_table names;
    struct awsname aws;
    struct candidate *candidates;
    size_t ncandidates;
    const struct origin_facts *facts; /* borrowed, set by analyse() before the fixes; NULL:
                                         nothing known beyond the probe */
    struct fix_step *fixes;  /* fixes_build() fills them (analyse()), diagnose() does not */
    size_t nfixes;
};

/* What the viewer's answer shows: value, JSON name. */
#define VIEWER_VERDICT_TABLE(X)                                                                    \
    X(VIEWER_NONE, NULL)                                                                           \
    X(VIEWER_CLOUDFRONT_ERROR, "cloudfront_error")                                                 \
    X(VIEWER_OTHER_ERROR, "other_error")                                                           \
    X(VIEWER_OK, "ok")                                                                             \
    X(VIEWER_HTTP_ERROR, "http_error")                                                             \
    X(VIEWER_FAILED, "failed")
#define X_ENUM(e, name) e,
enum viewer_verdict { VIEWER_VERDICT_TABLE(X_ENUM) };
#undef X_ENUM
const char *diag_viewer_verdict_name(enum viewer_verdict v); /* NULL for NONE */

struct diag_viewer {
    enum viewer_verdict verdict;
    bool cloudfront;  /* Server: CloudFront, Via ... (CloudFront) or X-Amz-Cf-Id */
    char *error_text; /* CloudFront's error sentence, sanitized, or NULL */
    char *summary;    /* what the answer shows, translated, sanitized */
    char *next;       /* what to do next, translated, or NULL */
};

struct diagnosis {
    struct diag_origin *origins;
    size_t norigins;
    /* analyse_deferred(): no origin holds its fix guides; each writer
     * builds an origin's as it writes it and frees them after
     * (report_origin()), so a run of many origins never holds them all. */
    bool fixes_deferred;
    /* Each distinct chain checked for a name, analysed once for the whole
     * diagnosis; the origins' chain and names point into it (diag.c). */
    struct diag_chains *chains;
    struct diag_viewer viewer;
    time_t now;
};

/* trust may be NULL (then nothing is trusted).  The observation must
 * outlive the diagnosis. */
struct diagnosis *diagnose(const struct observation *obs, const struct target_settings *s,
                           gnutls_x509_trust_list_t trust, time_t now);
void diag_free(struct diagnosis *d);
/* What the explaining handshakes say about address addr of d (EXPLAIN_NONE
 * when there is nothing to say or no such address). */
enum explain_summary diag_explain(const struct diag_origin *d, size_t addr);
/* Frees d's fix steps (fixes_build_for makes new ones). */
void diag_clear_fixes(struct diag_origin *d);
/* The worst finding first: the one a verdict line names. */
const struct finding *diag_primary(const struct diag_origin *d);
/* Would CloudFront connect to every origin?  False for no diagnosis (NULL). */
bool diag_all_ok(const struct diagnosis *d);
/* The run's verdict: fail when any origin fails or the viewer's request
 * got an error, else unknown when any origin is unknown, else ok (also for
 * no origin). */
enum verdict diag_worst_verdict(const struct diagnosis *d);

#endif
