#include "config.h"

/* Fix guides: one guide per fix kind that an error or warning finding of a
 * diagnosed origin points to, each expanding into steps with the exact aws
 * CLI commands (CLOUDFRONT.md §12), filled in with the names the diagnosis
 * found and shell variables for what no probe can know (distribution id,
 * ETag, ARNs).  Pure: reads the diagnosis, never the network.  This file
 * is the narrative (which steps, in what order, why); every command is
 * spelled by a builder of fixes_cmd.c. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account.h"
#include "fixes.h"
#include "fixes_cmd.h"
#include "i18n.h"
#include "sanitize.h"
#include "xmalloc.h"

/* The custom domain when no candidate was found: a placeholder the user
 * replaces, spelled like a real name so the commands read naturally. */
#define PLACEHOLDER_DOMAIN "origin.example.com"
/* A security policy that keeps TLS 1.2 (CloudFront never speaks TLS 1.3 to
 * origins, so a TLS 1.3-only policy would lock it out: CLOUDFRONT.md §3.2). */
#define ELB_TLS_POLICY "ELBSecurityPolicy-TLS13-1-2-2021-06"
#define CLB_TLS_POLICY "ELBSecurityPolicy-TLS-1-2-2017-01"
#define CF_PREFIX_LIST "com.amazonaws.global.cloudfront.origin-facing"
/* nginx suites that are all among CloudFront's 16 (CLOUDFRONT.md §4). */
#define NGINX_CIPHERS                                                                              \
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"                                   \
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"
/* Where certbot's webroot plugin writes its challenge files (nginx's default root). */
#define WEBROOT "/var/www/html"
/* Lines of a list shown in an explanation (names, addresses) before "and N more". */
#define LIST_MAX 10

/* Short local names for fixes_cmd's string builder, which every line of
 * the narrative below uses. */
#define sbuf fixes_cmd_buf
#define sb_printf fixes_cmd_printf
#define sb_take fixes_cmd_take

/* Shorter names for the unknowns the guides name themselves. */
#define UNKNOWN(id) fixes_cmd_unknown(FIXES_CMD_U_##id)

/* What one guide leaves for the guides after it.  The guides run in the
 * order of guides[] on one ctx; each may read what an earlier one wrote. */
struct guide_state {
    /* The name an earlier step already requested an ACM certificate for
     * (custom domain or name mismatch), so that guide_cert does not
     * request a second one; NULL: none yet. */
    const char *acm_name;
    /* The Origin Domain Name once the steps so far are done: the origin's
     * own name until step_cloudfront_origin points the origin at the
     * custom domain.  Later re-tests and CloudFront edits select by it. */
    const char *current;
    /* step_terminate ran: the listener terminates TLS with the ACM
     * certificate (no second terminate step, no SNI attach before it). */
    bool terminated;
};

/* Everything a guide needs, worked out once (ctx_init), and the state the
 * guides pass on (st). */
struct ctx {
    struct diag_origin *d;
    const struct target_settings *s;
    const char *origin; /* Origin Domain Name, or a placeholder */
    unsigned port;      /* the port CloudFront connects to (target_port) */
    enum target_policy policy;
    enum target_proto min_proto; /* the origin's Minimum Origin SSL Protocol */
    const char *host;            /* forwarded Host header, or NULL */
    const char *checked; /* the name CloudFront checks (target_checked_name), or a placeholder */
    const char *domain;  /* the custom domain: first candidate, or the placeholder */
    bool have_candidate;
    bool domain_covered; /* the served certificate covers domain (and host) */
    const char *region;  /* Region, or UNKNOWN(REGION) (prints "${ELB_REGION:?}") */
    bool is_lb;          /* ALB, CLB or NLB name */
    const char *lb_dns;  /* DNSName as ELB reports it (no dualstack.), "" if not an LB */
    char lb_dns_buf[256];
    char lb_name[64]; /* LoadBalancerName guessed from the DNS name, "" unknown */
    const char *sni;  /* what CloudFront sends as SNI, NULL for IP literals */
    /* What is known beyond the probe (facts.h); never NULL (empty facts
     * when nothing is known). */
    const struct origin_facts *facts;
    const char *dist_id;     /* the distribution's id, NULL: looked up by origin name */
    const char *origin_id;   /* the origin's Id in it, NULL: select by DomainName */
    const char *dist_domain; /* its *.cloudfront.net name, NULL: unknown */
    /* What the account says (account.h), each NULL when unknown: then the
     * commands look it up or name its shell variable. */
    const char *lb_arn, *listener_arn, *lb_zone, *sg_id, *pl_id;
    const char *acct_lb_name, *acct_lb_dns;
    const char *acct_lb_type; /* application, network, classic... */
    const char *zone_id;      /* the user's hosted zone holding the custom domain */
    const char *issued_arn;   /* an ISSUED ACM certificate that covers the domain (and Host) */
    bool acm_known;           /* the last certificate "requested" is issued_arn */
    struct guide_state st;
};

static const struct origin_facts no_facts;

/* A name that can go into a shell command unquoted: host names, IP
 * literals.  Anything else (a certificate name is network text) is kept
 * out of commands. */
static bool
shell_safe(const char *s)
{
    size_t i;

    if (!s || !s[0] || strlen(s) > 253)
        return false;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
          (s[0] >= '0' && s[0] <= '9')))
        return false;
    for (i = 0; s[i]; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == ':'))
            return false;
    }
    return true;
}

static bool
has_finding(const struct diag_origin *d, enum finding_id id)
{
    size_t i;

    for (i = 0; i < d->nfindings; i++)
        if (d->findings[i].id == id)
            return true;
    return false;
}

/* Does the leaf certificate the origin served cover name?  Only the names
 * that count: SAN dNSNames, or the CN when there is no SAN. */
static bool
leaf_names_cover(const struct diag_origin *d, const char *name)
{
    size_t i;

    for (i = 0; i < d->names.nrows; i++) {
        const struct name_row *r = &d->names.rows[i];

        if (!r->name || r->kind == NAME_SAN_IP || (r->kind == NAME_CN && d->names.has_san))
            continue;
        if (names_match(r->name, name, NULL))
            return true;
    }
    return false;
}

/* ELB DNS names are "<name>-<id>": the id is digits (ALB, CLB) or hex
 * (NLB).  The guess is only used where the CLI wants the name itself. */
static void
guess_lb_name(struct ctx *c)
{
    const char *n = c->d->aws.lb_name, *dash = strrchr(n, '-');
    size_t i;

    c->lb_name[0] = '\0';
    if (!dash || dash == n || !dash[1])
        return;
    for (i = 1; dash[i]; i++)
        if (!((dash[i] >= '0' && dash[i] <= '9') || (dash[i] >= 'a' && dash[i] <= 'f')))
            return;
    snprintf(c->lb_name, sizeof c->lb_name, "%.*s", (int)(dash - n), n);
}

/* An ARN or id from the account that can go into a command: printable
 * ASCII without spaces or quotes (the builders quote it anyway). */
static const char *
acct_value(const char *s)
{
    size_t i;

    if (!s || !*s || strlen(s) > 2048)
        return NULL;
    for (i = 0; s[i]; i++)
        if (s[i] <= ' ' || s[i] >= 0x7f || s[i] == '\'' || s[i] == '"' || s[i] == '\\' ||
            s[i] == '`' || s[i] == '$')
            return NULL;
    return s;
}

/* The account's facts about this origin's load balancer, certificates and
 * zones (d->obs->account), so that commands write them literally. */
static void
ctx_account(struct ctx *c)
{
    const struct account_origin *a = c->facts->account ? c->facts->account : c->d->obs->account;
    size_t i, k;

    if (!a)
        return;
    if (a->lb_found) {
        if (!c->d->aws.region[0] && a->region[0])
            c->region = a->region;
        c->lb_arn = acct_value(a->lb_arn);
        c->lb_zone = acct_value(a->lb_zone);
        c->acct_lb_name = acct_value(a->lb_name);
        c->acct_lb_type = a->lb_type;
        c->acct_lb_dns = shell_safe(a->lb_dns_name) ? a->lb_dns_name : NULL;
        if (a->listener_found)
            c->listener_arn = acct_value(a->listener_arn);
        /* The group that admits CloudFront, else the first. */
        c->sg_id = acct_value(a->access_sg ? a->access_sg : a->nsgs ? a->sgs[0] : NULL);
        c->pl_id = acct_value(a->prefix_list_id);
    }
    for (i = 0; i < a->nrecords; i++)
        if (strcasecmp(a->records[i].name, c->domain) == 0)
            c->zone_id = acct_value(a->records[i].zone_id);
    /* A certificate already ISSUED for the custom domain (and the forwarded
     * Host, by the same certificate). */
    for (i = 0; i < a->ncovers && !c->issued_arn; i++) {
        bool host_too = !c->host || strcasecmp(c->host, c->domain) == 0;
        if (!a->covers[i].arn || strcasecmp(a->covers[i].name, c->domain) != 0)
            continue;
        for (k = 0; !host_too && k < a->ncovers; k++)
            host_too = a->covers[k].arn && strcmp(a->covers[k].arn, a->covers[i].arn) == 0 &&
                       strcasecmp(a->covers[k].name, c->host) == 0;
        if (host_too)
            c->issued_arn = acct_value(a->covers[i].arn);
    }
}

static void
ctx_init(struct ctx *c, struct diag_origin *d, const struct target_settings *s, const char *chosen)
{
    const struct target *t = &d->obs->target;
    const struct awsname *aws = &d->aws;
    size_t i;

    memset(c, 0, sizeof *c);
    c->d = d;
    c->s = s;
    c->origin = shell_safe(t->name) ? t->name : UNKNOWN(ORIGIN);
    c->port = target_port(t);
    c->policy = t->policy;
    c->min_proto = target_min_proto(t);
    c->host = shell_safe(t->host_header) ? t->host_header : NULL;
    c->checked = shell_safe(target_checked_name(t)) ? target_checked_name(t) : c->origin;
    c->have_candidate = d->ncandidates > 0 && shell_safe(d->candidates[0].name);
    c->domain = c->have_candidate ? d->candidates[0].name : PLACEHOLDER_DOMAIN;
    if (chosen && shell_safe(chosen)) {
        /* The user's choice: a candidate (it points here) or a typed name. */
        c->domain = chosen;
        c->have_candidate = false;
        for (i = 0; i < d->ncandidates; i++)
            if (strcasecmp(d->candidates[i].name, chosen) == 0)
                c->have_candidate = true;
    }
    c->domain_covered = c->have_candidate && leaf_names_cover(d, c->domain) &&
                        (!c->host || leaf_names_cover(d, c->host));
    c->region = aws->region[0] ? aws->region : UNKNOWN(REGION);
    c->is_lb = aws->kind == AWSNAME_ELB || aws->kind == AWSNAME_NLB;
    c->lb_dns = "";
    if (c->is_lb) {
        const char *a = aws->alias_target;

        if (aws->kind == AWSNAME_ELB && strncmp(a, "dualstack.", 10) == 0)
            a += 10;
        snprintf(c->lb_dns_buf, sizeof c->lb_dns_buf, "%s", a);
        c->lb_dns = c->lb_dns_buf;
        guess_lb_name(c);
    }
    c->st.current = c->origin;
    if (target_sni(t))
        c->sni = c->checked;
    c->facts = d->facts ? d->facts : &no_facts;
    c->dist_id = c->facts->dist_id;
    c->origin_id = c->facts->origin_id;
    c->dist_domain = c->facts->dist_domain;
    ctx_account(c);
}

/* "origin-doctor [--origin-protocol-policy P] [-H HOST] [--min-protocol P]
 * NAME[:PORT]", fresh. */
static char *
retest_cmd(const struct ctx *c, const char *name, const char *host, bool keep_min)
{
    struct fixes_cmd_retest r = {.name = name, .port = c->port, .host = host};

    if (c->policy != POLICY_HTTPS_ONLY)
        r.policy = target_policy_name(c->policy);
    if (keep_min && c->min_proto != TARGET_TLS12 && c->policy != POLICY_HTTP_ONLY)
        r.min_protocol = target_proto_name(c->min_proto);
    return fixes_cmd_retest(&r);
}

/* The origin's probed addresses, comma separated (at most LIST_MAX), for
 * --resolve while a new name's DNS is not live; "" when none. */
static void
probed_addresses(const struct ctx *c, char *buf, size_t size)
{
    size_t a, n = 0, len = 0;

    buf[0] = '\0';
    for (a = 0; a < c->d->obs->naddrs && n < LIST_MAX; a++) {
        const char *t = c->d->obs->addrs[a].text;

        if (!c->d->obs->addrs[a].probed || !shell_safe(t) || len + strlen(t) + 2 > size)
            continue;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", n ? "," : "", t);
        n++;
    }
}

/* The usual "how to check": re-run origin-doctor on the origin as it is
 * (same name, Host and protocol floor). */
static char *
verify_retest(const struct ctx *c)
{
    char *cmd = retest_cmd(c, c->st.current, c->host, true), *v;

    v = xasprintf(_("Re-test: every address must complete CloudFront's handshake.\n%s"), cmd);
    free(cmd);
    return v;
}

