/* A CloudFront distribution's configuration, read from the JSON the AWS CLI
 * prints (get-distribution-config, get-distribution, or a bare
 * DistributionConfig), and from it the list of distinct probes CloudFront's
 * behaviours imply: (origin, checked name, port, TLS or not), each with the
 * behaviours (path patterns, "*" for the default) that reach it.  Pure: no
 * I/O; the document is parsed by the caller (jansson) and custom policies
 * are read by the caller and handed in with distconfig_set_policy().
 * Strict: wrong types, missing keys, control bytes, oversized strings and
 * counts are errors naming the JSON path.  Strings kept here are validated
 * (host names in ASCII form, others printable UTF-8 without controls). */
#ifndef DISTCONFIG_H
#define DISTCONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "target.h"

#define DISTCONFIG_MAX_ORIGINS 512
#define DISTCONFIG_MAX_BEHAVIORS 512
#define DISTCONFIG_MAX_ALIASES 512
#define DISTCONFIG_MAX_HEADERS 64
#define DISTCONFIG_MAX_GROUPS 256
#define DISTCONFIG_MAX_STRING 2048 /* bytes of any string kept */

#define DISTCONFIG_KIND_TABLE(X)                                                                   \
    X(DC_CUSTOM, "custom")                                                                         \
    X(DC_S3, "s3")                                                                                 \
    X(DC_VPC, "vpc")                                                                               \
    X(DC_OTHER, "other")

#define DISTCONFIG_POLICY_TABLE(X)                                                                 \
    X(DC_HTTPS_ONLY, "https-only")                                                                 \
    X(DC_MATCH_VIEWER, "match-viewer")                                                             \
    X(DC_HTTP_ONLY, "http-only")

#define DISTCONFIG_VIEWER_TABLE(X)                                                                 \
    X(DC_VIEWER_ALLOW_ALL, "allow-all")                                                            \
    X(DC_VIEWER_REDIRECT, "redirect-to-https")                                                     \
    X(DC_VIEWER_HTTPS_ONLY, "https-only")

/* Does the behaviour forward the viewer's Host header? */
#define DISTCONFIG_HOST_TABLE(X)                                                                   \
    X(DC_HOST_NO, "no")                                                                            \
    X(DC_HOST_YES, "yes")                                                                          \
    X(DC_HOST_UNKNOWN, "unknown")

#define X_ENUM(e, name) e,
enum distconfig_kind { DISTCONFIG_KIND_TABLE(X_ENUM) };
enum distconfig_policy { DISTCONFIG_POLICY_TABLE(X_ENUM) };
enum distconfig_viewer { DISTCONFIG_VIEWER_TABLE(X_ENUM) };
enum distconfig_host { DISTCONFIG_HOST_TABLE(X_ENUM) };
#undef X_ENUM

const char *distconfig_kind_name(enum distconfig_kind k);
const char *distconfig_policy_name(enum distconfig_policy p);
const char *distconfig_viewer_name(enum distconfig_viewer v);
const char *distconfig_host_name(enum distconfig_host h);

struct distconfig_header {
    char *name;
    char *value;
};

struct distconfig_origin {
    char *id;
    char *domain_name; /* ASCII form, lower case */
    char *origin_path;
    enum distconfig_kind kind;
    const char *skip_reason; /* N_() string when not probed, else NULL */
    /* Custom origins only (CloudFront's defaults elsewhere). */
    enum distconfig_policy policy;
    unsigned http_port, https_port;
    unsigned ssl_protocols;      /* bit (1 << enum target_proto) per protocol allowed */
    enum target_proto min_proto; /* the lowest allowed */
    unsigned read_timeout_s, keepalive_timeout_s;
    unsigned connection_attempts, connection_timeout_s;
    struct distconfig_header *headers;
    size_t nheaders;
    bool origin_shield;
    bool mtls; /* OriginMtlsConfig present */
};

struct distconfig_group {
    char *id;
    size_t *members; /* origin indexes, primary first */
    size_t nmembers;
    int *status_codes; /* failover criteria */
    size_t ncodes;
};

struct distconfig_behavior {
    char *path;      /* PathPattern, "*" for the default behaviour */
    char *target_id; /* TargetOriginId as written */
    int origin;      /* index, or -1 when the target is a group */
    int group;       /* index, or -1 */
    enum distconfig_viewer viewer;
    enum distconfig_host host;
    const char *host_why;  /* N_() string: what decided host */
    char *policy_id;       /* a custom origin request policy the decision waits for, or NULL */
    char *cache_policy_id; /* a cache policy not known here, or NULL */
    bool edge_code;        /* Lambda@Edge or CloudFront Functions attached */
};

