/* What the AWS account says about an origin, read with the AWS CLI and
 * never changed (every call is a describe/list/get): the load balancer
 * behind the origin's name, its listener on the origin's port and that
 * listener's certificates in ACM, an ISSUED certificate in the Region that
 * covers the custom domain, the Route 53 records that point at the load
 * balancer, and whether its security groups admit CloudFront only.
 *
 * Two halves:
 * - the readers (account_read_*): pure functions from one call's JSON to
 *   the facts below, unit-tested with fixtures and safe on any input;
 * - account_read(): the calls, run on the program's loop through awscli,
 *   ACCOUNT_PARALLEL at a time, in rounds (zones and load balancers, then
 *   listeners, records and security groups, then certificates).
 * A call that fails (a missing permission above all) is recorded with the
 * IAM action it needs; what it would have told stays unknown, and the rest
 * goes on.  The facts are observations: diag.c and fixes.c judge them. */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "awscli.h"
#include "loop.h"

#define ACCOUNT_PARALLEL 8    /* aws CLI processes at once */
#define ACCOUNT_MAX_ZONES 200 /* hosted zones whose records are read */
#define ACCOUNT_MAX_ITEMS 512 /* records, certificates, groups kept per list */
#define ACCOUNT_CF_PREFIX_LIST "com.amazonaws.global.cloudfront.origin-facing"

/* Every call made: value, service (the CLI's word), operation, IAM action.
 * The action is what a missing permission names. */
#define ACCOUNT_CALL_TABLE(X)                                                                      \
    X(ACALL_ZONES, "route53", "list-hosted-zones", "route53:ListHostedZones")                      \
    X(ACALL_RECORDS, "route53", "list-resource-record-sets", "route53:ListResourceRecordSets")     \
    X(ACALL_ELBV2, "elbv2", "describe-load-balancers",                                             \
      "elasticloadbalancing:DescribeLoadBalancers")                                                \
    X(ACALL_CLB, "elb", "describe-load-balancers", "elasticloadbalancing:DescribeLoadBalancers")   \
    X(ACALL_LISTENERS, "elbv2", "describe-listeners", "elasticloadbalancing:DescribeListeners")    \
    X(ACALL_LISTENER_CERTS, "elbv2", "describe-listener-certificates",                             \
      "elasticloadbalancing:DescribeListenerCertificates")                                         \
    X(ACALL_RULES, "elbv2", "describe-rules", "elasticloadbalancing:DescribeRules")                \
    X(ACALL_CERT, "acm", "describe-certificate", "acm:DescribeCertificate")                        \
    X(ACALL_CERT_LIST, "acm", "list-certificates", "acm:ListCertificates")                         \
    X(ACALL_SGS, "ec2", "describe-security-groups", "ec2:DescribeSecurityGroups")                  \
    X(ACALL_PREFIX_LISTS, "ec2", "describe-managed-prefix-lists", "ec2:DescribeManagedPrefixLists")

#define X_ENUM(e, svc, op, action) e,
enum account_call { ACCOUNT_CALL_TABLE(X_ENUM) ACCOUNT_CALL_COUNT };
#undef X_ENUM
const char *account_call_service(enum account_call c);
const char *account_call_operation(enum account_call c);
const char *account_call_action(enum account_call c);

/* Whether the listener's port is open to CloudFront only: value, JSON name. */
#define ACCOUNT_ACCESS_TABLE(X)                                                                    \
    X(ACCESS_UNKNOWN, "unknown")                 /* not read (no groups, a call failed) */         \
    X(ACCESS_CLOUDFRONT_ONLY, "cloudfront_only") /* only the CloudFront prefix list */             \
    X(ACCESS_OPEN, "open")           /* other sources too (addresses, groups, lists) */            \
    X(ACCESS_CLOSED, "closed")       /* no rule admits the port */                                 \
    X(ACCESS_NO_GROUPS, "no_groups") /* the load balancer has no security group */
#define X_ENUM(e, name) e,
enum account_access { ACCOUNT_ACCESS_TABLE(X_ENUM) };
#undef X_ENUM
const char *account_access_name(enum account_access a);

/* A call that did not answer: which, the IAM action, why (translated,
 * sanitized), and whether it was a refused permission. */
