/* What to check: an origin as CloudFront has it configured, and the run's
 * settings that shape every probe (resolvers, overrides, timeouts). */
#ifndef TARGET_H
#define TARGET_H

#include <stdbool.h>
#include <stddef.h>

#define TARGET_NAME_MAX 253

/* OriginSslProtocols (CLOUDFRONT.md §3.1): a set, not a floor, in the API;
 * the console shows its minimum. */
enum target_proto { TARGET_SSLV3, TARGET_TLS10, TARGET_TLS11, TARGET_TLS12, TARGET_PROTO_COUNT };
#define TARGET_PROTO_BIT(p) (1u << (p))
#define TARGET_PROTOS_ALL ((1u << TARGET_PROTO_COUNT) - 1)

/* Origin Protocol Policy (CLOUDFRONT.md §5): value, CloudFront's API name
 * (also the JSON and command-line word), the console's words. */
#define TARGET_POLICY_TABLE(X)                                                                     \
    X(POLICY_HTTPS_ONLY, "https-only", N_("HTTPS only"))                                           \
    X(POLICY_MATCH_VIEWER, "match-viewer", N_("Match viewer"))                                     \
    X(POLICY_HTTP_ONLY, "http-only", N_("HTTP only"))
#define X_ENUM(e, name, text) e,
enum target_policy { TARGET_POLICY_TABLE(X_ENUM) POLICY_COUNT };
#undef X_ENUM

/* CloudFront's defaults for a custom origin (CLOUDFRONT.md §5-§6). */
#define TARGET_DEFAULT_HTTPS_PORT 443
#define TARGET_DEFAULT_HTTP_PORT 80
#define TARGET_DEFAULT_CONNECT_TIMEOUT_MS 10000 /* ConnectionTimeout, 1-10 s */
#define TARGET_DEFAULT_CONNECT_ATTEMPTS 3       /* ConnectionAttempts, 1-3 */
#define TARGET_DEFAULT_READ_TIMEOUT_MS 30000    /* OriginReadTimeout: first byte, each gap */
#define TARGET_DEFAULT_KEEPALIVE_TIMEOUT_S 5    /* OriginKeepaliveTimeout */

/* One of the origin's CustomHeaders: added to every request CloudFront
 * sends to the origin. */
struct target_header {
    char *name;
    char *value;
};

/* One origin as CloudFront has it configured: everything CloudFront sets
 * per origin lives here, so that origins of one run may differ.  Every
 * string is owned; target_clear frees them. */
struct target {
    char *id;          /* the distribution's origin Id; NULL for a command-line origin */
    char *input;       /* as typed */
    char *name;        /* ASCII form (IDNA A-labels), no trailing dot */
    bool is_literal;   /* name is an IP address */
    enum target_policy policy;
    unsigned https_port;    /* HTTPSPort */
    unsigned http_port;     /* HTTPPort */
    unsigned ssl_protocols; /* OriginSslProtocols: TARGET_PROTO_BIT set, never empty */
    unsigned connect_timeout_ms;
    unsigned connect_attempts;     /* recorded; the probe makes one attempt per address */
    unsigned read_timeout_ms;      /* OriginReadTimeout, for CloudFront's request */
    unsigned keepalive_timeout_s;  /* recorded for the HTTP step to come */
    struct target_header *headers; /* CustomHeaders */
    size_t nheaders;
    char *host_header; /* the viewer Host the behaviour forwards, or NULL */
    char *origin_path; /* OriginPath ("/production"): CloudFront puts it before the viewer's
                          path in its request to the origin; NULL for none */
};

struct awscli_opts;

/* One --resolve NAME:PORT:ADDR[,ADDR...] entry. */
struct target_resolve {
    char *name;
    unsigned port;
    char **addrs;
    size_t naddrs;
};

/* What is the same for every origin of a run: how we look (resolvers,
 * overrides, trust, address family), not what CloudFront is told. */
struct awscli_opts; /* awscli.h */