/* The path of a viewer request that reaches this origin: "/" when the
 * default behaviour does (or nothing is known), else the first path
 * pattern up to its first wildcard (/api/ for the pattern of /api/ and a star). */
static void
viewer_path(const struct ctx *c, char *buf, size_t size)
{
    const char *p = NULL;
    size_t i, n;

    for (i = 0; i < c->facts->nbehaviors; i++)
        if (strcmp(c->facts->behaviors[i], "*") == 0)
            break;
    if (i == c->facts->nbehaviors && c->facts->nbehaviors)
        p = c->facts->behaviors[0];
    if (!p) {
        snprintf(buf, size, "/");
        return;
    }
    n = strcspn(p, "*?");
    snprintf(buf, size, "%s%.*s", p[0] == '/' ? "" : "/", (int)n, p);
}

/* The viewer request that shows CloudFront's side: the URL the user gave,
 * else https://HOST/PATH, HOST the forwarded Host (the viewer's domain,
 * which CloudFront passes on as it is) or else the distribution's own name
 * (looked up by the Origin Domain Name origin when not known). */
static void
cmd_viewer_request(struct sbuf *b, const struct ctx *c, const char *origin)
{
    const char *host = c->host ? c->host : c->dist_domain;
    char path[256];

    if (c->s && c->s->viewer_url) {
        char *q = fixes_cmd_quote(c->s->viewer_url);

        sb_printf(b, "curl -sI %s\n", q);
        free(q);
        return;
    }
    if (!host)
        fixes_cmd_line(b, fixes_cmd_cf_domain_lookup(origin));
    viewer_path(c, path, sizeof path);
    fixes_cmd_line(b, fixes_cmd_curl_head(host, path));
}

/* The check through the distribution, for what origin-doctor cannot try
 * itself (or, behind a prefix list, is not let in to try); origin is the
 * Origin Domain Name once the step is done. */
static char *
verify_viewer(const struct ctx *c, const char *origin)
{
    struct sbuf cmd = {0};
    char *text, *v;

    cmd_viewer_request(&cmd, c, origin);
    text = sb_take(&cmd);
    /* TRANSLATORS: %s is a curl command (one or two lines). */
    v = xasprintf(_("Through CloudFront, once the distribution is deployed: the answer is no "
                    "longer 502 or 504 with X-Cache: Error from cloudfront (a cached error can "
                    "last the error caching minimum TTL, 10 s by default):\n%s"),
                  text);
    free(text);
    return v;
}

static void
add_step(struct diag_origin *d, enum fix_kind kind, char *title, char *why, char *commands,
         char *verify)
{
    struct fix_step *f;

    d->fixes = xreallocarray(d->fixes, d->nfixes + 1, sizeof *d->fixes);
    f = &d->fixes[d->nfixes++];
    f->kind = kind;
    f->title = title;
    f->why = why;
    f->commands = commands;
    f->verify = verify;
}

/* Network text (certificate names and subjects), sanitized, for explanations. */
static void
sb_sanitized(struct sbuf *b, const char *s)
{
    char *clean = sanitize(s ? s : "");

    sb_printf(b, "%s", clean);
    free(clean);
}

/* What the ELB commands need about this origin's load balancer. */
static struct fixes_cmd_elb
elb_of(const struct ctx *c)
{
    struct fixes_cmd_elb e = {.region = c->region, .port = c->port};

    if (c->is_lb)
        e.dns_name = c->lb_dns;
    else if (c->acct_lb_dns)
        e.dns_name = c->acct_lb_dns;
    if (c->acct_lb_name)
        e.lb_name = c->acct_lb_name;
    else if (c->lb_name[0])
        e.lb_name = c->lb_name;
    e.lb_arn = c->lb_arn;
    e.listener_arn = c->listener_arn;
    /* The certificate is ${CERT_ARN:?}: the step that "requests" it sets
     * the variable (to the account's ISSUED one, literally, when there is
     * one), and a later request for another name sets it again. */
    return e;
}

static struct fixes_cmd_acm
acm_of(const struct ctx *c)
{
    return (struct fixes_cmd_acm){.region = c->region};
}

static struct fixes_cmd_ec2
ec2_of(const struct ctx *c)
{
    return (struct fixes_cmd_ec2){.region = c->region,
                                  .prefix_list = CF_PREFIX_LIST,
                                  .port = c->port,
                                  .sg_id = c->sg_id,
                                  .pl_id = c->pl_id};
}

/* Look up one field of this load balancer.  ELB may spell the DNS name
 * with capitals (from the name), so when the filter finds nothing, list
 * them all. */
static void
cmd_lb_lookup(struct sbuf *b, const struct ctx *c, const char *field, bool fallback)
{
    struct fixes_cmd_elb e = elb_of(c);

    /* The same field of a Classic Load Balancer (aws elb); none for the
     * hosted zone, which a Region's ALBs and CLBs share. */
    static const struct {
        const char *v2, *classic;
    } classic[] = {
        {"LoadBalancerArn", "LoadBalancerName"},
        {"[LoadBalancerArn,Scheme]", "[LoadBalancerName,Scheme]"},
        {"[LoadBalancerArn,Type]", "LoadBalancerName"},
        {"[LoadBalancerName,State.Code]", "LoadBalancerName"},
        {"SecurityGroups", "SecurityGroups"},
    };
    size_t i;

    /* Known from the account: the commands below write it literally. */
    if ((strcmp(field, "LoadBalancerArn") == 0 && c->lb_arn) ||
        (strcmp(field, "SecurityGroups") == 0 && c->sg_id))
        return;
    if (strcmp(field, "CanonicalHostedZoneId") == 0 && c->lb_zone) {
        fixes_cmd_line(b, fixes_cmd_assign("ELB_HOSTED_ZONE_ID", c->lb_zone));
        return;
    }
    e.query = field;
    fixes_cmd_line(b, fixes_cmd_elb_describe(&e));
    if (c->is_lb && fallback) {
        fixes_cmd_line(b, fixes_cmd_comment(_("if that prints nothing, find it in the list of all "
                                              "of them:")));
        fixes_cmd_line(b, fixes_cmd_elb_list(&e));
    }
    /* An NLB is never Classic; an ELB name may be either.  Without its DNS
     * name (not a load balancer's name) there is nothing to look up by.
     * The account may have told which it is. */
    if (c->d->aws.kind != AWSNAME_ELB ||
        (c->acct_lb_type && strcmp(c->acct_lb_type, "classic") != 0))
        return;
    for (i = 0; i < sizeof classic / sizeof classic[0]; i++)
        if (strcmp(classic[i].v2, field) == 0) {
            fixes_cmd_line(b, fixes_cmd_comment(_("a Classic Load Balancer is listed by aws elb, "
                                                  "not elbv2:")));
            e.query = classic[i].classic;
            fixes_cmd_line(b, fixes_cmd_clb_describe(&e));
            return;
        }
}

/* The health of the targets behind the load balancer (elbv2), and of a
 * Classic one's instances (aws elb). */
static void
cmd_target_health(struct sbuf *b, const struct ctx *c)
{
    struct fixes_cmd_elb e = elb_of(c);

    fixes_cmd_line(b, fixes_cmd_elb_target_groups(&e));
    fixes_cmd_line(b, fixes_cmd_elb_target_health(&e));
    if (c->d->aws.kind != AWSNAME_NLB) {
        fixes_cmd_line(b, fixes_cmd_comment(_("a Classic Load Balancer: its instances")));
        fixes_cmd_line(b, fixes_cmd_clb_instance_health(&e));
    }
}

static void
cmd_describe_listeners(struct sbuf *b, const struct ctx *c)
{
    struct fixes_cmd_elb e = elb_of(c);

    e.port = 0; /* all of them */
    fixes_cmd_line(b, fixes_cmd_elb_listeners(&e));
}

/* What every CloudFront command needs: the distribution (its id when
 * known, else the look-up by the origin's name old) and the origin (its
 * Id when known, which stays right after its DomainName changed). */
static struct fixes_cmd_cf
cf_of(const struct ctx *c, const char *old)
{
    return (struct fixes_cmd_cf){.dist_id = c->dist_id, .origin = old, .origin_id = c->origin_id};
}

/* Save the distribution config, edit the origin selected by its Id or
 * current name old, upload it; f holds the edit. */
static void
cmd_cloudfront_edit(struct sbuf *b, const struct ctx *c, const char *old, struct fixes_cmd_cf f)
{
    struct fixes_cmd_cf where = cf_of(c, old);

    f.dist_id = where.dist_id;
    f.origin = where.origin;
    f.origin_id = where.origin_id;
    fixes_cmd_line(b, fixes_cmd_cf_edit_origin(&f));
}

/* The behaviours (path patterns) that reach this origin's probe, for
 * explanations, comma separated, the default one named. */
static void
sb_behaviors(struct sbuf *b, const struct ctx *c)
{
    size_t i;

    for (i = 0; i < c->facts->nbehaviors; i++) {
        const char *p = c->facts->behaviors[i];

        sb_printf(b, "%s", i ? ", " : "");
        sb_sanitized(b, p);
        if (strcmp(p, "*") == 0)
            sb_printf(b, " %s", _("(the default behaviour)"));
    }
}

/* Forward the viewer's Host (or stop) on the behaviours that reach this
 * probe, selected by their path patterns. */
static void
cmd_host_edit(struct sbuf *b, const struct ctx *c, bool forward)
{
    /* Forwarding is the alternative to changing the origin: it keeps its
     * own name. */
    struct fixes_cmd_cf f = cf_of(c, forward ? c->origin : c->st.current);

    f.behaviors = c->facts->behaviors;
    f.nbehaviors = c->facts->nbehaviors;
    fixes_cmd_line(b, fixes_cmd_cf_edit_host(&f, forward));
}

/* A change batch file written with a heredoc, then applied; frees batch. */
static void
cmd_route53_change(struct sbuf *b, const struct ctx *c, const char *file, char *batch)
{
    struct fixes_cmd_r53 r = {.zone_id = c->zone_id, .file = file, .batch = batch};

    if (batch)
        fixes_cmd_line(b, fixes_cmd_r53_change(&r));
    free(batch);
}

/* The commands after this need an AWS CLI newer than Debian 12's (awscli
 * 2.9.19, which lacks them: checked against it); since says from when. */
static void cmd_comment(struct sbuf *b, const char *text);

static void
cmd_cli_newer(struct sbuf *b, const char *feature, const char *since)
{
    char *text =
        /* TRANSLATORS: first %s is a feature (VPC origins), second a date (November 2024). */
        xasprintf(_("%s needs an AWS CLI from %s or later, newer than Debian 12's awscli 2.9.19 "
                    "(which lacks it): check with aws --version"),
                  feature, since);

    cmd_comment(b, text);
    free(text);
    fixes_cmd_line(b, fixes_cmd_cli_version());
}

/* A comment line in the commands. */
static void
cmd_comment(struct sbuf *b, const char *text)
{
    fixes_cmd_line(b, fixes_cmd_comment(text));
}

/* Change the distribution only once the new origin name passes: the
 * re-test (through --resolve when resolve, its DNS not live yet), and the
 * edit inside "if ...; then ... fi", so that a step pasted whole changes
 * nothing while the re-test fails. */
static void cmd_host_edit(struct sbuf *b, const struct ctx *c, bool forward);
static void step_terminate(struct ctx *c, const char *name, struct sbuf *why, bool new_name);

/* The end of "if RETEST; then ...": a failing re-test says that nothing
 * was changed, and the step fails. */
static void
cmd_gate_end(struct sbuf *b)
{
    char *msg = fixes_cmd_quote(_("the re-test fails: the distribution was not changed"));

    sb_printf(b, "else\n  echo %s >&2\n  false\nfi\n", msg);
    free(msg);
}

static void
cmd_retest_then_edit(struct sbuf *b, const struct ctx *c, const char *name, const char *host,
                     bool keep_min, bool resolve, const char *old, struct fixes_cmd_cf f)
{
    struct fixes_cmd_retest r = {.name = name, .port = c->port, .host = host};
    char addrs[512], *rt;

    if (c->policy != POLICY_HTTPS_ONLY)
        r.policy = target_policy_name(c->policy);
    if (keep_min && c->min_proto != TARGET_TLS12 && c->policy != POLICY_HTTP_ONLY)
        r.min_protocol = target_proto_name(c->min_proto);
    probed_addresses(c, addrs, sizeof addrs);
    if (resolve && addrs[0])
        r.resolve = addrs;
    rt = fixes_cmd_retest(&r);
    cmd_comment(b, _("first the new origin name must pass the re-test; only then is the "
                     "distribution changed:"));
    if (r.resolve)
        cmd_comment(b, _("(--resolve: the new record may not be live yet; the addresses are the "
                         "origin's, which the new name points to)"));
    sb_printf(b, "if %s; then\n", rt);
    free(rt);
    cmd_cloudfront_edit(b, c, old, f);
    /* The re-test ran without the forwarded Host: stop forwarding it. */
    if (c->host && !host)
        cmd_host_edit(b, c, false);
    cmd_gate_end(b);
}

static void cmd_nginx_conf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A line of nginx configuration, shown as a comment: the user edits the
 * file, there is nothing to run. */
