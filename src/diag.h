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
#include "findings.h"
#include "obs.h"

/* Problems of one certificate in a chain (bit set). */
enum chain_problem {
    CHAIN_P_EXPIRED = 1 << 0,
    CHAIN_P_NOT_YET_VALID = 1 << 1,
    CHAIN_P_EXPIRING = 1 << 2,     /* within 30 days */
    CHAIN_P_OUT_OF_ORDER = 1 << 3, /* not followed by its issuer */
    CHAIN_P_UNRELATED = 1 << 4,    /* not on the path from the leaf */
    CHAIN_P_ROOT = 1 << 5,         /* a self-signed CA sent by the server */
    CHAIN_P_SELF_SIGNED = 1 << 6,  /* the leaf signs itself */
    CHAIN_P_BAD_KEY = 1 << 7,      /* key type/size CloudFront does not take */
    CHAIN_P_BAD_SIG = 1 << 8,      /* RSA-PSS / EdDSA signature */
    CHAIN_P_UNPARSABLE = 1 << 9,
    CHAIN_P_NO_ISSUER = 1 << 10,   /* its issuer was not sent and is no anchor */
    CHAIN_P_UNTRUSTED = 1 << 11,   /* path ends at a root not in the store */
};

struct chain_node {
    size_t index;        /* position as received */
    char *subject;       /* raw (sanitize before showing) */
    char *issuer;
    time_t not_before, not_after;
    long days_left;      /* whole days from now to not_after (negative: expired) */
    char key[32];        /* "RSA 2048", "ECDSA P-256", "Ed25519" */
    char sig[48];        /* "RSA-SHA256" */
    char sha256[65];
    bool is_ca;
    int issuer_index;    /* received index of its issuer, -1 none */
    unsigned problems;   /* enum chain_problem bits */
};

struct chain_report {
    struct chain_node *nodes; /* as received */
    size_t nnodes;
    size_t *path;        /* received indexes, leaf first, as it should be sent */
    size_t npath;
    bool anchored;       /* the path ends at (or below) a trust-store anchor */
    char *anchor;        /* the anchor's subject, raw, or NULL */
    bool in_order;
    bool complete;
};

enum name_kind { NAME_SAN_DNS, NAME_SAN_IP, NAME_CN };

struct name_row {
    enum name_kind kind;
    char *name;          /* raw, as in the certificate */
    char *unicode;       /* U-label form when it differs (IDN), else NULL */
    bool match;
    const char *reason;  /* N_() string; _() when shown */
};

struct name_table {
    char *checked;       /* the name CloudFront checks (SNI/Host or origin) */
    char *checked_unicode;
    struct name_row *rows;
    size_t nrows;
    size_t rows_dropped; /* beyond the cap */
    bool has_san;
    bool match;          /* our verdict */
    bool cn_only_match;
    bool gnutls_match;   /* gnutls_x509_crt_check_hostname2's verdict */
};

struct candidate {
    char *name;
    const char *why;     /* N_() string */
    int score;           /* higher is better */
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

struct diag_origin {
    const struct obs_origin *obs;
    bool ok;                 /* no error finding */
    int cloudfront_status;   /* 0 (would connect), 502 or 504 */
    struct finding *findings;
    size_t nfindings;
    int chain_addr;          /* address whose chain is shown, -1 none */
    struct chain_report chain;
    struct name_table names;
    struct awsname aws;
    struct candidate *candidates;
    size_t ncandidates;
    struct fix_step *fixes;
    size_t nfixes;
};

struct diagnosis {
    struct diag_origin *origins;
    size_t norigins;
    time_t now;
};

/* trust may be NULL (then nothing is trusted).  The observation must
 * outlive the diagnosis. */
struct diagnosis *diagnose(const struct observation *obs, const struct target_settings *s,
                           gnutls_x509_trust_list_t trust, time_t now);
void diag_free(struct diagnosis *d);
/* The worst finding first: the one a verdict line names. */
const struct finding *diag_primary(const struct diag_origin *d);

/* Pieces, for unit tests and for the wizard. */
void chain_analyse(const struct obs_tls *t, gnutls_x509_trust_list_t trust, time_t now,
                   struct chain_report *out);
void chain_clear(struct chain_report *c);
/* name: ASCII (A-label) host name or IP literal. */
void names_check(const unsigned char *der, size_t len, const char *name, struct name_table *out);
void names_clear(struct name_table *n);
/* Does the certificate cover name?  names_check's verdict (names_match on
 * the SANs, the CN only without any): the one definition of "covers". */
bool names_covers(const unsigned char *der, size_t len, const char *name);
/* Does pattern (a certificate dNSName) cover name?  RFC 6125 rules:
 * case-insensitive; '*' only as the whole left-most label, one label deep,
 * and not directly under a top-level label.  *why (when why is not NULL)
 * says why, as an N_() string. */
bool names_match(const char *pattern, const char *name, const char **why);

/* Trust store: the system bundle, or file when not NULL.  NULL and *err on
 * failure.  Free with gnutls_x509_trust_list_deinit(tl, 1). */
gnutls_x509_trust_list_t diag_load_trust(const char *file, const char **err);

#endif