struct target_settings {
    /* The TLS handshake's limit is ours, not CloudFront's: CloudFront
     * documents no handshake timeout (CLOUDFRONT.md §6 has ConnectionTimeout
     * for the connection and OriginReadTimeout for the response), so it
     * stays run-wide and only bounds how long a probe waits. */
    unsigned handshake_timeout_ms;
    unsigned dns_timeout_ms;
    char *dns_servers;   /* c-ares CSV "ip:port,[ip6]:port", or NULL */
    char *ca_file;       /* NULL: the system bundle */
    int family;          /* 0 any, 4 or 6 */
    struct target_resolve *resolves;
    size_t nresolves;
    bool explain;        /* run explaining handshakes on failure */
    bool private_ok;     /* a VPC origin (or the demo): private addresses are fine */
    bool no_http;        /* --no-http: stop after the handshake */
    const char *http_path;    /* the viewer URL's path for CloudFront's request; borrowed */
    const char *viewer_url;   /* the URL given, for the fixes' last check; borrowed */
    /* Read the account behind each origin with the AWS CLI after the probe
     * (account.h), with these options; NULL: never (the default). */
    const struct awscli_opts *account;
    const char *viewer_distribution; /* the distribution serving it, when known; borrowed */
    const struct awscli_opts *aws;   /* how to run the AWS CLI; NULL: no AWS access */
};

/* A target with CloudFront's defaults and no name (https-only, ports 443
 * and 80, TLSv1.2, 10 s x 3 attempts, 30 s read, 5 s keep-alive, no
 * headers, Host not forwarded). */
void target_init(struct target *t);

/* Parse "NAME[:PORT]", "[V6]:PORT", "V4:PORT", a bare IPv6 literal, optionally
 * with "https://" in front and a path after, into a target_init()ed t: the
 * port lands in https_port; default_port applies when none is given.  On
 * error returns false and sets *err to a translated, static message. */
bool target_parse(struct target *t, const char *input, unsigned default_port, const char **err);
/* Parse a port number 1..65535. */
bool target_parse_port(const char *s, unsigned *port);
/* Validate and convert a host name to its ASCII form; caller frees. NULL and
 * *err set when invalid. */
char *target_host_ascii(const char *name, const char **err);
/* The first character of input's host name that no host name may hold
 * (a pointer into input), or NULL when there is none: what to point at
 * when target_parse (origin: "https://" and ":PORT" and a path around the
 * name) or target_host_ascii (a bare name) refused it. */
const char *target_bad_char(const char *input, bool origin);
bool target_parse_resolve(struct target_resolve *r, const char *spec, const char **err);
/* Validate "IP[:PORT][,...]" and turn it into c-ares's CSV form; caller frees. */
char *target_parse_dns_servers(const char *spec, const char **err);
bool target_parse_proto(const char *s, enum target_proto *p);
const char *target_proto_name(enum target_proto p);
bool target_parse_policy(const char *s, enum target_policy *p);
const char *target_policy_name(enum target_policy p); /* "https-only" */
const char *target_policy_text(enum target_policy p); /* translated */

/* The name CloudFront checks the certificate against, and sends as SNI:
 * the forwarded Host header, else the origin name (CLOUDFRONT.md §1.1,
 * §2.1).  The one place this rule is written. */
const char *target_checked_name(const struct target *t);
/* The SNI CloudFront sends: the checked name, or NULL when that is an IP
 * address (SNI cannot hold one). */
const char *target_sni(const struct target *t);
/* Does CloudFront speak TLS to this origin?  Not with http-only; with
 * match-viewer it follows the viewer, and without viewer information we
 * assume HTTPS viewers. */
bool target_uses_tls(const struct target *t);
/* The port CloudFront connects to: the HTTP port with http-only, else the
 * HTTPS port. */
unsigned target_port(const struct target *t);
/* The lowest protocol of the set (the console's "minimum"). */
enum target_proto target_min_proto(const struct target *t);
/* The set from a minimum: min up to TLSv1.2, as the console sets it. */
void target_set_min_proto(struct target *t, enum target_proto min);
void target_add_header(struct target *t, const char *name, const char *value);

/* t (from target_parse: name and the port typed with it in https_port, 0
 * when none) takes every CloudFront setting of defaults (the command
 * line's): policy, ports, protocols, timeouts, headers, Host.  A port typed
 * with the name is the port of the protocol the policy uses: the HTTP port
 * with http-only, else the HTTPS port. */
void target_configure(struct target *t, const struct target *defaults);
/* A deep copy into dst (its old contents are not freed). */
void target_copy(struct target *dst, const struct target *src);
void target_clear(struct target *t);
void target_settings_clear(struct target_settings *s);

#endif