struct account_error {
    enum account_call call;
    char *region;  /* NULL for global services (Route 53) */
    char *message; /* awscli's one line */
    bool denied;   /* AccessDenied / UnauthorizedOperation */
};

struct account_cert {
    char *arn;
    bool is_default; /* the listener's default certificate (else an SNI one) */
    bool described;  /* describe-certificate answered */
    char *domain;    /* DomainName */
    char **names;    /* SubjectAlternativeNames (DomainName included) */
    size_t nnames;
    char *status; /* ISSUED, PENDING_VALIDATION, EXPIRED... */
    char *type;   /* IMPORTED, AMAZON_ISSUED, PRIVATE */
    char *key_algorithm;
    int64_t not_after; /* Unix time, 0 unknown */
    char *renewal;     /* RenewalEligibility */
    char **in_use_by;
    size_t nin_use_by;
};

/* One rule of an Application Load Balancer's listener (describe-rules):
 * what decides whether it matches CloudFront's request by Host, and what
 * its action answers. */
#define ACCOUNT_MAX_RULE_HOSTS 32
struct account_rule {
    char *arn;
    char *priority;  /* "10", "default" */
    bool is_default; /* the listener's default action */
    bool by_host;    /* a host-header condition with plain values (hosts) */
    bool host_regex; /* a host-header condition with RegexValues: not judged here */
    char **hosts;    /* its values, as written (ELB wildcards * and ?) */
    size_t nhosts;
    char *action;       /* the type of the action that answers: forward, fixed-response... */
    int status;         /* fixed-response StatusCode or redirect's (301...), 0 none */
    char *target_group; /* forward: the first target group's ARN, or NULL */
};

/* A Route 53 record whose target is the load balancer. */
struct account_record {
    char *name;    /* without the final dot, lower case */
    char *type;    /* A, AAAA, CNAME */
    bool alias;    /* an alias record (else a CNAME) */
    char *zone_id; /* the hosted zone id, without "/hostedzone/" */
    char *zone_name;
};

/* An ISSUED certificate of the Region that covers a name. */
struct account_cover {
    char *name;
    char *arn; /* NULL: none found (when the list was read) */
    char *cert_domain;
};

struct account_origin {
    /* The load balancer name looked up, from the origin name, the end of
     * its CNAME chain or a Route 53 alias of it; NULL: nothing to look up
     * (then everything below is empty). */
    char *lb_dns;
    const char *lb_from; /* "origin", "cname", "route53" */
    char region[32];
    bool lb_read;  /* describe-load-balancers answered */
    bool lb_found; /* ...and a load balancer has this DNS name */
    /* The load balancer. */
    char *lb_arn; /* NULL for a Classic Load Balancer */
    char *lb_name;
    char *lb_type;     /* application, network, gateway, classic */
    char *lb_scheme;   /* internet-facing, internal, or NULL */
    char *lb_zone;     /* CanonicalHostedZoneId */
    char *lb_dns_name; /* its DNSName, as ELB spells it */
    char *vpc_id;
    char **sgs; /* security group ids */
    size_t nsgs;
    /* Its listener on the origin's port. */
    unsigned port;
    bool listeners_read;
    bool listener_found;
    char *listener_arn;      /* NULL for Classic */
    char *listener_protocol; /* HTTPS, TLS, TCP, HTTP, SSL */
    char *ssl_policy;
    struct account_cert *certs; /* default first, then SNI */
    size_t ncerts;
    bool certs_read; /* the listener's certificate list is complete */
    /* Its rules (an Application Load Balancer's HTTPS listener), by
     * priority, the default last; rules_read: the list is complete. */
    struct account_rule *rules;
    size_t nrules;
    bool rules_read;
    /* ACM certificates of the Region that cover the custom domains. */
    struct account_cover *covers;
    size_t ncovers;
    bool cert_list_read;
    /* Route 53. */
    bool zones_read; /* every public zone's records were read */
    struct account_record *records;
    size_t nrecords;
    /* Security groups. */
    enum account_access access;
    char *prefix_list_id; /* the CloudFront prefix list in the Region */
    char *access_sg;      /* the group whose rule admits CloudFront */
    struct account_error *errors;
    size_t nerrors;
};