static void
cmd_nginx_conf(struct sbuf *b, const char *fmt, ...)
{
    struct sbuf line = {0};
    va_list ap;
    char *text;

    sb_printf(&line, "  ");
    va_start(ap, fmt);
    fixes_cmd_vprintf(&line, fmt, ap);
    va_end(ap);
    text = sb_take(&line);
    cmd_comment(b, text);
    free(text);
}

char *
fixes_route53_batch(const struct awsname *aws, const char *name)
{
    struct fixes_cmd_alias a = {.name = name};

    if (!aws || !name || (aws->kind != AWSNAME_ELB && aws->kind != AWSNAME_NLB))
        return NULL;
    a.lb_zone = aws->hosted_zone;
    a.lb_dns = aws->alias_target[0] ? aws->alias_target : NULL;
    a.dualstack = aws->dualstack;
    return fixes_cmd_r53_alias_batch(&a);
}

/* ------------------------------------------------------------------ DNS */

/* The zone a name probably lives in: the name minus its first label. */
static const char *
parent_zone(const char *name)
{
    const char *dot = strchr(name, '.');

    return dot && strchr(dot + 1, '.') ? dot + 1 : name;
}

static void
guide_dns(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    const char *zone = parent_zone(c->origin);
    char *rt, *dig, *v;

    sb_printf(&why, _("CloudFront resolves the Origin Domain Name with public DNS. The record must "
                      "be in the public hosted zone of the domain (CloudFront never sees a Route "
                      "53 private hosted zone), and the parent zone must delegate to the name "
                      "servers that hold it.\n"));
    if (has_finding(c->d, F_DNS_NXDOMAIN))
        sb_printf(&why, _("The name does not exist: check Origin Domain Name for a typo, or create "
                          "the record.\n"));
    if (has_finding(c->d, F_DNS_NO_ADDRESS))
        sb_printf(&why, _("The name exists but has no A or AAAA record: add one (an alias record "
                          "when it points to a load balancer).\n"));
    if (has_finding(c->d, F_DNS_FAILURE))
        sb_printf(&why, _("The resolver failed: follow the delegation with dig +trace to find the "
                          "broken step (lame name servers, DNSSEC).\n"));
    if (c->is_lb)
        sb_printf(&why, _("For a load balancer name, check that the load balancer still "
                          "exists.\n"));

    fixes_cmd_line(&cmd, fixes_cmd_dig(&(struct fixes_cmd_dig){"+trace", c->origin, NULL}));
    fixes_cmd_line(&cmd, fixes_cmd_dig(&(struct fixes_cmd_dig){"NS", zone, NULL}));
    /* An AWS-owned name lives in AWS's zones, not the user's. */
    if (c->d->aws.kind == AWSNAME_NONE) {
        fixes_cmd_line(&cmd, fixes_cmd_r53_zones(&(struct fixes_cmd_r53){.name = zone}));
        fixes_cmd_line(&cmd, fixes_cmd_r53_records(&(struct fixes_cmd_r53){.name = c->origin}));
    }
    if (c->is_lb)
        cmd_lb_lookup(&cmd, c, "[LoadBalancerName,State.Code]", true);

    rt = retest_cmd(c, c->origin, c->host, true);
    dig = fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", c->origin, "1.1.1.1"});
    /* TRANSLATORS: the first %s is a dig command, the second an origin-doctor re-test. */
    v = xasprintf(_("A public resolver returns addresses for the name, then the re-test gets past "
                    "DNS:\n%s\n%s"),
                  dig, rt);
    free(dig);
    free(rt);
    add_step(c->d, FIX_DNS,
             /* TRANSLATORS: %s is the Origin Domain Name (a host name). */
             xasprintf(_("Make %s resolve in public DNS"), c->origin), sb_take(&why), sb_take(&cmd),
             v);
}

/* --------------------------------------------------------- reachability */

/* Addresses (deduplicated, in probe order) that findings of these ids name. */
static void
sb_addresses(struct sbuf *b, const struct diag_origin *d, const enum finding_id *ids, size_t nids)
{
    size_t a, i, k, shown = 0, more = 0;

    for (a = 0; a < d->obs->naddrs; a++) {
        bool hit = false;

        for (i = 0; i < d->nfindings && !hit; i++)
            for (k = 0; k < nids; k++)
                if (d->findings[i].id == ids[k] && d->findings[i].addr == (int)a)
                    hit = true;
        if (!hit)
            continue;
        if (shown < LIST_MAX) {
            sb_printf(b, "%s%s", shown ? ", " : "", d->obs->addrs[a].text);
            shown++;
        } else {
            more++;
        }
    }
    if (more)
        /* TRANSLATORS: after a list of addresses, "and 3 more". */
        sb_printf(b, _(" and %zu more"), more);
}

static void
step_private(struct ctx *c)
{
    static const enum finding_id ids[] = {F_NET_PRIVATE};
    struct sbuf why = {0}, cmd = {0};

    if (c->d->aws.internal)
        sb_printf(&why, _("This is an internal load balancer: its name resolves to private "
                          "addresses, which CloudFront cannot reach over the internet. The scheme "
                          "of a load balancer cannot be changed: create an internet-facing one "
                          "(same listeners and target groups), or keep it internal and make it a "
                          "CloudFront VPC origin.\n"));
    else
        sb_printf(&why, _("The name resolves to private addresses, which CloudFront cannot reach "
                          "over the internet. Publish the origin on a public address (an "
                          "internet-facing load balancer, an Elastic IP), or make it a CloudFront "
                          "VPC origin.\n"));
    if (has_finding(c->d, F_NET_PRIVATE)) {
        sb_printf(&why, _("Private addresses: "));
        sb_addresses(&why, c->d, ids, 1);
        sb_printf(&why, "\n");
    }
    cmd_lb_lookup(&cmd, c, "[LoadBalancerArn,Scheme]", c->is_lb);
    cmd_comment(&cmd, _("or keep it private behind a CloudFront VPC origin:"));
    {
        /* The VPC origin keeps the origin's own protocol settings. */
        const struct target *t = &c->d->obs->target;
        const char *protos[TARGET_PROTO_COUNT];
        size_t n = 0;
        int p;

        for (p = 0; p < TARGET_PROTO_COUNT; p++)
            if (t->ssl_protocols & TARGET_PROTO_BIT(p))
                protos[n++] = target_proto_name((enum target_proto)p);
        cmd_cli_newer(&cmd, "aws cloudfront create-vpc-origin", _("November 2024"));
        fixes_cmd_line(&cmd, fixes_cmd_cf_create_vpc_origin(&(struct fixes_cmd_cf){
                                 .https_port = t->https_port,
                                 .http_port = t->http_port,
                                 .protocol_policy = target_policy_name(t->policy),
                                 .ssl_protocols = protos,
                                 .nssl_protocols = n}));
    }
    cmd_comment(&cmd,
                _("then set the origin's VpcOriginConfig.VpcOriginId to the new VPC origin's Id"));
    add_step(c->d, FIX_REACH, xstrdup(_("Make the origin reachable from CloudFront")),
             sb_take(&why), sb_take(&cmd), verify_retest(c));
}

static void
step_security_group(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    const char *region = c->region;
    struct fixes_cmd_ec2 ec2 = ec2_of(c);

    sb_printf(&why,
              /* TRANSLATORS: %s is the name of AWS's managed prefix list, %u a port number. */
              _("Allow inbound TCP %u from CloudFront: the AWS-managed prefix list %s holds "
                "the addresses CloudFront connects from. A rule that drops them makes "
                "connections time out (504); one that rejects them, or no listener, gives "
                "502. Check network ACLs and host firewalls too.\n"),
              c->port, CF_PREFIX_LIST);
    if (strcmp(region, "ap-southeast-3") == 0)
        sb_printf(&why,
                  _("Where the prefix list is not available, use the CLOUDFRONT_ORIGIN_FACING "
                    "ranges from https://ip-ranges.amazonaws.com/ip-ranges.json.\n"));

    fixes_cmd_line(&cmd, fixes_cmd_ec2_prefix_list(&ec2));
    if (c->is_lb || c->d->aws.kind == AWSNAME_NONE) {
        cmd_comment(&cmd, _("the load balancer's security groups:"));
        cmd_lb_lookup(&cmd, c, "SecurityGroups", false);
    }
    if (!c->is_lb) {
        size_t a;

        for (a = 0; a < c->d->obs->naddrs; a++)
            if (c->d->obs->addrs[a].probed && c->d->obs->addrs[a].family == AF_INET &&
                shell_safe(c->d->obs->addrs[a].text))
                break;
        if (a < c->d->obs->naddrs) {
            cmd_comment(&cmd, _("or the security groups of the instance with this address:"));
            ec2.address = c->d->obs->addrs[a].text;
            fixes_cmd_line(&cmd, fixes_cmd_ec2_instance_groups(&ec2));
        }
    }
    fixes_cmd_line(&cmd, fixes_cmd_ec2_allow_prefix_list(&ec2));
    /* The prefix list lets only CloudFront in: a re-test from this machine
     * is blocked by design, so the check goes through CloudFront. */
    sb_printf(&why, _("This machine is not CloudFront: once only the prefix list is allowed, a "
                      "re-test from here is blocked by design; check through CloudFront "
                      "instead.\n"));
    /* TRANSLATORS: %u is the origin's HTTPS port. */
    add_step(c->d, FIX_REACH, xasprintf(_("Let CloudFront in on port %u"), c->port), sb_take(&why),
             sb_take(&cmd), verify_viewer(c, c->st.current));
}

static void
step_listener(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};

    if (has_finding(c->d, F_TCP_REFUSED))
        sb_printf(&why,
                  _("The connection was refused: nothing listens on port %u, or a firewall "
                    "rejects it.\n"),
                  c->port);
    if (has_finding(c->d, F_TLS_TIMEOUT))
        sb_printf(&why, _("The connection opened but the TLS handshake never finished: often a "
                          "TCP listener forwarding to a target that is down or does not speak "
                          "TLS.\n"));
    if (c->is_lb || c->d->aws.kind == AWSNAME_NONE) {
        sb_printf(&why, _("A load balancer needs a listener on this port: HTTPS on an Application "
                          "or Classic Load Balancer, TLS on a Network Load Balancer, with healthy "
                          "targets behind it.\n"));
        struct fixes_cmd_elb e = elb_of(c);

        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", c->is_lb);
        cmd_describe_listeners(&cmd, c);
        cmd_target_health(&cmd, c);
        e.ssl_policy = ELB_TLS_POLICY;
        /* A Network Load Balancer takes TLS, never HTTPS. */
        if (c->d->aws.kind != AWSNAME_NLB) {
            cmd_comment(&cmd, _("no listener on the port: add one (Application Load Balancer: "
                                "HTTPS)"));
            e.protocol = "HTTPS";
            fixes_cmd_line(&cmd, fixes_cmd_elb_create_listener(&e));
        }
        if (c->d->aws.kind != AWSNAME_ELB) {
            cmd_comment(&cmd, _("no listener on the port: add one (Network Load Balancer: TLS)"));
            e.protocol = "TLS";
            fixes_cmd_line(&cmd, fixes_cmd_elb_create_listener(&e));
        }
    }
    if (!c->is_lb) {
        cmd_comment(&cmd, _("on a server: what listens on the port (nginx: listen PORT ssl;)"));
        fixes_cmd_line(&cmd, fixes_cmd_listening(c->port));
    }
    /* TRANSLATORS: %u is the origin's HTTPS port. */
    add_step(c->d, FIX_REACH, xasprintf(_("Serve TLS on port %u"), c->port), sb_take(&why),
             sb_take(&cmd), verify_retest(c));
}

static void
guide_reach(struct ctx *c)
{
    if (has_finding(c->d, F_NET_PRIVATE) || c->d->aws.internal)
        step_private(c);
    if (has_finding(c->d, F_TCP_REFUSED) || has_finding(c->d, F_TCP_TIMEOUT) ||
        has_finding(c->d, F_TCP_UNREACHABLE) || has_finding(c->d, F_TLS_TIMEOUT))
        step_security_group(c);
    if (has_finding(c->d, F_TCP_REFUSED) || has_finding(c->d, F_TLS_TIMEOUT))
        step_listener(c);
}

/* ------------------------------------------------------- port, protocol */

