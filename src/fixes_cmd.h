/* The command vocabulary of the fix guides: a growing string, shell quoting,
 * and one builder per kind of command the user pastes (aws, certbot, nginx,
 * dig, openssl, curl, origin-doctor itself), each written once here and
 * nowhere else (STYLE.md 28).  fixes.c tells the story; this file spells
 * the commands.
 *
 * Contract:
 * - Every builder returns a fresh string that the caller frees (free(3)):
 *   one command line without a final newline, or for the few multi-line
 *   builders (fixes_cmd_cf_edit_origin, fixes_cmd_r53_change) several
 *   lines.  fixes_cmd_line() appends one and frees it.
 * - Every value given to a builder is a shell word of its own or a part of
 *   one, and is quoted as the shell needs (fixes_cmd_quote): nothing a value
 *   holds (quotes, spaces, $, backquotes, newlines, <, >) is ever read by
 *   the shell as syntax.  Values inside a JMESPath or jq expression are
 *   escaped for that language first, then the whole expression is quoted.
 * - A value nobody knows yet (the distribution id, an ARN...) is passed as
 *   fixes_cmd_unknown(ID) (recognised by its address, never by its text,
 *   so no input can pass for one) or, for the ARN fields below, as NULL.
 *   It is written as a reference to a shell variable of the table below,
 *   "${CERT_ARN:?}": the quotes of its word are closed around it, so the
 *   value is one word whatever it holds, and bash stops with
 *   "CERT_ARN: parameter null or not set" when nothing set it.  Builders
 *   of commands that yield such a value assign it (CERT_ARN=$(aws acm
 *   request-certificate ...)), so a step pasted whole sets what the next
 *   lines use; what only the user knows (a Region, a hosted zone) is set by
 *   hand.  No line holds a <PLACEHOLDER>, which bash would read as a
 *   redirection.
 * - Builders never read the diagnosis: what a command needs comes in its
 *   struct, and a NULL field means "left out" unless its comment says
 *   which placeholder it stands for. */
#ifndef FIXES_CMD_H
#define FIXES_CMD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------ string builder */

/* A growing string; start with {0}. */
struct fixes_cmd_buf {
    char *s;
    size_t len, cap;
};