/* What to look up for one origin: its name, port, CNAME chain, and the
 * names that a covering certificate is looked for (besides Route 53's). */
struct account_query {
    const char *name;
    unsigned port;
    const char *const *cnames; /* CNAME targets in order; the last is the end */
    size_t ncnames;
    const char *const *domains;
    size_t ndomains;
};

/* Reads the account for each query (n of them) into out[i] (zeroed by the
 * caller or fresh).  Runs the CLI on l; never fails as a whole: each call
 * that fails is an error in the origins it concerns. */
void account_read(struct loop *l, const struct awscli_opts *o, const struct account_query *q,
                  size_t n, struct account_origin *out);
void account_origin_clear(struct account_origin *a);

struct observation; /* obs.h */
/* account_read() for every origin of obs that CloudFront reaches over TLS
 * (its name, port, CNAME chain; the forwarded Host and a non-AWS origin
 * name as the domains a certificate should cover), attaching the facts to
 * obs->origins[i].account. */
void account_observe(struct loop *l, const struct awscli_opts *o, struct observation *obs);

/* ---- pure helpers and readers (unit-tested) ----------------------------- */

/* DNS names compared as Route 53 and ELB spell them: any case, a final
 * dot, a "dualstack." prefix ignored. */
bool account_same_dns(const char *a, const char *b);
/* The Region of an ARN (arn:PARTITION:SERVICE:REGION:...) into buf, or false. */
bool account_arn_region(const char *arn, char *buf, size_t size);

/* describe-load-balancers (elbv2: LoadBalancers[], elb:
 * LoadBalancerDescriptions[]): fills a's load balancer from the one whose
 * DNSName is a->lb_dns; true when found. */
bool account_read_lbs(const json_t *doc, bool classic, struct account_origin *a);
/* describe-listeners: the listener on a->port; true when found. */
bool account_read_listeners(const json_t *doc, struct account_origin *a);
/* describe-listener-certificates: a->certs (default first). */
void account_read_listener_certs(const json_t *doc, struct account_origin *a);
/* describe-rules: a->rules, by priority, the default last; a->rules_read
 * unless the answer is cut short (a NextMarker) or not a rule list. */
void account_read_rules(const json_t *doc, struct account_origin *a);
/* Does a host-header condition value match host?  ELB's rule: any case,
 * '*' any run of characters (none too), '?' exactly one.  AWS CloudFormation
 * User Guide, AWS::ElasticLoadBalancingV2::ListenerRule HostHeaderConfig
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-elasticloadbalancingv2-listenerrule-hostheaderconfig.html).
 */
bool account_host_rule_match(const char *pattern, const char *host);
/* describe-certificate: fills c (true when it is the certificate c->arn). */
bool account_read_cert(const json_t *doc, struct account_cert *c);
/* list-certificates: for each of names, an ISSUED certificate covering it
 * (DomainName or SubjectAlternativeNameSummaries) into a->covers. */
void account_read_cert_list(const json_t *doc, const char *const *names, size_t n,
                            struct account_origin *a);
/* list-hosted-zones: the public zones' ids (no "/hostedzone/") and names;
 * *n set; fresh arrays of fresh strings. */
void account_read_zones(const json_t *doc, char ***ids, char ***names, size_t *n);
/* list-resource-record-sets of zone (id, name): the records whose target
 * is a->lb_dns appended to a->records.  Also, when lb_dns is NULL and the
 * origin name has an alias or CNAME to a load balancer here, *alias_of is
 * set to its target (fresh). */
void account_read_records(const json_t *doc, const char *zone_id, const char *zone_name,
                          const char *origin, char **alias_of, struct account_origin *a);
/* describe-managed-prefix-lists: the CloudFront list's id, fresh, or NULL. */
char *account_read_prefix_list(const json_t *doc);
/* describe-security-groups: a->access for a->port among a->sgs (a's
 * prefix_list_id decides which list is CloudFront's). */
void account_read_sgs(const json_t *doc, struct account_origin *a);

/* Does an ACM name (a wildcard "*.example.com" or exact) cover host? */
bool account_name_covers(const char *pattern, const char *host);

#endif