static void
guide_port_protocol(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    char *v;

    sb_printf(&why,
              _("Something that is not a TLS server answers on port %u, often plain HTTP. "
                "CloudFront's HTTPS Port must lead to a TLS listener: HTTPS on an "
                "Application or Classic Load Balancer, TLS on a Network Load Balancer (not "
                "HTTP, and not TCP in front of a plain-HTTP server), or a server with TLS "
                "enabled.\n"),
              c->port);
    if (c->port == 80)
        sb_printf(&why, _("Port 80 is the HTTP port: the origin's HTTPSPort is probably set to 80 "
                          "by mistake; use 443.\n"));
    {
        struct fixes_cmd_cf f = cf_of(c, c->origin);

        fixes_cmd_line(&cmd, fixes_cmd_cf_origins(&f));
    }
    if (c->is_lb || c->d->aws.kind == AWSNAME_NONE) {
        struct fixes_cmd_elb e = elb_of(c);

        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", c->is_lb);
        cmd_describe_listeners(&cmd, c);
        e.certificate = true;
        e.ssl_policy = ELB_TLS_POLICY;
        if (c->d->aws.kind != AWSNAME_NLB) {
            cmd_comment(&cmd, _("an HTTP listener on the port: make it HTTPS (Application Load "
                                "Balancer)"));
            e.protocol = "HTTPS";
            fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
        }
        if (c->d->aws.kind != AWSNAME_ELB) {
            cmd_comment(&cmd, _("a TCP listener on the port: make it TLS (Network Load Balancer)"));
            e.protocol = "TLS";
            fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
        }
    }
    if (!c->is_lb) {
        cmd_comment(&cmd, _("a server that answers plain HTTP here prints an HTTP status:"));
        fixes_cmd_line(&cmd, fixes_cmd_curl_http_status(c->origin, c->port));
    }
    add_step(c->d, FIX_PORT_PROTOCOL,
             /* TRANSLATORS: %u is the origin's HTTPS port. */
             xasprintf(_("Make port %u a TLS listener"), c->port), sb_take(&why), sb_take(&cmd),
             verify_retest(c));

    sb_printf(&why, _("Only when the origin cannot serve HTTPS at all: CloudFront can fetch over "
                      "plain HTTP (AWS's own last-resort advice). Traffic between CloudFront and "
                      "the origin is then unencrypted and unauthenticated.\n"));
    cmd_cloudfront_edit(&cmd, c, c->origin, (struct fixes_cmd_cf){.protocol_policy = "http-only"});
    v = verify_viewer(c, c->st.current);
    add_step(c->d, FIX_PORT_PROTOCOL, xstrdup(_("Last resort: HTTP only to the origin (insecure)")),
             sb_take(&why), sb_take(&cmd), v);
}

/* -------------------------------------------------------- custom domain */

/* The names a certificate request covers: --domain-name D and the
 * forwarded Host as a SAN when it differs. */
static void
cmd_acm_request(struct sbuf *b, struct ctx *c, const char *name, const char *alg)
{
    struct fixes_cmd_acm a;
    const char *sans[LIST_MAX];
    size_t i, n = 0;
    bool viewer = c->host && strcmp(c->host, name) == 0;

    for (i = 0; i < c->facts->naliases; i++)
        viewer = viewer || strcmp(c->facts->aliases[i], name) == 0;
    /* The account has an ISSUED certificate for it: use that one (not
     * for a viewer's name, whose certificate must carry every alias). */
    c->acm_known = c->issued_arn && strcasecmp(name, c->domain) == 0 && !alg &&
                   !(viewer && c->facts->naliases > 0);
    if (c->acm_known) {
        cmd_comment(b, _("an ISSUED certificate in the account already covers the name: no new "
                         "request"));
        fixes_cmd_line(b, fixes_cmd_assign("CERT_ARN", c->issued_arn));
        return;
    }
    a = acm_of(c);
    a.domain = name;
    if (c->host && strcmp(c->host, name) != 0)
        a.san = c->host;
    /* A certificate for the viewer's domain covers all of them: each
     * reaches the origin with its own Host. */
    for (i = 0; viewer && i < c->facts->naliases && n < LIST_MAX; i++) {
        const char *x = c->facts->aliases[i];

        if (shell_safe(x) && strcmp(x, name) != 0 && (!a.san || strcmp(x, a.san) != 0))
            sans[n++] = x;
    }
    a.sans = sans;
    a.nsans = n;
    a.key_algorithm = alg;
    fixes_cmd_line(b, fixes_cmd_acm_request(&a));
}

static void
cmd_acm_validate(struct sbuf *b, const struct ctx *c)
{
    struct fixes_cmd_acm a = acm_of(c);

    if (c->acm_known)
        return; /* issued already */
    cmd_comment(b, _("right after the request ACM may not show the validation record yet: when "
                     "the next lines print None, wait a few seconds and run them again"));
    fixes_cmd_line(b, fixes_cmd_acm_validation(&a));
    cmd_comment(b, _("create each validation CNAME (Name and Value from the output above) in your "
                     "public hosted zone, and leave it there for renewals:"));
    cmd_route53_change(b, c, "acm-cname.json",
                       fixes_cmd_r53_cname_batch(UNKNOWN(VALIDATION_NAME),
                                                 UNKNOWN(VALIDATION_VALUE), "ACM DNS validation"));
    cmd_comment(b, _("the wait may stop (\"Max attempts exceeded\") while validation goes on: "
                     "run it again until it returns"));
    fixes_cmd_line(b, fixes_cmd_acm_wait_validated(&a));
}

static char *
verify_acm_issued(const struct ctx *c)
{
    struct fixes_cmd_acm a = acm_of(c);
    char *cmd = fixes_cmd_acm_status(&a), *v;

    /* TRANSLATORS: %s is an aws acm command. */
    v = xasprintf(_("The certificate's status is ISSUED:\n%s"), cmd);
    free(cmd);
    return v;
}

static void
step_acm_request(struct ctx *c, enum fix_kind kind, const char *name, const char *alg,
                 const char *lead)
{
    struct sbuf why = {0}, cmd = {0};

    if (lead)
        sb_printf(&why, "%s", lead);
    sb_printf(&why,
              /* TRANSLATORS: %s is an AWS Region such as ap-northeast-1. */
              _("A load balancer can only use ACM certificates from its own Region (%s). "
                "ACM validates by DNS: it gives one CNAME record per name, and renews the "
                "certificate automatically while the record stays.\n"),
              c->region);
    if (c->host && strcmp(c->host, name) != 0)
        sb_printf(&why,
                  _("The behaviour forwards the viewer's Host header (%s), so CloudFront "
                    "checks that name too: the certificate covers both.\n"),
                  c->host);
    cmd_acm_request(&cmd, c, name, alg);
    cmd_acm_validate(&cmd, c);
    c->st.acm_name = name;
    add_step(c->d, kind,
             /* TRANSLATORS: first %s is a host name, second an AWS Region. */
             xasprintf(_("Request an ACM certificate for %s in %s"), name, c->region),
             sb_take(&why), sb_take(&cmd), verify_acm_issued(c));
}

/* prove: the origin keeps its name, so the re-test proves the change at
 * once (a new default certificate, or one for the forwarded Host). */
static void
step_attach(struct ctx *c, enum fix_kind kind, bool replace_default, bool prove)
{
    struct sbuf why = {0}, cmd = {0};
    struct fixes_cmd_elb e = elb_of(c);
    char *v, *list;

    if (c->d->aws.kind == AWSNAME_NONE)
        sb_printf(&why, _("When a load balancer serves the origin:\n"));
    sb_printf(&why,
              _("The listener on port %u must be HTTPS (Application or Classic Load "
                "Balancer) or TLS (Network Load Balancer). Application and Network Load "
                "Balancers pick the certificate by SNI from the listener's list; a Classic "
                "Load Balancer has one certificate per listener, which this replaces.\n"),
              c->port);
    if (replace_default)
        sb_printf(&why, _("The certificate served now is the listener's default one: replace it "
                          "with the new certificate.\n"));
    cmd_lb_lookup(&cmd, c, "LoadBalancerArn", c->is_lb);
    fixes_cmd_line(&cmd, fixes_cmd_elb_listeners(&e));
    e.certificate = true;
    if (replace_default)
        fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
    else
        fixes_cmd_line(&cmd, fixes_cmd_elb_add_certificate(&e));
    if (c->d->aws.kind != AWSNAME_NLB &&
        (!c->acct_lb_type || strcmp(c->acct_lb_type, "classic") == 0)) {
        cmd_comment(&cmd, _("a Classic Load Balancer instead (no SNI, one certificate):"));
        fixes_cmd_line(&cmd, fixes_cmd_clb_set_certificate(&e));
    }
    list = fixes_cmd_elb_certificates(&e);
    /* TRANSLATORS: %s is an aws elbv2 command. */
    v = xasprintf(_("The listener lists the certificate:\n%s"), list);
    free(list);
    if (prove) {
        /* The origin keeps its name, so the re-test proves it at once. */
        char *rt = retest_cmd(c, c->st.current, c->host, true), *both;

        both = xasprintf(_("%s\nThen the re-test passes:\n%s"), v, rt);
        free(v);
        free(rt);
        v = both;
    }
    add_step(c->d, kind, xstrdup(_("Attach the certificate to the load balancer's listener")),
             sb_take(&why), sb_take(&cmd), v);
}

static void
step_choose_domain(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    size_t i;
    char *v = NULL;

    if (c->is_lb)
        sb_printf(&why, _("Nobody can get a certificate for a load balancer's own name "
                          "(*.elb.amazonaws.com), so CloudFront needs a name you control that "
                          "points to the same load balancer, with a certificate for it on the "
                          "load balancer.\n"));
    else
        sb_printf(&why, _("Nobody can get a certificate for an AWS-owned name, so CloudFront "
                          "needs a name you control that points to the same origin, with a "
                          "certificate for it.\n"));
    if (c->have_candidate) {
        sb_printf(&why, _("Names found that already point to it:\n"));
        for (i = 0; i < c->d->ncandidates && i < LIST_MAX; i++) {
            sb_printf(&why, "  ");
            sb_sanitized(&why, c->d->candidates[i].name);
            if (c->d->candidates[i].why)
                sb_printf(&why, " (%s)", _(c->d->candidates[i].why));
            sb_printf(&why, "\n");
        }
        /* TRANSLATORS: %s is a host name. */
        sb_printf(&why, _("%s already points to it: no DNS change is needed.\n"), c->domain);
        if (c->domain_covered)
            sb_printf(&why,
                      _("The certificate it serves already covers %s: no new certificate is "
                        "needed either.\n"),
                      c->domain);
        fixes_cmd_line(&cmd, fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", c->domain, NULL}));
        fixes_cmd_line(&cmd, fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", c->origin, NULL}));
        v = xstrdup(_("Both names resolve to the same addresses."));
    } else if (c->d->ncandidates) {
        /* A name typed instead of the ones found: say so, not "none found". */
        sb_printf(&why, _("Names found that already point to it:\n"));
        for (i = 0; i < c->d->ncandidates && i < LIST_MAX; i++) {
            sb_printf(&why, "  ");
            sb_sanitized(&why, c->d->candidates[i].name);
            sb_printf(&why, "\n");
        }
        sb_printf(&why,
                  /* TRANSLATORS: %s is the host name the user typed. */
                  _("%s is not one of them: it must be made to point to the same origin "
                    "first; the steps below do that.\n"),
                  c->domain);
        char *zones = fixes_cmd_r53_zones(&(struct fixes_cmd_r53){.name = parent_zone(c->domain)});

        /* TRANSLATORS: %s is a command that lists hosted zones. */
        v = xasprintf(_("The domain has a public hosted zone you can change (PrivateZone "
                        "false):\n%s"),
                      zones);
        free(zones);
    } else {
        sb_printf(&why,
                  /* TRANSLATORS: %s is the placeholder host name origin.example.com. */
                  _("No such name was found. Pick one in a domain you control; the steps "
                    "below use %s: replace it everywhere. If the viewer's alias (say "
                    "www.example.com) already points to CloudFront, use a different name "
                    "for the origin (one name cannot point to both).\n"),
                  c->domain);
        char *zones = fixes_cmd_r53_zones(&(struct fixes_cmd_r53){.name = parent_zone(c->domain)});

        /* TRANSLATORS: %s is a command that lists hosted zones. */
        v = xasprintf(_("The domain has a public hosted zone you can change (PrivateZone "
                        "false):\n%s"),
                      zones);
        free(zones);
    }
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             /* TRANSLATORS: %s is a host name. */
             xasprintf(_("Use a custom domain as Origin Domain Name: %s"), c->domain),
             sb_take(&why), sb_take(&cmd), v);
}

/* Both names resolve to the same addresses (a new record is live). */
static char *
verify_same_addresses(const char *a, const char *b)
{
    char *da = fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", a, NULL});
    char *db = fixes_cmd_dig(&(struct fixes_cmd_dig){"+short", b, NULL});
    /* TRANSLATORS: each %s is a dig command, one per name. */
    char *v = xasprintf(_("Both names resolve to the same addresses:\n%s\n%s"), da, db);

    free(da);
    free(db);
    return v;
}

static void
step_alias(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    char *batch = fixes_route53_batch(&c->d->aws, c->domain), *v;

    if (!batch)
        return;
    sb_printf(&why,
              _("An alias record (not a CNAME: it also works at the zone apex) in your "
                "public hosted zone points %s to the load balancer. HostedZoneId inside the "
                "change is the load balancer's zone, not yours; ZONE_ID is yours: set it "
                "(ZONE_ID=...) to your hosted zone's id.\n"),
              c->domain);
    if (!c->d->aws.hosted_zone) {
        sb_printf(&why, _("The load balancer's zone for this Region is not known here: the "
                          "first command reads its CanonicalHostedZoneId into "
                          "ELB_HOSTED_ZONE_ID.\n"));
        cmd_lb_lookup(&cmd, c, "CanonicalHostedZoneId", true);
    }
    cmd_route53_change(&cmd, c, "alias.json", batch);
    v = verify_same_addresses(c->domain, c->lb_dns);
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             /* TRANSLATORS: %s is a host name. */
             xasprintf(_("Point %s to the load balancer (Route 53 alias)"), c->domain),
             sb_take(&why), sb_take(&cmd), v);
}