struct distconfig {
    char *id;          /* NULL for a bare config or get-distribution-config */
    char *domain_name; /* d111.cloudfront.net, or NULL */
    char *status;      /* "Deployed", "InProgress", or NULL */
    char *etag;        /* or NULL */
    bool enabled;
    char **aliases; /* ASCII form, lower case, in the configuration's order; a wildcard one
                       ("*.example.com") kept as written */
    size_t naliases;
    /* The viewer's host when only a wildcard alias covers it (set by
     * distconfig_set_viewer_host): a name CloudFront sends as the
     * forwarded Host, probed like an alias.  NULL: none. */
    char *viewer_host;
    struct distconfig_origin *origins;
    size_t norigins;
    struct distconfig_group *groups;
    size_t ngroups;
    struct distconfig_behavior *behaviors; /* ordered ones first, the default last */
    size_t nbehaviors;
};

/* One distinct probe. */
struct distconfig_target {
    size_t origin; /* index into origins */
    bool tls;      /* HTTPS to https_port, else HTTP (plain TCP) to http_port */
    unsigned port;
    char *host_header; /* forwarded viewer Host: SNI and the name checked; NULL: the origin's own
                          name */
    bool host_assumed; /* the Host decision is unknown: this is one of the two ways probed */
    char **behaviors;  /* path patterns that reach it, in the configuration's order */
    size_t nbehaviors;
};

/* Reads doc (any of the three shapes).  false and *err (fresh, caller
 * frees, untranslated JSON paths inside a translated sentence) on invalid
 * input; dc is then empty. */
bool distconfig_parse(const json_t *doc, struct distconfig *dc, char **err);
void distconfig_clear(struct distconfig *dc);

/* The Host decision for a custom origin request policy or cache policy
 * read by the caller (get-origin-request-policy / get-cache-policy output
 * or the bare config): every behaviour that waits for id is updated.
 * Returns false when policy cannot be read (left unknown). */
bool distconfig_set_policy(struct distconfig *dc, const char *id, const json_t *policy);

/* The distinct probes, in origin order (HTTPS before HTTP, the origin's
 * own name before forwarded ones).  Skipped origins have none. */
void distconfig_targets(const struct distconfig *dc, struct distconfig_target **out, size_t *n);
void distconfig_targets_free(struct distconfig_target *t, size_t n);

/* CloudFront's path-pattern match (Developer Guide, "Cache behavior
 * settings", "Path pattern"; API Reference, CacheBehavior.PathPattern):
 * '*' matches any run of characters ('/' included, none too), '?' exactly
 * one, everything else itself, case-sensitive; a leading '/' on the
 * pattern makes no difference.  path is the viewer's path; a query string
 * ('?' onwards) is not part of what is matched. */
bool distconfig_path_match(const char *pattern, const char *path);
/* The behaviour CloudFront applies to path: the first ordered behaviour
 * whose pattern matches, else the default (the last).  nbehaviors must
 * not be 0 (a parsed configuration always has the default). */
size_t distconfig_behavior_for(const struct distconfig *dc, const char *path);
/* How closely an alternate domain name covers a viewer's host (ASCII, any
 * case), as CloudFront picks the distribution for a request: -1 not at
 * all; DISTCONFIG_RANK_EXACT for the name itself; for a wildcard
 * "*.example.com" (CloudFront's only wildcard form: "*." then a domain),
 * any name ending in ".example.com" with at least one label before it
 * (several too: AWS's example covers marketing.product-name.example.com),
 * never example.com itself, ranked by the length of the domain, so that
 * the more specific of two wildcards wins and an exact name beats both.
 * Developer Guide, "Use wildcards in alternate domain names"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/alternate-domain-names-wildcard.html)
 * and "Restrictions on using alternate domain names": with overlapping
 * names "CloudFront sends the request to the distribution with the more
 * specific name match"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html). */
#define DISTCONFIG_RANK_EXACT 1024
int distconfig_alias_rank(const char *alias, const char *host);
/* The best rank (above) among the distribution's alternate domain names
 * and its cloudfront.net name (exact), -1 when it does not answer for
 * host. */
int distconfig_host_rank(const struct distconfig *dc, const char *host);
/* distconfig_host_rank() >= 0 */
bool distconfig_serves_host(const struct distconfig *dc, const char *host);
/* The viewer's host when a wildcard alias (and no exact one) covers it:
 * recorded (lower case) so that the probes of behaviours forwarding Host
 * send and check it.  Nothing when an exact name serves host. */
void distconfig_set_viewer_host(struct distconfig *dc, const char *host);
/* Does probe t serve behaviour b (its path pattern is among t's)? */
bool distconfig_target_serves(const struct distconfig *dc, const struct distconfig_target *t,
                              size_t b);

/* Behaviours (indexes) that reach origin i, directly or through a group. */
size_t distconfig_origin_behaviors(const struct distconfig *dc, size_t origin, size_t *out,
                                   size_t max);

#endif