void fixes_cmd_printf(struct fixes_cmd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fixes_cmd_vprintf(struct fixes_cmd_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The string built so far without its final newline, or NULL when empty;
 * the caller owns it and b is empty again. */
char *fixes_cmd_take(struct fixes_cmd_buf *b);
/* Appends line and a newline, and frees line (NULL: nothing). */
void fixes_cmd_line(struct fixes_cmd_buf *b, char *line);

/* ------------------------------------------------------------- quoting */

/* s as one shell word, fresh (caller frees): as it is when every byte is
 * plain (letters, digits, . _ - : / = , + @ %), in double quotes when it
 * holds a ' but nothing double quotes would expand, in bash's $'...' when
 * it holds control characters (so a command stays on one line), else in
 * single quotes ('\'' for a quote inside).  "" gives ''. */
char *fixes_cmd_quote(const char *s);

/* ------------------------------------------------------------ unknowns */

/* Values no probe can know, and the shell variable that stands for each. */
#define FIXES_CMD_UNKNOWN_TABLE(X)                                                                 \
    X(REGION, "ELB_REGION")                                                                        \
    X(ORIGIN, "ORIGIN_DOMAIN_NAME")                                                                \
    X(NAME_IN_CERT, "NAME_IN_CERTIFICATE")                                                         \
    X(DIST_ID, "DIST_ID")                                                                          \
    X(DIST_DOMAIN, "DISTRIBUTION_DOMAIN")                                                          \
    X(ETAG, "ETAG")                                                                                \
    X(LB_NAME, "LB_NAME")                                                                          \
    X(LB_ARN, "LB_ARN")                                                                            \
    X(LISTENER_ARN, "LISTENER_ARN")                                                                \
    X(TG_ARN, "TG_ARN")                                                                            \
    X(CERT_ARN, "CERT_ARN")                                                                        \
    X(CLIENT_CERT_ARN, "CLIENT_CERT_ARN")                                                          \
    X(ZONE_ID, "ZONE_ID")                                                                          \
    X(LB_ZONE_ID, "ELB_HOSTED_ZONE_ID")                                                            \
    X(LB_DNS_NAME, "ELB_DNS_NAME")                                                                 \
    X(VALIDATION_NAME, "VALIDATION_NAME")                                                          \
    X(VALIDATION_VALUE, "VALIDATION_VALUE")                                                        \
    X(SG_ID, "SG_ID")                                                                              \
    X(PL_ID, "PL_ID")

#define FIXES_CMD_X_ENUM(id, text) FIXES_CMD_U_##id,
enum fixes_cmd_unknown { FIXES_CMD_UNKNOWN_TABLE(FIXES_CMD_X_ENUM) FIXES_CMD_U_COUNT };
#undef FIXES_CMD_X_ENUM

/* The unknown id, as a static string "$CERT_ARN" (so narrative text may
 * print it) that builders recognise by address. */
const char *fixes_cmd_unknown(enum fixes_cmd_unknown u);
bool fixes_cmd_is_unknown(const char *s);

/* --------------------------------------------------- origin-doctor, DNS */

struct fixes_cmd_retest {
    const char *name;         /* origin name or IP literal (required) */
    unsigned port;            /* the policy's default (443, 80 with http-only) or 0: not written */
    const char *host;         /* --host-header, NULL: none */
    const char *min_protocol; /* --min-protocol, NULL: the default */
    const char *policy;       /* --origin-protocol-policy, NULL: https-only */
    const char *resolve;      /* an address: --resolve NAME:PORT:ADDR (DNS not live yet) */
};
/* origin-doctor [--origin-protocol-policy P] [--host-header H]
 * [--min-protocol P] [--resolve NAME:PORT:ADDR] NAME[:PORT] */
char *fixes_cmd_retest(const struct fixes_cmd_retest *r);

struct fixes_cmd_dig {
    const char *query;  /* "+trace", "+short", "NS" (a constant) */
    const char *name;   /* required */
    const char *server; /* @SERVER, NULL: the system's resolver */
};
char *fixes_cmd_dig(const struct fixes_cmd_dig *q);

/* ------------------------------------------------------------- Route 53 */

struct fixes_cmd_r53 {
    const char *zone_id; /* the user's hosted zone; NULL: "${ZONE_ID:?}" */
    const char *name;    /* zone or record name */
    const char *file;    /* change batch file name */
    const char *batch;   /* change batch JSON (fixes_cmd_r53_*_batch) */
};
/* aws route53 list-hosted-zones-by-name (name: the zone) */
char *fixes_cmd_r53_zones(const struct fixes_cmd_r53 *r);
/* aws route53 list-resource-record-sets (name: the record) */
char *fixes_cmd_r53_records(const struct fixes_cmd_r53 *r);
/* The batch written to file with a quoted heredoc, then
 * change-resource-record-sets with it (two commands, three lines and the
 * JSON's).  batch must not hold a line that is just EOF (JSON never does). */
char *fixes_cmd_r53_change(const struct fixes_cmd_r53 *r);

struct fixes_cmd_alias {
    const char *name;    /* the record to create */
    const char *lb_zone; /* the load balancer's hosted zone; NULL: "${ELB_HOSTED_ZONE_ID:?}" */
    const char *lb_dns;  /* the alias target; NULL: "${ELB_DNS_NAME:?}" */
    bool dualstack;      /* AAAA as well as A */
};
/* The change batch (JSON, UPSERT) of alias records to a load balancer; NULL
 * only when jansson runs out of memory. */
char *fixes_cmd_r53_alias_batch(const struct fixes_cmd_alias *a);
/* A CNAME change batch (UPSERT, TTL 300); NULL as above. */
char *fixes_cmd_r53_cname_batch(const char *name, const char *value, const char *comment);

/* ------------------------------------------------------ Elastic Load Balancing */

/* One load balancer (ALB, NLB: aws elbv2; Classic: aws elb) and what the
 * commands about it need.  Unknown ARNs and names may be NULL: each is then
 * its shell variable ("${LB_ARN:?}", LISTENER_ARN, TG_ARN, CERT_ARN,
 * LB_NAME, region ELB_REGION; FIXES_CMD_UNKNOWN_TABLE). */
struct fixes_cmd_elb {
    const char *region;
    const char *dns_name; /* DNSName (no dualstack.); NULL: find it by lb_name */
    const char *lb_name;  /* LoadBalancerName */
    const char *lb_arn, *listener_arn, *tg_arn, *cert_arn;
    unsigned port;                     /* listener port */
    const char *query;                 /* fields of one load balancer, JMESPath (elb_describe) */
    const char *protocol;              /* listener protocol to set (HTTPS, TLS), NULL: unchanged */
    bool certificate;                  /* modify_listener: set cert_arn as the default */
    const char *ssl_policy;            /* security policy; NULL: unchanged */
    const char *mutual_authentication; /* modify_listener: Mode=..., NULL: unchanged */
    const char *policy_name;           /* Classic: the SSL negotiation policy's name */
};
/* describe-load-balancers: query of the one with dns_name, or of lb_name */
char *fixes_cmd_elb_describe(const struct fixes_cmd_elb *e);
/* describe-load-balancers: a table of all of them in the Region */
char *fixes_cmd_elb_list(const struct fixes_cmd_elb *e);
/* Classic: aws elb describe-load-balancers, query (a field of
 * LoadBalancerDescriptions) of the one with dns_name, or of lb_name;
 * LoadBalancerName sets LB_NAME */
char *fixes_cmd_clb_describe(const struct fixes_cmd_elb *e);
/* describe-target-groups of lb_arn: name, protocol and port of each */
char *fixes_cmd_elb_target_group_protocols(const struct fixes_cmd_elb *e);
/* describe-listeners of lb_arn: port 0 a table of all, else the one on port
 * into LISTENER_ARN (NULL when listener_arn is known: nothing to look up) */
char *fixes_cmd_elb_listeners(const struct fixes_cmd_elb *e);
char *fixes_cmd_elb_target_groups(const struct fixes_cmd_elb *e);
/* describe-target-health of tg_arn */
char *fixes_cmd_elb_target_health(const struct fixes_cmd_elb *e);
/* create-listener on port forwarding to tg_arn (protocol, cert, policy) */
char *fixes_cmd_elb_create_listener(const struct fixes_cmd_elb *e);
/* modify-listener: what is set among protocol, certificate, ssl_policy and
 * mutual_authentication, in that order */
char *fixes_cmd_elb_modify_listener(const struct fixes_cmd_elb *e);
/* add-listener-certificates (an SNI certificate) and its list */
char *fixes_cmd_elb_add_certificate(const struct fixes_cmd_elb *e);
char *fixes_cmd_elb_certificates(const struct fixes_cmd_elb *e);
/* describe-rules of listener_arn: each rule's priority, the type of the
 * action that answers and its host-header values, as a table */
char *fixes_cmd_elb_rules(const struct fixes_cmd_elb *e);
/* The conditions of rule rule_arn (required, known) read back with host
 * added to its host-header values (jq), written to file, then modify-rule
 * with them: two lines, the second run only when the first succeeded. */
char *fixes_cmd_elb_rule_add_host(const struct fixes_cmd_elb *e, const char *rule_arn,
                                  const char *host, const char *file);
/* Classic: the health of its instances */
char *fixes_cmd_clb_instance_health(const struct fixes_cmd_elb *e);
/* Classic: the listener's one certificate */
char *fixes_cmd_clb_set_certificate(const struct fixes_cmd_elb *e);
/* Classic: delete the listener on port, create an HTTPS one there */
char *fixes_cmd_clb_delete_listener(const struct fixes_cmd_elb *e);
char *fixes_cmd_clb_create_listener(const struct fixes_cmd_elb *e);
/* Classic: a policy_name referring to ssl_policy, set on the port's listener */
char *fixes_cmd_clb_create_policy(const struct fixes_cmd_elb *e);
char *fixes_cmd_clb_set_policy(const struct fixes_cmd_elb *e);

/* ----------------------------------------------------------------- ACM */

struct fixes_cmd_acm {
    const char *region;      /* NULL: "${ELB_REGION:?}" */
    const char *cert_arn;    /* NULL: "${CERT_ARN:?}" */
    const char *domain;      /* request: --domain-name */
    const char *san;         /* request: a second name, NULL: none */
    const char *const *sans; /* request: more names after san */
    size_t nsans;
    const char *key_algorithm; /* request: NULL: ACM's default */
    bool reimport;             /* import: to cert_arn (a renewal), not a new one */
    const char *certificate;   /* import: files; NULL: Certificate.pem, */
    const char *chain;         /*   CertificateChain.pem, */
    const char *private_key;   /*   PrivateKey.pem */
    bool client;               /* import: sets CLIENT_CERT_ARN to the new ARN */
};
/* request-certificate (DNS validation), printing the new ARN */
char *fixes_cmd_acm_request(const struct fixes_cmd_acm *a);
/* describe-certificate: the validation records */
char *fixes_cmd_acm_validation(const struct fixes_cmd_acm *a);
char *fixes_cmd_acm_wait_validated(const struct fixes_cmd_acm *a);
/* describe-certificate: the status */
char *fixes_cmd_acm_status(const struct fixes_cmd_acm *a);
char *fixes_cmd_acm_import(const struct fixes_cmd_acm *a);
char *fixes_cmd_acm_list(const struct fixes_cmd_acm *a);

/* ------------------------------------------------------------ CloudFront */

/* Managed origin request policies (AWS's "Use managed origin request
 * policies"; CLOUDFRONT.md): every viewer header with Host, and every one
 * but Host. */
#define FIXES_CMD_POLICY_ALL_VIEWER "216adef6-5c7f-47e4-b989-5492eafa07d3"
#define FIXES_CMD_POLICY_ALL_VIEWER_EXCEPT_HOST "b689b0a8-53d0-40ab-baf2-68738e2966ac"

struct fixes_cmd_cf {
    const char *dist_id;   /* NULL: $DIST_ID, looked up by origin */
    const char *origin;    /* edit: the DomainName that selects the origin */
    const char *origin_id; /* edit: the origin's Id, which selects it instead when set */
    /* edit: what to set; NULL (0) leaves it as it is */
    const char *domain;
    const char *protocol_policy;
    const char *const *ssl_protocols;
    size_t nssl_protocols;
    const char *client_cert_arn; /* OriginMtlsConfig.ClientCertificateArn */
    /* edit_host: the behaviours to change, by PathPattern ("*": the default) */
    const char *const *behaviors;
    size_t nbehaviors;
    /* create-vpc-origin */
    const char *lb_arn; /* NULL: "${LB_ARN:?}" */
    unsigned https_port;
    unsigned http_port; /* 0: 80 */
};
/* get-distribution-config: a table of the origins and their ports */
char *fixes_cmd_cf_origins(const struct fixes_cmd_cf *f);
/* Save the config, read its ETag, change the origin with jq, upload it,
 * wait: five commands and a comment line.  The origin is selected by
 * origin_id when set, else by origin (its DomainName); when none matches,
 * jq stops with an error and nothing is uploaded (the update runs only
 * after jq succeeded).  The ETag is read from the config saved in the same
 * step, never taken from etag when dist.json is read again: an update
 * must carry the ETag of the config it was made from. */
char *fixes_cmd_cf_edit_origin(const struct fixes_cmd_cf *f);
/* The same for behaviours: those of f->behaviors get the viewer's Host
 * forwarded (forward) or no longer forwarded.  A behaviour with a cache
 * policy gets the managed origin request policy AllViewer (forward) or
 * AllViewerExceptHostHeader; a legacy one (ForwardedValues, no cache
 * policy) gets Host added to or removed from its headers.  A path pattern the config does
 * not have, or a legacy behaviour forwarding every header ("*") asked to
 * stop, makes jq stop with an error, and nothing is uploaded. */
char *fixes_cmd_cf_edit_host(const struct fixes_cmd_cf *f, bool forward);
/* create-vpc-origin for lb_arn on https_port and http_port, with
 * protocol_policy (NULL: https-only) and ssl_protocols (none: TLSv1.2) */
char *fixes_cmd_cf_create_vpc_origin(const struct fixes_cmd_cf *f);

/* ---------------------------------------------------------------- EC2 */

struct fixes_cmd_ec2 {
    const char *region;      /* NULL: "${ELB_REGION:?}" */
    const char *prefix_list; /* managed prefix list name */
    const char *pl_id;       /* its id; NULL: "${PL_ID:?}" */
    const char *sg_id;       /* NULL: "${SG_ID:?}" */
    const char *address;     /* instance public IPv4 address */
    unsigned port;
};
/* PL_ID from the prefix list's name; NULL when pl_id is known */
char *fixes_cmd_ec2_prefix_list(const struct fixes_cmd_ec2 *e);
/* describe-instances: the security groups of the one with address */
char *fixes_cmd_ec2_instance_groups(const struct fixes_cmd_ec2 *e);
/* authorize-security-group-ingress: TCP port from pl_id */
char *fixes_cmd_ec2_allow_prefix_list(const struct fixes_cmd_ec2 *e);

/* ------------------------------------------------------- on the server */

/* certbot certonly --webroot for domain */
char *fixes_cmd_certbot(const char *webroot, const char *domain);
/* nginx -t && nginx -s reload */
char *fixes_cmd_nginx_reload(void);
/* What listens on the TCP port (ss) */
char *fixes_cmd_listening(unsigned port);
/* cat files... > out */
char *fixes_cmd_cat(const char *const *files, size_t nfiles, const char *out);
/* The HTTP status a plain-HTTP request to host:port gets */
char *fixes_cmd_curl_http_status(const char *host, unsigned port);
/* curl -sI of a distribution's domain (NULL: $DISTRIBUTION_DOMAIN) */
char *fixes_cmd_curl_viewer(const char *domain);
/* curl -sI https://HOST PATH (host NULL: $DISTRIBUTION_DOMAIN; path
 * starting with /, NULL: /) */
char *fixes_cmd_curl_head(const char *host, const char *path);
/* DISTRIBUTION_DOMAIN=$(...): the *.cloudfront.net name of the
 * distribution whose origins hold origin */
char *fixes_cmd_cf_domain_lookup(const char *origin);
/* aws --version: which CLI runs the commands */
char *fixes_cmd_cli_version(void);
/* openssl s_client to address:port (sni NULL: none), printing the
 * certificate's subject, issuer, end date and fingerprint */
char *fixes_cmd_peer_cert(const char *address, unsigned port, const char *sni);
/* openssl s_client -showcerts to address:port (sni NULL: none), saving
 * the certificates as the server sends them: #0 in sent0.pem, #1 in
 * sent1.pem, ... */
char *fixes_cmd_save_chain(const char *address, unsigned port, const char *sni);
/* VAR=VALUE, the value quoted as one word: a value the account told,
 * set where a look-up would otherwise set it. */
char *fixes_cmd_assign(const char *var, const char *value);
/* "# text", one comment line per line of text; control characters shown
 * as \xNN, so a comment never ends early into a command. */
char *fixes_cmd_comment(const char *text);

#endif