/* For AWS-owned names that are not load balancers: a CNAME to the name. */
static void
step_cname(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    char *batch = fixes_cmd_r53_cname_batch(c->domain, c->origin, "origin name for CloudFront"), *v;

    if (!batch)
        return;
    /* TRANSLATORS: both %s are host names. */
    sb_printf(&why, _("A CNAME record in your public hosted zone points %s to %s.\n"), c->domain,
              c->origin);
    cmd_route53_change(&cmd, c, "cname.json", batch);
    v = verify_same_addresses(c->domain, c->origin);
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             /* TRANSLATORS: both %s are host names. */
             xasprintf(_("Point %s to %s (CNAME)"), c->domain, c->origin), sb_take(&why),
             sb_take(&cmd), v);
}

static void
step_cloudfront_origin(struct ctx *c)
{
    static const char *const tls12[] = {"TLSv1.2"};
    struct sbuf why = {0}, cmd = {0};
    char *v;

    sb_printf(&why,
              /* TRANSLATORS: %s is a host name. */
              _("CloudFront checks the origin's certificate against the Origin Domain Name; "
                "with %s there, the name matches. HTTPS only and TLSv1.2 make every origin "
                "connection use TLS 1.2. update-distribution takes only the "
                "DistributionConfig object and the ETag of the config you read.\n"),
              c->domain);
    if (c->host)
        sb_printf(&why,
                  _("The behaviour forwards the viewer's Host header (%s): CloudFront sends "
                    "it as SNI and checks it, so the certificate must cover it as well.\n"),
                  c->host);
    /* A name this guide just pointed here may not resolve yet. */
    cmd_retest_then_edit(&cmd, c, c->domain, c->host, false, !c->have_candidate, c->origin,
                         (struct fixes_cmd_cf){.domain = c->domain,
                                               .protocol_policy = "https-only",
                                               .ssl_protocols = tls12,
                                               .nssl_protocols = 1});
    /* Later guides re-test the origin under its new name. */
    c->st.current = c->domain;
    v = verify_viewer(c, c->st.current);
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             /* TRANSLATORS: %s is a host name; HTTPS only and TLSv1.2 are CloudFront settings. */
             xasprintf(_("Set the CloudFront origin to %s, HTTPS only, TLSv1.2"), c->domain),
             sb_take(&why), sb_take(&cmd), v);
}

/* A server (an EC2 instance, or a name that is not a load balancer's)
 * holds its own key, which an ACM certificate never leaves unless
 * requested exportable: a public CA (certbot) comes first there, ACM
 * first only for a load balancer. */
static bool
server_first(const struct ctx *c)
{
    const char *n = c->d->obs->target.name;

    return c->d->aws.kind == AWSNAME_NONE ||
           (c->d->aws.kind == AWSNAME_AWS_OTHER && n && strncmp(n, "ec2-", 4) == 0);
}

/* A certificate from a public CA on the server (nginx, Let's Encrypt). */
static void
cmd_certbot(struct sbuf *b, const char *name)
{
    cmd_comment(b, _("on the server (nginx), from a public CA, for example Let's Encrypt:"));
    fixes_cmd_line(b, fixes_cmd_certbot(WEBROOT, name));
    cmd_nginx_conf(b, "ssl_certificate     /etc/letsencrypt/live/%s/fullchain.pem;", name);
    cmd_nginx_conf(b, "ssl_certificate_key /etc/letsencrypt/live/%s/privkey.pem;", name);
    fixes_cmd_line(b, fixes_cmd_nginx_reload());
}

/* The certificate names, sanitized, for explanations. */
static void
sb_cert_names(struct sbuf *b, const struct diag_origin *d)
{
    size_t i, shown = 0;

    for (i = 0; i < d->names.nrows; i++) {
        const struct name_row *r = &d->names.rows[i];

        if (!r->name || (r->kind == NAME_CN && d->names.has_san))
            continue;
        if (shown == LIST_MAX) {
            sb_printf(b, _(" and %zu more"), d->names.nrows - i);
            break;
        }
        sb_printf(b, "%s", shown ? ", " : "");
        sb_sanitized(b, r->name);
        shown++;
    }
    if (!shown)
        sb_printf(b, "%s", _("(none)"));
}

/* Name mismatch on a name that is not AWS-owned, first way: a certificate
 * that covers the name CloudFront checks. */
static void
step_mismatch_cert(struct ctx *c, bool first)
{
    struct sbuf why = {0}, cmd = {0};
    const char *checked = c->checked;
    struct fixes_cmd_elb e = elb_of(c);
    struct fixes_cmd_acm a = acm_of(c);

    sb_printf(&why,
              /* TRANSLATORS: %s is the host name CloudFront checks. */
              _("CloudFront checks the certificate against %s, and no name in it matches. "
                "Names in the certificate: "),
              checked);
    sb_cert_names(&why, c->d);
    sb_printf(&why, "\n");
    sb_printf(&why, _("Get a certificate that covers it: on a server, install one from a public "
                      "CA (the server holds its key; an ACM certificate cannot be installed "
                      "there); on a load balancer, request one from ACM in its Region (or "
                      "import one from your CA) and attach it to the listener.\n"));
    if (server_first(c))
        cmd_certbot(&cmd, checked);
    if (server_first(c))
        cmd_comment(&cmd, _("or, when a load balancer serves the origin, from ACM in its Region:"));
    cmd_acm_request(&cmd, c, checked, NULL);
    cmd_acm_validate(&cmd, c);
    c->st.acm_name = checked;
    cmd_lb_lookup(&cmd, c, "LoadBalancerArn", false);
    fixes_cmd_line(&cmd, fixes_cmd_elb_listeners(&e));
    fixes_cmd_line(&cmd, fixes_cmd_elb_add_certificate(&e));
    cmd_comment(&cmd, _("or import one from your CA:"));
    fixes_cmd_line(&cmd, fixes_cmd_acm_import(&a));
    if (!server_first(c)) {
        cmd_comment(&cmd, _("on a server (nginx), for example with Let's Encrypt:"));
        fixes_cmd_line(&cmd, fixes_cmd_certbot(WEBROOT, checked));
    }
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             first ? /* TRANSLATORS: %s is the host name CloudFront checks. */
                 xasprintf(_("Put a certificate that covers %s on the origin"), checked)
                   : /* TRANSLATORS: %s is the host name CloudFront checks. */
                 xasprintf(_("Or put a certificate that covers %s on the origin"), checked),
             sb_take(&why), sb_take(&cmd), verify_retest(c));
}

/* Second way: an Origin Domain Name the certificate covers. */
static void
step_mismatch_point(struct ctx *c, bool first)
{
    struct sbuf why = {0}, cmd = {0};
    const char *other = c->have_candidate ? c->domain : UNKNOWN(NAME_IN_CERT);
    char *v;

    if (first) {
        sb_printf(&why,
                  /* TRANSLATORS: %s is the Origin Domain Name. */
                  _("CloudFront checks the certificate against %s, and no name in it "
                    "matches. Names in the certificate: "),
                  c->origin);
        sb_cert_names(&why, c->d);
        sb_printf(&why, "\n");
    }
    sb_printf(&why, _("Use as Origin Domain Name a name the certificate covers and that points "
                      "to this same origin.\n"));
    if (c->have_candidate)
        /* TRANSLATORS: %s is a host name. */
        sb_printf(&why, _("%s is one: it points here already.\n"), c->domain);
    else
        sb_printf(&why, _("None was found pointing here: once one does, set NAME_IN_CERTIFICATE "
                          "to it (NAME_IN_CERTIFICATE=...).\n"));
    if (c->host)
        sb_printf(&why, _("The behaviour forwards the viewer's Host header, so CloudFront checks "
                          "that instead of the Origin Domain Name; to have the Origin Domain Name "
                          "checked, stop forwarding Host (origin request policy "
                          "AllViewerExceptHostHeader).\n"));
    if (c->host && c->facts->nbehaviors) {
        sb_printf(&why, _("Behaviours to change (path patterns): "));
        sb_behaviors(&why, c);
        sb_printf(&why, "\n");
    }
    /* With the behaviours known, Host stops being forwarded in the same
     * step (the re-test checks the name without it). */
    cmd_retest_then_edit(&cmd, c, other, c->host && !c->facts->nbehaviors ? c->host : NULL, true,
                         false, c->origin, (struct fixes_cmd_cf){.domain = other});
    v = verify_viewer(c, other);
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             first ? /* TRANSLATORS: %s is a host name. */
                 xasprintf(_("Set Origin Domain Name to %s"), other)
                   : /* TRANSLATORS: %s is a host name. */
                 xasprintf(_("Or set Origin Domain Name to %s"), other),
             sb_take(&why), sb_take(&cmd), v);
}

/* A covered name that already points here is the quickest fix, unless the
 * Host is forwarded (then the Origin Domain Name is not what is checked). */
static void
guide_mismatch(struct ctx *c)
{
    if (c->have_candidate && !c->host) {
        step_mismatch_point(c, true);
        step_mismatch_cert(c, false);
    } else {
        step_mismatch_cert(c, true);
        step_mismatch_point(c, false);
    }
}

/* The behaviours forward the viewer's Host, and the load balancer's
 * certificate lacks it: CloudFront checks the viewer's domain, not the
 * Origin Domain Name, so the fix is a certificate for the viewer's domains
 * on the listener; the origin keeps its name (the load balancer's is fine
 * there). */
static void
guide_viewer_cert(struct ctx *c)
{
    char *lead = xasprintf(_("The behaviours forward the viewer's Host header (%s): CloudFront "
                             "sends it as SNI and checks the certificate against it, not against "
                             "the Origin Domain Name, so the origin keeps its name and the load "
                             "balancer needs a certificate for the viewer's domains.\n"),
                           c->host);

    step_acm_request(c, FIX_CUSTOM_DOMAIN, c->host, NULL, lead);
    free(lead);
    step_attach(c, FIX_CUSTOM_DOMAIN, false, true);
}

/* The alternative to a custom domain when the behaviours do not forward
 * Host: forward it, with a certificate for the viewer's domains on the
 * listener; the origin keeps the load balancer's name. */
static void
step_forward_host(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0}, names = {0};
    struct fixes_cmd_elb e = elb_of(c);
    struct fixes_cmd_retest r = {.name = c->origin, .port = c->port};
    const char *viewer = NULL;
    char *rt, *list, *v;
    size_t i;

    for (i = 0; i < c->facts->naliases && !viewer; i++)
        if (shell_safe(c->facts->aliases[i]))
            viewer = c->facts->aliases[i];
    if (!viewer || !c->facts->nbehaviors)
        return;
    sb_behaviors(&names, c);
    list = sb_take(&names);
    sb_printf(&why,
              /* TRANSLATORS: %s is a list of path patterns. */
              _("Or, instead of a custom domain, forward the viewer's Host header on the "
                "behaviours that reach this origin (%s). CloudFront then sends and checks the "
                "viewer's domain, and the origin keeps the load balancer's name. The "
                "listener needs a certificate for the viewer's domains, and the application "
                "then sees the viewer's Host.\n"),
              list);
    cmd_acm_request(&cmd, c, viewer, NULL);
    cmd_acm_validate(&cmd, c);
    cmd_lb_lookup(&cmd, c, "LoadBalancerArn", c->is_lb);
    fixes_cmd_line(&cmd, fixes_cmd_elb_listeners(&e));
    e.certificate = true;
    fixes_cmd_line(&cmd, fixes_cmd_elb_add_certificate(&e));
    r.host = viewer;
    if (c->policy != POLICY_HTTPS_ONLY)
        r.policy = target_policy_name(c->policy);
    rt = fixes_cmd_retest(&r);
    cmd_comment(&cmd, _("first the origin must pass with the viewer's Host; only then is the "
                        "distribution changed:"));
    sb_printf(&cmd, "if %s; then\n", rt);
    free(rt);
    cmd_host_edit(&cmd, c, true);
    cmd_gate_end(&cmd);
    v = verify_viewer(c, c->origin);
    add_step(c->d, FIX_CUSTOM_DOMAIN,
             /* TRANSLATORS: %s is a list of path patterns. */
             xasprintf(_("Or forward the viewer's Host header on %s"), list), sb_take(&why),
             sb_take(&cmd), v);
    free(list);
}

