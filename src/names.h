/* The leaf's names against the name CloudFront checks.  Pure: reads a DER
 * certificate and a name, knows nothing of the diagnosis (diag.h includes
 * this, not the other way round). */
#ifndef NAMES_H
#define NAMES_H

#include <gnutls/x509.h>
#include <stdbool.h>
#include <stddef.h>

/* Where a name in the certificate comes from.  The one table of them: id,
 * JSON name, and the short label presenters print (a technical term, the
 * same in every language). */
#define NAME_KIND_TABLE(X)                                                                         \
    X(NAME_SAN_DNS, "san_dns", "SAN")                                                              \
    X(NAME_SAN_IP, "san_ip", "SAN IP")                                                             \
    X(NAME_CN, "cn", "CN")

#define X_ENUM(id, name, label) id,
enum name_kind { NAME_KIND_TABLE(X_ENUM) NAME_KIND_COUNT };
#undef X_ENUM

const char *names_kind_name(enum name_kind k);  /* JSON name; "?" out of range */
const char *names_kind_label(enum name_kind k); /* "SAN", "SAN IP", "CN"; "?" out of range */

struct name_row {
    enum name_kind kind;
    char *name;    /* raw, as in the certificate */
    char *unicode; /* U-label form when it differs (IDN), else NULL */
    bool match;
    const char *reason; /* N_() string; _() when shown */
};

struct name_table {
    char *checked; /* the name CloudFront checks (SNI/Host or origin) */
    char *checked_unicode;
    struct name_row *rows;
    size_t nrows;
    size_t rows_dropped; /* beyond the cap */
    bool has_san;
    bool match; /* our verdict */
    bool cn_only_match;
    bool gnutls_match; /* gnutls_x509_crt_check_hostname2's verdict */
};

/* Fills *out (its own memory; free with names_clear).  name: ASCII
 * (A-label) host name or IP literal.  der may be NULL or unparsable: then
 * only out->checked is set. */
void names_check(const unsigned char *der, size_t len, const char *name, struct name_table *out);
/* The same for a certificate already parsed (crt NULL: as an unparsable
 * der); crt is not changed or freed. */
void names_check_crt(gnutls_x509_crt_t crt, const char *name, struct name_table *out);
void names_clear(struct name_table *n);
/* Does the certificate cover name?  names_check's verdict (names_match on
 * the SANs, the CN only without any): the one definition of "covers",
 * used by the analysis and by the probe's custom-domain look-up. */
bool names_covers(const unsigned char *der, size_t len, const char *name);
/* Does pattern (a certificate dNSName) cover name?  RFC 6125 rules:
 * case-insensitive; '*' only as the whole left-most label, one label deep,
 * and not directly under a top-level label.  *why (when why is not NULL)
 * says why, as an N_() string. */
bool names_match(const char *pattern, const char *name, const char **why);
/* Does pattern match the first n bytes of s as a whole?  '*' matches any
 * run of characters ('/' and '.' included), '?' any one; fold: ASCII case
 * ignored.  The glob of CloudFront's path patterns and of ELB's host-header
 * and path conditions (not a certificate's wildcard: names_match). */
bool names_glob(const char *pattern, const char *s, size_t n, bool fold);

#endif