static void
guide_custom_domain(struct ctx *c)
{
    if (c->d->aws.kind == AWSNAME_NONE) {
        guide_mismatch(c);
        return;
    }
    if (c->is_lb && c->host) {
        guide_viewer_cert(c);
        return;
    }
    step_choose_domain(c);
    if (c->is_lb) {
        if (!c->domain_covered) {
            step_acm_request(c, FIX_CUSTOM_DOMAIN, c->domain, NULL, NULL);
            /* A listener passing TCP through to a server with an untrusted
             * certificate takes the new one when it becomes TLS. */
            if (c->d->aws.kind == AWSNAME_NLB &&
                (has_finding(c->d, F_CERT_SELF_SIGNED) || has_finding(c->d, F_CERT_UNTRUSTED))) {
                struct sbuf why = {0};

                step_terminate(c, c->domain, &why, true);
            } else {
                step_attach(c, FIX_CUSTOM_DOMAIN, false, false);
            }
        }
        if (!c->have_candidate)
            step_alias(c);
    } else {
        if (!c->domain_covered) {
            struct sbuf why = {0}, cmd = {0};

            sb_printf(&why, _("Put a certificate for the name on what serves the origin: an ACM "
                              "certificate on its load balancer (Elastic Beanstalk), or one from "
                              "a public CA on the instance.\n"));
            /* An instance holds its own key: a public CA first. */
            if (server_first(c)) {
                cmd_certbot(&cmd, c->domain);
                cmd_comment(&cmd, _("or, when a load balancer serves the origin, from ACM in its "
                                    "Region:"));
            }
            cmd_acm_request(&cmd, c, c->domain, NULL);
            cmd_acm_validate(&cmd, c);
            c->st.acm_name = c->domain;
            if (!server_first(c)) {
                cmd_comment(&cmd, _("or on the instance (nginx), with Let's Encrypt:"));
                fixes_cmd_line(&cmd, fixes_cmd_certbot(WEBROOT, c->domain));
            }
            add_step(c->d, FIX_CUSTOM_DOMAIN,
                     /* TRANSLATORS: %s is a host name. */
                     xasprintf(_("Get a certificate for %s"), c->domain), sb_take(&why),
                     sb_take(&cmd), server_first(c) ? verify_retest(c) : verify_acm_issued(c));
        }
        if (!c->have_candidate)
            step_cname(c);
    }
    step_cloudfront_origin(c);
    if (c->is_lb && c->facts->dist && c->facts->host == FACTS_HOST_NO)
        step_forward_host(c);
}

/* ---------------------------------------------------------- certificate */

/* The name a replacement certificate must carry. */
static const char *
cert_name(const struct ctx *c)
{
    if (c->host)
        return c->host;
    if (c->d->aws.kind != AWSNAME_NONE)
        return c->domain;
    return c->origin;
}

/* A self-signed or private certificate behind a load balancer that passes
 * TCP through: terminate TLS on the load balancer, or trust the server.
 * why holds the reasons so far; this step takes it over. */
static void
step_terminate(struct ctx *c, const char *name, struct sbuf *why, bool new_name)
{
    struct sbuf cmd = {0};
    enum awsname_kind kind = c->d->aws.kind;
    char *v;

    sb_printf(why, _("A self-signed or private certificate behind a load balancer usually means "
                     "that it passes TCP through (a TCP listener): CloudFront then sees the "
                     "server's own certificate. Terminate TLS on the load balancer first: turn "
                     "the TCP listener into TLS (Network Load Balancer) or HTTPS (Classic Load "
                     "Balancer) with the ACM certificate, which CloudFront then gets.\n"));
    sb_printf(why, _("The target group's protocol then decides what the server receives: TCP "
                     "(Classic: InstanceProtocol HTTP) sends it plaintext, so the server must "
                     "listen for plain HTTP on the target port; TLS (Classic: HTTPS) encrypts "
                     "again, and the load balancer accepts the server's self-signed "
                     "certificate. Only if TCP must stay passed through: a publicly trusted "
                     "certificate on the server itself.\n"));
    cmd_lb_lookup(&cmd, c, "[LoadBalancerArn,Type]", c->is_lb);
    cmd_describe_listeners(&cmd, c);
    if (kind != AWSNAME_ELB) {
        struct fixes_cmd_elb e = elb_of(c);

        cmd_comment(&cmd, _("the target groups' protocols (TCP: the server gets plaintext; TLS: "
                            "encrypted again)"));
        fixes_cmd_line(&cmd, fixes_cmd_elb_target_group_protocols(&e));
    }
    if (kind != AWSNAME_ELB) {
        struct fixes_cmd_elb e = elb_of(c);

        cmd_comment(&cmd, _("Network Load Balancer: turn the TCP listener into TLS"));
        e.protocol = "TLS";
        e.certificate = true;
        e.ssl_policy = ELB_TLS_POLICY;
        fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
    }
    if (kind != AWSNAME_NLB) {
        struct fixes_cmd_elb e = elb_of(c);

        cmd_comment(&cmd, _("Classic Load Balancer: replace the TCP listener by HTTPS"));
        fixes_cmd_line(&cmd, fixes_cmd_clb_delete_listener(&e));
        fixes_cmd_line(&cmd, fixes_cmd_clb_create_listener(&e));
    }
    c->st.terminated = true;
    cmd_comment(&cmd, _("only if TCP must stay passed through: on the server (nginx), a publicly "
                        "trusted certificate:"));
    fixes_cmd_line(&cmd, fixes_cmd_certbot(WEBROOT, name));
    cmd_nginx_conf(&cmd, "ssl_certificate     /etc/letsencrypt/live/%s/fullchain.pem;", name);
    cmd_nginx_conf(&cmd, "ssl_certificate_key /etc/letsencrypt/live/%s/privkey.pem;", name);
    fixes_cmd_line(&cmd, fixes_cmd_nginx_reload());
    /* new_name: the origin gets the new name later; until then the load
     * balancer shows the certificate to a client that sends that name. */
    if (new_name && c->lb_dns[0]) {
        char *peer = fixes_cmd_peer_cert(c->lb_dns, c->port, name);

        /* TRANSLATORS: %s is an openssl command. */
        v = xasprintf(_("The load balancer now serves the ACM certificate:\n%s"), peer);
        free(peer);
    } else {
        v = verify_retest(c);
    }
    add_step(c->d, new_name ? FIX_CUSTOM_DOMAIN : FIX_CERT,
             xstrdup(_("Terminate TLS on the load balancer, or trust the server's certificate")),
             sb_take(why), sb_take(&cmd), v);
}

/* The first name of the leaf certificate served (a SAN dNSName, else the
 * CN), or NULL. */
static const char *
leaf_first_name(const struct diag_origin *d)
{
    size_t i;

    for (i = 0; i < d->names.nrows; i++) {
        const struct name_row *r = &d->names.rows[i];

        if (r->name && r->kind != NAME_SAN_IP && (r->kind != NAME_CN || !d->names.has_san))
            return r->name;
    }
    return NULL;
}

/* cert.expiring alone: renew the certificate the origin serves now, named
 * by its own names (not the custom domain a new certificate is for). */
static void
step_renew(struct ctx *c, struct sbuf *why)
{
    struct sbuf cmd = {0};
    struct fixes_cmd_acm a = acm_of(c);
    const char *leaf = leaf_first_name(c->d);
    char *shown = sanitize(leaf ? leaf : cert_name(c));

    if (c->st.acm_name && strcasecmp(c->st.acm_name, shown) != 0)
        sb_printf(why,
                  /* TRANSLATORS: first %s is the expiring certificate's name, second the name
                     of the new certificate of the steps above. */
                  _("The certificate that expires is the one served now (%s), not the new one "
                    "for %s from the steps above: renew it, or remove it once nothing needs "
                    "it.\n"),
                  shown, c->st.acm_name);
    if (server_first(c)) {
        cmd_comment(&cmd, _("on the server (certbot renews what it issued):"));
        fixes_cmd_line(&cmd, xstrdup("certbot renew"));
        fixes_cmd_line(&cmd, fixes_cmd_nginx_reload());
        cmd_comment(&cmd, _("or, when a load balancer serves the origin, in ACM:"));
    }
    fixes_cmd_line(&cmd, fixes_cmd_acm_list(&a));
    cmd_comment(&cmd, _("re-import a renewed third-party certificate to the same ARN:"));
    a.reimport = true;
    fixes_cmd_line(&cmd, fixes_cmd_acm_import(&a));
    add_step(c->d, FIX_CERT,
             /* TRANSLATORS: %s is a host name, the first name in the certificate. */
             xasprintf(_("Renew the certificate that expires (%s)"), shown), sb_take(why),
             sb_take(&cmd), verify_retest(c));
    free(shown);
}

static void
guide_cert(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    struct fixes_cmd_acm a = acm_of(c);
    const struct diag_origin *d = c->d;
    const char *name = cert_name(c);
    bool untrusted = has_finding(d, F_CERT_SELF_SIGNED) || has_finding(d, F_CERT_UNTRUSTED);
    bool replace = untrusted || has_finding(d, F_CERT_EXPIRED) ||
                   has_finding(d, F_CERT_NOT_YET_VALID) || has_finding(d, F_CERT_KEY) ||
                   has_finding(d, F_CERT_CN_ONLY);
    /* The custom-domain guide already requested and attached a certificate
     * for this name: it replaces the bad one, no second request. */
    bool already = replace && c->st.acm_name &&
                   (strcmp(c->st.acm_name, name) == 0 || (c->host && strcmp(c->host, name) == 0));
    bool terminate = untrusted && d->aws.kind != AWSNAME_AWS_OTHER;

    if (has_finding(d, F_CERT_EXPIRED))
        sb_printf(&why, _("The certificate has expired.\n"));
    if (has_finding(d, F_CERT_NOT_YET_VALID))
        sb_printf(&why, _("The certificate is not valid yet: check the server's clock first "
                          "(date -u), then re-issue it.\n"));
    if (has_finding(d, F_CERT_EXPIRING)) {
        long days = -1;

        if (d->chain.nnodes)
            days = d->chain.nodes[d->chain.npath ? d->chain.path[0] : 0].days_left;
        if (days >= 0)
            sb_printf(&why,
                      /* TRANSLATORS: %ld is a number of days. */
                      _("The certificate expires in %ld days: renew it now. ACM renews its "
                        "own certificates while the validation record stays; an imported "
                        "one must be re-imported.\n"),
                      days);
        else
            sb_printf(&why, _("The certificate expires soon: renew it now. ACM renews its own "
                              "certificates while the validation record stays; an imported one "
                              "must be re-imported.\n"));
    }
    if (untrusted)
        sb_printf(&why, _("CloudFront trusts only CAs in Mozilla's list: no self-signed or private "
                          "CA certificates. Use an ACM certificate or one from a public CA.\n"));
    if (has_finding(d, F_CERT_KEY))
        sb_printf(&why, _("Use an RSA 2048 or ECDSA P-256 key with an RSA (PKCS#1 v1.5) or ECDSA "
                          "signature: no RSA-PSS, no Ed25519.\n"));
    if (has_finding(d, F_CERT_CN_ONLY))
        sb_printf(&why, _("Use a certificate that lists the name as a Subject Alternative Name "
                          "(ACM certificates always do).\n"));

    if (already) {
        /* TRANSLATORS: %s is a host name. */
        sb_printf(&why, _("The ACM certificate for %s from the steps above replaces it.\n"), name);
        if (terminate && !c->st.terminated)
            step_terminate(c, name, &why, false);
        else
            add_step(c->d, FIX_CERT, xstrdup(_("Replace the certificate the origin serves")),
                     sb_take(&why), NULL, verify_retest(c));
        return;
    }
    if (!replace) {
        step_renew(c, &why);
        return;
    }

    /* ACM first only where a load balancer serves the origin: an instance
     * or a plain server holds its own key, which an ACM certificate never
     * leaves (unless requested exportable). */
    if (server_first(c)) {
        cmd_certbot(&cmd, name);
        cmd_comment(&cmd, _("or, when a load balancer serves the origin, from ACM in its Region:"));
    }
    cmd_acm_request(&cmd, c, name, has_finding(d, F_CERT_KEY) ? "RSA_2048" : NULL);
    cmd_acm_validate(&cmd, c);
    cmd_comment(&cmd, _("or import a certificate from a public CA:"));
    fixes_cmd_line(&cmd, fixes_cmd_acm_import(&a));
    add_step(c->d, FIX_CERT,
             /* TRANSLATORS: %s is a host name. */
             xasprintf(_("Get a valid, trusted certificate for %s"), name), sb_take(&why),
             sb_take(&cmd), server_first(c) ? verify_retest(c) : verify_acm_issued(c));
    /* A listener that passes TCP through takes the certificate when it
     * becomes a TLS listener (step_terminate), not as an SNI certificate. */
    if ((c->is_lb || d->aws.kind == AWSNAME_NONE) && !(untrusted && d->aws.kind == AWSNAME_NLB))
        step_attach(c, FIX_CERT, true, true);
    if (terminate && !c->st.terminated)
        step_terminate(c, name, &why, false);
}

/* ---------------------------------------------------------------- chain */

static void
guide_chain(struct ctx *c)
{
    const struct chain_report *ch = &c->d->chain;
    struct sbuf why = {0}, cmd = {0};
    struct fixes_cmd_acm a = acm_of(c);
    size_t k, nfiles = 0;
    bool missing = has_finding(c->d, F_CHAIN_INCOMPLETE) || (ch->npath && !ch->complete);
    char **files;

    sb_printf(&why, _("The server must send the leaf certificate first, then the certificate "
                      "that issued it, and so on: CloudFront neither re-sorts the chain nor "
                      "fetches a missing intermediate. The root may be left out.\n"));
    /* The files, in the order to send: sentN.pem holds what the server
     * sent as #N (numbered from #0, as the Certificate step does), so the
     * commands are built from the computed order, never from names. */
    files = xreallocarray(NULL, ch->npath + 2, sizeof *files);
    if (ch->npath) {
        sb_printf(&why, _("The order to send (#N: the place the server sent it at, counted from "
                          "#0 as in the Certificate step):\n"));
        for (k = 0; k < ch->npath && k < OBS_MAX_CERTS; k++) {
            const struct chain_node *n = &ch->nodes[ch->path[k]];

            sb_printf(&why, "  #%zu  ", n->index);
            sb_sanitized(&why, n->subject);
            if (n->problems & CHAIN_P_ROOT)
                sb_printf(&why, " %s", _("(root: may be left out)"));
            else
                files[nfiles++] = xasprintf("sent%zu.pem", n->index);
            if (k > 0 && (n->problems & (CHAIN_P_EXPIRED | CHAIN_P_NOT_YET_VALID)))
                sb_printf(&why, " %s", _("(expired or not yet valid: get the CA's current one)"));
            sb_printf(&why, "\n");
        }
        if (missing) {
            const struct chain_node *last = &ch->nodes[ch->path[ch->npath - 1]];

            sb_printf(&why, "  -   ");
            sb_printf(&why, _("missing: the CA certificate named "));
            sb_sanitized(&why, last->issuer);
            sb_printf(&why, " %s\n", _("(get it from your CA)"));
        }
    } else if (missing) {
        sb_printf(&why, _("An intermediate certificate is missing: get it from your CA.\n"));
    }
    if (has_finding(c->d, F_CHAIN_EXTRA)) {
        sb_printf(&why, _("Leave out certificates that are not on the path:\n"));
        for (k = 0; k < ch->nnodes; k++)
            if (ch->nodes[k].problems & CHAIN_P_UNRELATED) {
                sb_printf(&why, "  #%zu  ", ch->nodes[k].index);
                sb_sanitized(&why, ch->nodes[k].subject);
                sb_printf(&why, "\n");
            }
    }

    if (nfiles == 0)
        files[nfiles++] = xstrdup("sent0.pem");
    if (missing)
        files[nfiles++] = xstrdup("issuer-from-ca.pem");
    if (shell_safe(c->origin)) {
        cmd_comment(&cmd, _("the certificates as the server sends them: #0 in sent0.pem, #1 in "
                            "sent1.pem, ..."));
        fixes_cmd_line(&cmd, fixes_cmd_save_chain(c->origin, c->port, c->sni));
    }
    cmd_comment(&cmd, _("nginx: the leaf, then each issuer in the order above, in one file"));
    fixes_cmd_line(&cmd, fixes_cmd_cat((const char *const *)files, nfiles, "fullchain.pem"));
    cmd_nginx_conf(&cmd, "ssl_certificate     /etc/nginx/fullchain.pem;");
    fixes_cmd_line(&cmd, fixes_cmd_nginx_reload());
    cmd_comment(&cmd, _("ACM (imported certificate): the chain file holds the issuers in the same "
                        "order, without the leaf"));
    if (nfiles > 1)
        fixes_cmd_line(&cmd, fixes_cmd_cat((const char *const *)files + 1, nfiles - 1,
                                           "CertificateChain.pem"));
    a.reimport = true;
    a.certificate = files[0];
    fixes_cmd_line(&cmd, fixes_cmd_acm_import(&a));
    for (k = 0; k < nfiles; k++)
        free(files[k]);
    free(files);
    add_step(c->d, FIX_CHAIN, xstrdup(_("Send the complete chain in order")), sb_take(&why),
             sb_take(&cmd), verify_retest(c));
}

/* ----------------------------------------------------------- TLS policy */

static void
guide_tls_policy(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    const struct obs_origin *o = c->d->obs;
    bool only13 = false, noversion = false, nocipher = false;
    int best_old = -1; /* highest version below TLS 1.2 the server takes, when it lacks 1.2 */
    const char *suite = NULL;
    size_t a;

    for (a = 0; a < o->naddrs; a++) {
        const struct obs_addr *ad = &o->addrs[a];

        switch (diag_explain(c->d, a)) {
        case EXPLAIN_ONLY_TLS13:
            only13 = true;
            break;
        case EXPLAIN_NO_COMMON_VERSION:
            noversion = true;
            break;
        case EXPLAIN_NO_COMMON_CIPHER:
            nocipher = true;
            if (!suite)
                suite = ad->explain.any_cipher_suite;
            break;
        default:
            break;
        }
        if (ad->explain.ran && ad->explain.version_ok[OBS_TLS12] == 0) {
            int v = ad->explain.version_ok[OBS_TLS11] == 1   ? OBS_TLS11
                    : ad->explain.version_ok[OBS_TLS10] == 1 ? OBS_TLS10
                                                             : -1;
            if (v > best_old)
                best_old = v;
        }
    }
    sb_printf(&why, _("CloudFront speaks TLS 1.0 to 1.2 to origins (from the Minimum Origin SSL "
                      "Protocol up), never TLS 1.3, with ECDHE-ECDSA or ECDHE-RSA AES suites (no "
                      "ChaCha20, no DHE). The origin must accept TLS 1.2 with one of them.\n"));
    if (only13)
        sb_printf(&why, _("The server speaks only TLS 1.3: enable TLS 1.2 as well (for a load "
                          "balancer, a policy that keeps TLS 1.2, never a TLS 1.3-only one).\n"));
    if (noversion)
        sb_printf(&why, _("The server accepts none of the versions CloudFront offers.\n"));
    if (nocipher) {
        sb_printf(&why, _("The server accepts none of CloudFront's cipher suites"));
        if (suite) {
            sb_printf(&why, _("; offered anything, it picked "));
            sb_sanitized(&why, suite);
        }
        sb_printf(&why, ".\n");
    }
    if (best_old < 0 && !only13) /* lowering the floor never reaches TLS 1.3 */
        sb_printf(&why, _("Lower the Minimum Origin SSL Protocol in CloudFront only if the server "
                          "cannot do TLS 1.2.\n"));

    if (c->is_lb || c->d->aws.kind == AWSNAME_NONE) {
        struct fixes_cmd_elb e = elb_of(c);

        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", c->is_lb);
        cmd_describe_listeners(&cmd, c);
        e.ssl_policy = ELB_TLS_POLICY;
        fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
        if (c->d->aws.kind != AWSNAME_NLB) {
            cmd_comment(&cmd, _("a Classic Load Balancer instead:"));
            e.policy_name = "origin-doctor-tls12";
            e.ssl_policy = CLB_TLS_POLICY;
            fixes_cmd_line(&cmd, fixes_cmd_clb_create_policy(&e));
            fixes_cmd_line(&cmd, fixes_cmd_clb_set_policy(&e));
        }
    }
    cmd_comment(&cmd, _("a server that terminates TLS itself (nginx):"));
    cmd_nginx_conf(&cmd, "ssl_protocols TLSv1.2 TLSv1.3;");
    cmd_nginx_conf(&cmd, "ssl_ciphers %s;", NGINX_CIPHERS);
    cmd_nginx_conf(&cmd, "ssl_ecdh_curve X25519:prime256v1:secp384r1;");
    fixes_cmd_line(&cmd, fixes_cmd_nginx_reload());
    add_step(c->d, FIX_TLS_POLICY,
             xstrdup(_("Let the origin speak TLS 1.2 with CloudFront's cipher suites")),
             sb_take(&why), sb_take(&cmd), verify_retest(c));

    if (best_old >= 0) {
        static const char *const api[] = {"TLSv1", "TLSv1.1", "TLSv1.2"};
        const char *cli = best_old == OBS_TLS10 ? "TLSv1" : "TLSv1.1";
        char *v, *rt;
        struct ctx lowered = *c;

        sb_printf(&why,
                  _("Only if the server cannot be upgraded: it speaks at most %s. Allow it "
                    "in CloudFront's Minimum Origin SSL Protocol; older protocols are "
                    "weaker.\n"),
                  cli);
        /* From the oldest the server speaks up to TLS 1.2. */
        cmd_cloudfront_edit(
            &cmd, c, c->st.current,
            (struct fixes_cmd_cf){.ssl_protocols = api + best_old,
                                  .nssl_protocols = (size_t)(OBS_TLS12 - best_old + 1)});
        lowered.min_proto = best_old == OBS_TLS10 ? TARGET_TLS10 : TARGET_TLS11;
        rt = retest_cmd(&lowered, c->st.current, c->host, true);
        v = xasprintf(_("Re-test with the lowered minimum:\n%s"), rt);
        free(rt);
        add_step(c->d, FIX_TLS_POLICY,
                 /* TRANSLATORS: %s is a protocol version such as TLSv1.1. */
                 xasprintf(_("Last resort: lower the Minimum Origin SSL Protocol to %s"), cli),
                 sb_take(&why), sb_take(&cmd), v);
    }
}

/* ------------------------------------------------------ client certificate */

static void
guide_client_cert(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    char *v;

    sb_printf(&why, _("The origin asks for a client certificate and CloudFront sends none unless "
                      "origin mutual TLS is configured. Make it optional or turn it off.\n"));
    cmd_comment(&cmd, _("nginx:"));
    cmd_nginx_conf(&cmd, "ssl_verify_client off;");
    fixes_cmd_line(&cmd, fixes_cmd_nginx_reload());
    if (c->is_lb || c->d->aws.kind == AWSNAME_NONE) {
        cmd_comment(&cmd, _("Application Load Balancer mutual TLS:"));
        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", false);
        cmd_describe_listeners(&cmd, c);
        struct fixes_cmd_elb e = elb_of(c);

        e.mutual_authentication = "off";
        cmd_cli_newer(&cmd, "--mutual-authentication", _("November 2023"));
        fixes_cmd_line(&cmd, fixes_cmd_elb_modify_listener(&e));
    }
    add_step(c->d, FIX_CLIENT_CERT, xstrdup(_("Stop requiring a client certificate")),
             sb_take(&why), sb_take(&cmd), verify_retest(c));

    sb_printf(&why, _("Or keep mutual TLS and give CloudFront a client certificate (origin mutual "
                      "TLS): an ACM certificate in us-east-1, set as the origin's "
                      "OriginMtlsConfig.ClientCertificateArn. The origin must still present a "
                      "publicly trusted certificate. origin-doctor cannot present CloudFront's "
                      "client certificate, so check through the distribution.\n"));
    /* CloudFront takes its client certificates from ACM in us-east-1. */
    fixes_cmd_line(&cmd, fixes_cmd_acm_import(&(struct fixes_cmd_acm){.region = "us-east-1",
                                                                      .certificate = "client.pem",
                                                                      .chain = "client-chain.pem",
                                                                      .private_key = "client.key",
                                                                      .client = true}));
    cmd_cli_newer(&cmd, "OriginMtlsConfig", _("late 2025"));
    cmd_cloudfront_edit(&cmd, c, c->st.current,
                        (struct fixes_cmd_cf){.client_cert_arn = UNKNOWN(CLIENT_CERT_ARN)});
    v = verify_viewer(c, c->st.current);
    add_step(c->d, FIX_CLIENT_CERT, xstrdup(_("Or configure origin mutual TLS in CloudFront")),
             sb_take(&why), sb_take(&cmd), v);
}

/* ---------------------------------------------------------- consistency */

static void
guide_consistency(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    const struct diag_origin *d = c->d;
    size_t a, i, listed = 0;
    char *rt, *v;

    sb_printf(&why, _("CloudFront may connect to any of the origin's addresses, so the ones that "
                      "fail make 502s intermittent. Addresses with problems:\n"));
    for (a = 0; a < d->obs->naddrs && listed < OBS_MAX_ADDRS; a++) {
        const char *text = d->obs->addrs[a].text;
        bool first = true;

        for (i = 0; i < d->nfindings; i++) {
            const struct finding *f = &d->findings[i];

            if (f->addr != (int)a || findings_def(f->id)->severity == SEV_INFO)
                continue;
            if (first)
                sb_printf(&why, "  %s: ", text);
            sb_printf(&why, "%s%s", first ? "" : "; ", _(findings_def(f->id)->title));
            first = false;
        }
        if (first)
            continue;
        sb_printf(&why, "\n");
        if (listed < LIST_MAX && shell_safe(text)) {
            fixes_cmd_line(&cmd, fixes_cmd_peer_cert(text, c->port, c->sni));
        }
        listed++;
    }
    if (!listed)
        sb_printf(&why, "  %s\n", _("(none named: compare every address)"));
    sb_printf(&why, _("Find what serves them (a target, an old node, another server behind the "
                      "same name), fix it, and re-test until every address agrees.\n"));
    if (c->is_lb) {
        cmd_comment(&cmd,
                    _("behind a load balancer that passes TCP through, each target serves its own "
                      "certificate:"));

        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", false);
        cmd_target_health(&cmd, c);
    }
    rt = retest_cmd(c, c->st.current, c->host, true);
    v = xasprintf(_("Re-test until every address completes the handshake with the same "
                    "certificate:\n%s"),
                  rt);
    free(rt);
    add_step(c->d, FIX_CONSISTENCY, xstrdup(_("Make every address serve the same certificate")),
             sb_take(&why), sb_take(&cmd), v);
}

/* ------------------------------------------------------------ origin HTTP */

/* After the handshake: the origin's application (or the load balancer in
 * front of it) is what has to change; origin-doctor can name what it saw
 * and how to look, not the cause inside the application. */
static void
guide_origin_http(struct ctx *c)
{
    struct sbuf why = {0}, cmd = {0};
    char *rt, *v;

    if (has_finding(c->d, F_HTTP_TIMEOUT))
        sb_printf(&why, _("CloudFront waits the origin read timeout for the first byte and for "
                          "each gap (30 s by default, up to 120 s). Find why the application is "
                          "slow or stuck on this request (its logs, a database, a target that "
                          "hangs); only if it is slow by design, raise the distribution's "
                          "OriginReadTimeout for this origin.\n"));
    if (has_finding(c->d, F_HTTP_CLOSED))
        sb_printf(&why, _("The origin closed the connection after CloudFront's request. Look in "
                          "the server's error log for the request (its X-Amz-Cf-Id is in the "
                          "report): a crash, a worker limit, or a proxy that drops requests "
                          "whose Host it does not serve.\n"));
    if (has_finding(c->d, F_HTTP_MALFORMED))
        sb_printf(&why, _("What answers on this port after the handshake is not an HTTP server "
                          "(or sends an enormous header block). Check what listens there and "
                          "that TLS is terminated in front of the HTTP application, not in "
                          "front of something else.\n"));
    if (has_finding(c->d, F_HTTP_ORIGIN_ERROR))
        sb_printf(&why, _("The origin answered 5xx itself; viewers get that answer. With a load "
                          "balancer, a 502/503 usually means no healthy target: check the "
                          "target group's health and the application's logs.\n"));
    fixes_cmd_line(&cmd, fixes_cmd_listening(c->port));
    if (c->is_lb) {
        cmd_lb_lookup(&cmd, c, "LoadBalancerArn", false);
        cmd_target_health(&cmd, c);
    }
    rt = retest_cmd(c, c->st.current, c->host, true);
    v = xasprintf(_("Re-test: every address must answer CloudFront's request in time with an "
                    "HTTP response:\n%s"),
                  rt);
    free(rt);
    add_step(c->d, FIX_ORIGIN_HTTP, xstrdup(_("Make the origin answer CloudFront's request")),
             sb_take(&why), sb_take(&cmd), v);
}

/* ------------------------------------------------- load balancer rules */

/* The listener's default action answers CloudFront's request because no
 * rule matches the Host CloudFront sends (diag.c, lb_rules_judgement; the
 * rules come from the account, so their ARNs are real).  Either the rule
 * of the application learns that Host, or, when the rules were written for
 * the viewer's names and Host is not forwarded, CloudFront forwards the
 * viewer's Host: which one applies is said. */
static void
guide_lb_rules(struct ctx *c)
{
    const struct account_origin *a = c->facts->account ? c->facts->account : c->d->obs->account;
    const struct target *t = &c->d->obs->target;
    const char *sent = c->host ? c->host : t->name;
    const struct account_rule *rule = NULL;
    const char *viewer = NULL;
    struct sbuf why = {0}, cmd = {0};
    struct fixes_cmd_elb e = elb_of(c);
    char *rt, *v, *h, *rh, *prio, *list;
    size_t i, k, m;

    if (!a || !a->rules_read || !sent)
        return;
    /* The application's rule: the first that forwards, else the first. */
    for (i = 0; i < a->nrules && !rule; i++)
        if (!a->rules[i].is_default && a->rules[i].action &&
            strcmp(a->rules[i].action, "forward") == 0 && acct_value(a->rules[i].arn))
            rule = &a->rules[i];
    for (i = 0; i < a->nrules && !rule; i++)
        if (!a->rules[i].is_default && acct_value(a->rules[i].arn))
            rule = &a->rules[i];
    if (!rule)
        return;
    /* A viewer's name that a rule expects, when CloudFront does not send it. */
    for (i = 0; !c->host && c->facts->dist && i < c->facts->naliases && !viewer; i++)
        for (k = 0; k < a->nrules && !viewer; k++)
            for (m = 0; !a->rules[k].is_default && m < a->rules[k].nhosts && !viewer; m++)
                if (shell_safe(c->facts->aliases[i]) &&
                    account_host_rule_match(a->rules[k].hosts[m], c->facts->aliases[i]))
                    viewer = c->facts->aliases[i];
    h = sanitize(sent);
    rh = rule->nhosts ? sanitize(rule->hosts[0]) : xstrdup("-");
    prio = sanitize(rule->priority ? rule->priority : "?");
    if (viewer)
        sb_printf(&why,
                  /* TRANSLATORS: the first %s is a host name CloudFront sends, the second a
                     viewer's host name. */
                  _("CloudFront sends Host: %s (the Origin Domain Name; the behaviours do not "
                    "forward the viewer's Host), but the listener's rules expect the viewer's "
                    "names such as %s. Two ways; choose one: add %s to the rule of the "
                    "application (this step), or forward the viewer's Host header from "
                    "CloudFront (the next step), which also makes CloudFront check the viewer's "
                    "name in the origin's certificate.\n"),
                  h, viewer, h);
    else
        sb_printf(&why,
                  _("CloudFront sends Host: %s, and no rule of the listener matches it, so the "
                    "default action answers. Add %s to the host-header condition of the rule "
                    "that routes to the application.\n"),
                  h, h);
    /* The quotas: "up to three match evaluations per condition" and "up
     * to five match evaluations per rule" (Elastic Load Balancing, "Condition
     * types for listener rules", Condition basics:
     * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html). */
    sb_printf(&why,
              /* TRANSLATORS: %s are a rule's priority and its first host-header value. */
              _("The commands change the rule with priority %s (host %s), the first that "
                "forwards; if the application is behind another rule, use that rule's ARN from "
                "the list. A condition holds at most three values, and a rule five in all: "
                "when the rule has no room left, add a rule for this host instead.\n"),
              prio, rh);
    fixes_cmd_line(&cmd, fixes_cmd_elb_rules(&e));
    fixes_cmd_line(&cmd, fixes_cmd_elb_rule_add_host(&e, rule->arn, sent, "rule-conditions.json"));
    rt = retest_cmd(c, c->st.current, c->host, true);
    list = fixes_cmd_elb_rules(&e);
    v = xasprintf(_("The rule must now list %s:\n%s\nRe-test: http.lb_default_action must be "
                    "gone:\n%s"),
                  h, list, rt);
    free(list);
    free(rt);
    add_step(c->d, FIX_LB_RULES,
             /* TRANSLATORS: %s is a host name. */
             xasprintf(_("Route Host %s to the application on the load balancer"), h),
             sb_take(&why), sb_take(&cmd), v);
    free(rh);
    free(prio);

    if (viewer && c->facts->nbehaviors) {
        struct sbuf names = {0};

        sb_behaviors(&names, c);
        list = sb_take(&names);
        sb_printf(&why,
                  /* TRANSLATORS: %s is a list of path patterns. */
                  _("Or forward the viewer's Host header on the behaviours that reach this "
                    "origin (%s): the load balancer then gets the viewer's names, which its "
                    "rules expect. CloudFront then checks the viewer's name in the origin's "
                    "certificate: the listener needs a certificate that covers it.\n"),
                  list);
        cmd_host_edit(&cmd, c, true);
        add_step(c->d, FIX_LB_RULES,
                 /* TRANSLATORS: %s is a list of path patterns. */
                 xasprintf(_("Or forward the viewer's Host header on %s"), list), sb_take(&why),
                 sb_take(&cmd), verify_viewer(c, c->origin));
        free(list);
    }
    free(h);
}

/* ------------------------------------------------------------- dispatch */

/* The guides, in the order their steps are shown: get there (DNS,
 * reachability, protocol), then the name, the certificate and the chain,
 * then the handshake details, then the odd addresses. */
static const struct guide {
    enum fix_kind kind;
    void (*build)(struct ctx *c);
} guides[] = {
    {FIX_DNS, guide_dns},
    {FIX_REACH, guide_reach},
    {FIX_PORT_PROTOCOL, guide_port_protocol},
    {FIX_CUSTOM_DOMAIN, guide_custom_domain},
    {FIX_CERT, guide_cert},
    {FIX_CHAIN, guide_chain},
    {FIX_TLS_POLICY, guide_tls_policy},
    {FIX_CLIENT_CERT, guide_client_cert},
    {FIX_CONSISTENCY, guide_consistency},
    {FIX_ORIGIN_HTTP, guide_origin_http},
    {FIX_LB_RULES, guide_lb_rules},
};

/* CloudFront's side comes first and last: the first step starts with the
 * viewer request that shows the error is CloudFront's (and how to find it
 * in the standard log), the last check ends with the same request, which
 * must no longer get it.  The log field and its values are AWS's
 * "Standard logging reference" (Log file fields, x-edge-detailed-result-type):
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html
 */
static void
confirm_cloudfront(struct ctx *c)
{
    struct fix_step *first = &c->d->fixes[0], *last = &c->d->fixes[c->d->nfixes - 1];
    struct sbuf why = {0}, cmd = {0}, req = {0};
    char *request, *v;

    sb_printf(&why, _("Confirm from CloudFront's side first (the first command requests the site "
                      "through CloudFront). A 502 or 504 with X-Cache: Error from cloudfront was "
                      "made by CloudFront itself: it got no usable answer from the origin. "
                      "X-Amz-Cf-Id is that request's id: find it in the distribution's standard "
                      "log (field x-edge-request-id), whose field x-edge-detailed-result-type "
                      "says what failed: OriginDnsError (the origin's name did not resolve), "
                      "OriginConnectError (CloudFront could not connect: TCP or TLS), "
                      "OriginCommError (connecting or reading timed out), OriginReadError, "
                      "OriginError or OriginInvalidResponseError (the origin's response). Give "
                      "the id to AWS Support when you ask them.\n"));
    sb_printf(&why, "%s", first->why ? first->why : "");
    free(first->why);
    first->why = sb_take(&why);

    cmd_viewer_request(&req, c, c->origin);
    request = sb_take(&req);
    cmd_comment(&cmd, _("CloudFront's side: its answer's status, X-Cache and X-Amz-Cf-Id"));
    sb_printf(&cmd, "%s\n", request);
    if (first->commands)
        sb_printf(&cmd, "%s\n", first->commands);
    free(first->commands);
    first->commands = sb_take(&cmd);

    /* The last check, unless it already is a request through CloudFront. */
    if (!last->verify || !strstr(last->verify, "curl -sI ")) {
        if (c->s && c->s->viewer_url) {
            char *q = fixes_cmd_quote(c->s->viewer_url);

            v = xasprintf(_("%s\nThen, once the distribution is deployed, request the URL as a "
                            "viewer: it must not answer CloudFront's 502/504 (a cached error can "
                            "last the error caching minimum TTL, 10 s by default):\norigin-doctor "
                            "%s"),
                          last->verify ? last->verify : "", q);
            free(q);
        } else {
            char *through = verify_viewer(c, c->st.current);

            v = xasprintf("%s\n%s", last->verify ? last->verify : "", through);
            free(through);
        }
        free(last->verify);
        last->verify = v;
    }
    free(request);
}

void
fixes_build(struct diag_origin *d, const struct target_settings *s)
{
    fixes_build_for(d, s, NULL);
}

void
fixes_build_for(struct diag_origin *d, const struct target_settings *s, const char *domain)
{
    /* 2: an error points to the guide, 1: only a warning does.  Guides
     * for errors come first: they are what stands between the user and
     * a working origin. */
    int wanted[FIX_COUNT] = {0};
    struct ctx c;
    size_t i;
    int pass;

    fixes_clear(d);
    if (!d->obs)
        return;
    for (i = 0; i < d->nfindings; i++) {
        const struct finding_def *def = findings_def(d->findings[i].id);
        int w = def->severity == SEV_ERROR ? 2 : def->severity == SEV_WARNING ? 1 : 0;

        if (w > wanted[def->fix])
            wanted[def->fix] = w;
    }
    ctx_init(&c, d, s, domain);
    for (pass = 2; pass >= 1; pass--)
        for (i = 0; i < sizeof guides / sizeof guides[0]; i++)
            if (wanted[guides[i].kind] == pass)
                guides[i].build(&c);
    if (d->nfixes)
        confirm_cloudfront(&c);
    /* The last check is where viewers see it: the URL the user started
     * from, requested again through CloudFront. */
    if (d->nfixes && s && s->viewer_url) {
        struct fix_step *last = &d->fixes[d->nfixes - 1];
        char *q = fixes_cmd_quote(s->viewer_url), *v;

        /* The distribution this origin belongs to, else the one serving
         * the URL; unknown: the DIST_ID the steps above set. */
        const char *id = c.dist_id ? c.dist_id : s->viewer_distribution;
        char *qid = id ? fixes_cmd_quote(id) : xstrdup("\"${DIST_ID:?}\"");

        v = xasprintf(_("%s\nThen wait until the distribution is deployed: this must print "
                        "Deployed (InProgress: the edges still have the old configuration):\n"
                        "aws cloudfront get-distribution --id %s --query Distribution.Status "
                        "--output text\nThen request the URL as a viewer: CloudFront must answer "
                        "without \"Error from cloudfront\" (a cached 502/504 can last the error "
                        "caching minimum TTL, 10 s by default):\norigin-doctor %s"),
                      last->verify ? last->verify : "", qid, q);
        free(qid);
        free(q);
        free(last->verify);
        last->verify = v;
    }
}

void
fixes_clear(struct diag_origin *d)
{
    diag_clear_fixes(d);
}
