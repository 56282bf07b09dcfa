#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>
#include <stdint.h>
#include <time.h>

#include "account.h"
#include "awsname.h"
#include "names.h"
#include "i18n.h"
#include "obs.h"
#include "xmalloc.h"

/* The longest string kept from an answer (ARNs are at most 2048). */
#define MAX_STR 2048

#define X_ROW(e, svc, op, action) {svc, op, action},
static const struct {
    const char *service, *operation, *action;
} calls[] = {ACCOUNT_CALL_TABLE(X_ROW)};
#undef X_ROW

const char *
account_call_service(enum account_call c)
{
    return calls[c].service;
}

const char *
account_call_operation(enum account_call c)
{
    return calls[c].operation;
}

const char *
account_call_action(enum account_call c)
{
    return calls[c].action;
}

#define X_NAME(e, name) name,
static const char *const access_names[] = {ACCOUNT_ACCESS_TABLE(X_NAME)};
#undef X_NAME

const char *
account_access_name(enum account_access a)
{
    return access_names[a];
}

/* ------------------------------------------------------------ helpers */

/* A string member, when it is a string of sensible length; else NULL. */
static const char *
str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s && strlen(s) <= MAX_STR ? s : NULL;
}

static char *
dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static void
set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = dup_or_null(s);
}

/* The DNS name without a "dualstack." prefix and a final dot: start and
 * length. */
static const char *
dns_core(const char *s, size_t *len)
{
    if (strncasecmp(s, "dualstack.", 10) == 0)
        s += 10;
    *len = strlen(s);
    if (*len && s[*len - 1] == '.')
        (*len)--;
    return s;
}

bool
account_same_dns(const char *a, const char *b)
{
    size_t la, lb;

    if (!a || !b)
        return false;
    a = dns_core(a, &la);
    b = dns_core(b, &lb);
    return la > 0 && la == lb && strncasecmp(a, b, la) == 0;
}

bool
account_arn_region(const char *arn, char *buf, size_t size)
{
    const char *p = arn;
    int i;
    size_t n;

    if (!arn || strncmp(arn, "arn:", 4) != 0)
        return false;
    for (i = 0; i < 3; i++) {
        p = strchr(p, ':');
        if (!p)
            return false;
        p++;
    }
    n = strcspn(p, ":");
    if (n == 0 || n >= size || !p[n])
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return true;
}

bool
account_name_covers(const char *pattern, const char *host)
{
    size_t lp, lh;

    if (!pattern || !host)
        return false;
    pattern = dns_core(pattern, &lp);
    host = dns_core(host, &lh);
    if (lp == 0 || lh == 0)
        return false;
    if (lp > 2 && pattern[0] == '*' && pattern[1] == '.') {
        /* One label, not empty, for the star. */
        const char *dot = memchr(host, '.', lh);
        size_t rest;
        if (!dot || dot == host)
            return false;
        rest = lh - (size_t)(dot + 1 - host);
        return rest == lp - 2 && strncasecmp(dot + 1, pattern + 2, rest) == 0;
    }
    return lp == lh && strncasecmp(pattern, host, lp) == 0;
}

static void
strv_push(char ***v, size_t *n, const char *s)
{
    size_t i;

    if (!s || *n >= ACCOUNT_MAX_ITEMS)
        return;
    for (i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return;
    *v = xreallocarray(*v, *n + 1, sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

static void
strv_free(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* "Name." lower case without the final dot, fresh. */
static char *
record_name(const char *s)
{
    size_t n, i;
    char *r;

    s = dns_core(s, &n);
    /* Route 53 writes * as \052. */
    r = xstrndup(s, n);
    if (strncmp(r, "\\052.", 5) == 0) {
        memmove(r + 1, r + 4, strlen(r + 4) + 1);
        r[0] = '*';
    }
    for (i = 0; r[i]; i++)
        if (r[i] >= 'A' && r[i] <= 'Z')
            r[i] = (char)(r[i] - 'A' + 'a');
    return r;
}

/* ------------------------------------------------------------- readers */

bool
account_read_lbs(const json_t *doc, bool classic, struct account_origin *a)
{
    const json_t *list =
        json_object_get(doc, classic ? "LoadBalancerDescriptions" : "LoadBalancers");
    size_t i, k;

    if (!json_is_array(list) || !a->lb_dns)
        return false;
    for (i = 0; i < json_array_size(list); i++) {
        const json_t *lb = json_array_get(list, i);
        const json_t *sgs = json_object_get(lb, "SecurityGroups");

        if (!account_same_dns(str(lb, "DNSName"), a->lb_dns))
            continue;
        a->lb_found = true;
        set_str(&a->lb_dns_name, str(lb, "DNSName"));
        set_str(&a->lb_name, str(lb, "LoadBalancerName"));
        set_str(&a->lb_scheme, str(lb, "Scheme"));
        if (classic) {
            const json_t *ls = json_object_get(lb, "ListenerDescriptions");
            free(a->lb_arn);
            a->lb_arn = NULL;
            set_str(&a->lb_type, "classic");
            set_str(&a->lb_zone, str(lb, "CanonicalHostedZoneNameID"));
            set_str(&a->vpc_id, str(lb, "VPCId"));
            /* The listeners come with the load balancer. */
            a->listeners_read = json_is_array(ls);
            for (k = 0; json_is_array(ls) && k < json_array_size(ls); k++) {
                const json_t *l = json_object_get(json_array_get(ls, k), "Listener");
                const char *cert = str(l, "SSLCertificateId");
                if (json_integer_value(json_object_get(l, "LoadBalancerPort")) !=
                    (json_int_t)a->port)
                    continue;
                a->listener_found = true;
                set_str(&a->listener_protocol, str(l, "Protocol"));
                if (cert && strncmp(cert, "arn:", 4) == 0 && a->ncerts == 0) {
                    a->certs = xcalloc(1, sizeof *a->certs);
                    a->certs[0].arn = xstrdup(cert);
                    a->certs[0].is_default = true;
                    a->ncerts = 1;
                }
                a->certs_read = true;
                break;
            }
        } else {
            const char *t = str(lb, "Type");
            set_str(&a->lb_arn, str(lb, "LoadBalancerArn"));
            set_str(&a->lb_type, t ? t : "application");
            set_str(&a->lb_zone, str(lb, "CanonicalHostedZoneId"));
            set_str(&a->vpc_id, str(lb, "VpcId"));
        }
        strv_free(a->sgs, a->nsgs);
        a->sgs = NULL;
        a->nsgs = 0;
        for (k = 0; json_is_array(sgs) && k < json_array_size(sgs); k++) {
            const char *g = json_string_value(json_array_get(sgs, k));
            if (g && *g && strlen(g) <= 64)
                strv_push(&a->sgs, &a->nsgs, g);
        }
        return true;
    }
    return false;
}

bool
account_read_listeners(const json_t *doc, struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "Listeners");
    size_t i, k;

    if (!json_is_array(list))
        return false;
    a->listeners_read = true;
    for (i = 0; i < json_array_size(list); i++) {
        const json_t *l = json_array_get(list, i);
        const json_t *certs = json_object_get(l, "Certificates");

        if (json_integer_value(json_object_get(l, "Port")) != (json_int_t)a->port)
            continue;
        a->listener_found = true;
        set_str(&a->listener_arn, str(l, "ListenerArn"));
        set_str(&a->listener_protocol, str(l, "Protocol"));
        set_str(&a->ssl_policy, str(l, "SslPolicy"));
        /* The default certificate; describe-listener-certificates adds
         * the SNI list. */
        for (k = 0; json_is_array(certs) && k < json_array_size(certs) && a->ncerts == 0; k++) {
            const char *arn = str(json_array_get(certs, k), "CertificateArn");
            if (!arn)
                continue;
            a->certs = xcalloc(1, sizeof *a->certs);
            a->certs[0].arn = xstrdup(arn);
            a->certs[0].is_default = true;
            a->ncerts = 1;
        }
        return true;
    }
    return false;
}

static struct account_cert *
cert_add(struct account_origin *a, const char *arn)
{
    size_t i;

    for (i = 0; i < a->ncerts; i++)
        if (strcmp(a->certs[i].arn, arn) == 0)
            return &a->certs[i];
    if (a->ncerts >= ACCOUNT_MAX_ITEMS)
        return NULL;
    a->certs = xreallocarray(a->certs, a->ncerts + 1, sizeof *a->certs);
    memset(&a->certs[a->ncerts], 0, sizeof *a->certs);
    a->certs[a->ncerts].arn = xstrdup(arn);
    return &a->certs[a->ncerts++];
}

void
account_read_listener_certs(const json_t *doc, struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "Certificates");
    size_t i;

    if (!json_is_array(list))
        return;
    for (i = 0; i < json_array_size(list); i++) {
        const json_t *c = json_array_get(list, i);
        const char *arn = str(c, "CertificateArn");
        struct account_cert *ac;
        if (!arn || !(ac = cert_add(a, arn)))
            continue;
        if (json_is_true(json_object_get(c, "IsDefault")))
            ac->is_default = true;
    }
    /* Default first, the rest in ELB's order. */
    for (i = 1; i < a->ncerts; i++)
        if (a->certs[i].is_default && !a->certs[0].is_default) {
            struct account_cert t = a->certs[0];
            a->certs[0] = a->certs[i];
            a->certs[i] = t;
        }
    a->certs_read = true;
}

bool
account_host_rule_match(const char *pattern, const char *host)
{
    /* ELB compares host-header values in any case. */
    return names_glob(pattern, host, strlen(host), true);
}

/* The action that answers: the one with the highest Order (authenticate
 * actions come before it), else the last. */
static const json_t *
final_action(const json_t *actions)
{
    const json_t *best = NULL;
    json_int_t bo = -1;
    size_t i;

    for (i = 0; json_is_array(actions) && i < json_array_size(actions); i++) {
        const json_t *x = json_array_get(actions, i);
        const json_t *o = json_object_get(x, "Order");
        json_int_t v = json_is_integer(o) ? json_integer_value(o) : (json_int_t)i;
        if (json_is_object(x) && v >= bo) {
            bo = v;
            best = x;
        }
    }
    return best;
}

static void
rule_clear(struct account_rule *r)
{
    free(r->arn);
    free(r->priority);
    strv_free(r->hosts, r->nhosts);
    free(r->action);
    free(r->target_group);
}

/* Numeric priorities first in order, "default" last. */
static int
rule_cmp(const void *x, const void *y)
{
    const struct account_rule *a = x, *b = y;
    long pa = a->is_default ? LONG_MAX : strtol(a->priority ? a->priority : "0", NULL, 10);
    long pb = b->is_default ? LONG_MAX : strtol(b->priority ? b->priority : "0", NULL, 10);
    return pa < pb ? -1 : pa > pb;
}

void
account_read_rules(const json_t *doc, struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "Rules");
    const char *next = str(doc, "NextMarker");
    size_t i, k, m;

    if (!json_is_array(list))
        return;
    for (i = 0; i < json_array_size(list) && a->nrules < ACCOUNT_MAX_ITEMS; i++) {
        const json_t *rj = json_array_get(list, i);
        const json_t *conds = json_object_get(rj, "Conditions");
        const json_t *act = final_action(json_object_get(rj, "Actions"));
        struct account_rule *r;
        const char *type, *code;

        if (!json_is_object(rj))
            continue;
        a->rules = xreallocarray(a->rules, a->nrules + 1, sizeof *a->rules);
        r = &a->rules[a->nrules++];
        memset(r, 0, sizeof *r);
        r->arn = dup_or_null(str(rj, "RuleArn"));
        r->priority = dup_or_null(str(rj, "Priority"));
        r->is_default = json_is_true(json_object_get(rj, "IsDefault")) ||
                        (r->priority && strcmp(r->priority, "default") == 0);
        for (k = 0; json_is_array(conds) && k < json_array_size(conds); k++) {
            const json_t *c = json_array_get(conds, k);
            const json_t *cfg = json_object_get(c, "HostHeaderConfig");
            const json_t *vals = json_object_get(cfg, "Values");
            const json_t *regex = json_object_get(cfg, "RegexValues");

            if (!json_is_string(json_object_get(c, "Field")) ||
                strcmp(json_string_value(json_object_get(c, "Field")), "host-header") != 0)
                continue;
            if (json_is_array(regex) && json_array_size(regex) > 0)
                r->host_regex = true;
            if (!json_is_array(vals) || json_array_size(vals) == 0)
                vals = json_object_get(c, "Values"); /* the older form */
            for (m = 0; json_is_array(vals) && m < json_array_size(vals); m++) {
                const char *v = json_string_value(json_array_get(vals, m));
                if (!v || !*v || strlen(v) > 256 || r->nhosts >= ACCOUNT_MAX_RULE_HOSTS) {
                    r->host_regex = true; /* a value not kept: not judged */
                    continue;
                }
                r->hosts = xreallocarray(r->hosts, r->nhosts + 1, sizeof *r->hosts);
                r->hosts[r->nhosts++] = xstrdup(v);
                r->by_host = true;
            }
        }
        if (!act)
            continue;
        type = str(act, "Type");
        r->action = dup_or_null(type);
        if (type && strcmp(type, "fixed-response") == 0) {
            code = str(json_object_get(act, "FixedResponseConfig"), "StatusCode");
            r->status = code ? atoi(code) : 0;
        } else if (type && strcmp(type, "redirect") == 0) {
            code = str(json_object_get(act, "RedirectConfig"), "StatusCode"); /* HTTP_301 */
            r->status = code && strncmp(code, "HTTP_", 5) == 0 ? atoi(code + 5) : 0;
        } else if (type && strcmp(type, "forward") == 0) {
            const char *tg = str(act, "TargetGroupArn");
            const json_t *tgs =
                json_object_get(json_object_get(act, "ForwardConfig"), "TargetGroups");
            if (!tg && json_is_array(tgs) && json_array_size(tgs))
                tg = str(json_array_get(tgs, 0), "TargetGroupArn");
            r->target_group = dup_or_null(tg);
        }
        if (r->status < 100 || r->status > 599)
            r->status = 0;
    }
    if (a->nrules > 1)
        qsort(a->rules, a->nrules, sizeof *a->rules, rule_cmp);
    /* A page cut short leaves rules unknown: no judgement on part of them. */
    a->rules_read = !next && i == json_array_size(list);
}

static int64_t
json_time(const json_t *v)
{
    /* The CLI prints timestamps as epoch seconds (v1, json) or ISO 8601. */
    if (json_is_number(v)) {
        double d = json_number_value(v);
        return d > 0 && d < 253402300800.0 ? (int64_t)d : 0;
    }
    if (json_is_string(v)) {
        struct tm tm;
        const char *s = json_string_value(v);
        memset(&tm, 0, sizeof tm);
        if (strlen(s) >= 19 && strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
            return (int64_t)timegm(&tm);
    }
    return 0;
}

static void
cert_clear(struct account_cert *c)
{
    free(c->arn);
    free(c->domain);
    strv_free(c->names, c->nnames);
    free(c->status);
    free(c->type);
    free(c->key_algorithm);
    free(c->renewal);
    strv_free(c->in_use_by, c->nin_use_by);
    memset(c, 0, sizeof *c);
}

bool
account_read_cert(const json_t *doc, struct account_cert *c)
{
    const json_t *cd = json_object_get(doc, "Certificate");
    const json_t *sans = json_object_get(cd, "SubjectAlternativeNames");
    const json_t *use = json_object_get(cd, "InUseBy");
    size_t i;

    if (!json_is_object(cd) || !str(cd, "CertificateArn") ||
        strcmp(str(cd, "CertificateArn"), c->arn))
        return false;
    c->described = true;
    set_str(&c->domain, str(cd, "DomainName"));
    set_str(&c->status, str(cd, "Status"));
    set_str(&c->type, str(cd, "Type"));
    set_str(&c->key_algorithm, str(cd, "KeyAlgorithm"));
    set_str(&c->renewal, str(cd, "RenewalEligibility"));
    c->not_after = json_time(json_object_get(cd, "NotAfter"));
    if (c->domain)
        strv_push(&c->names, &c->nnames, c->domain);
    for (i = 0; json_is_array(sans) && i < json_array_size(sans); i++) {
        const char *s = json_string_value(json_array_get(sans, i));
        if (s && *s && strlen(s) <= 253)
            strv_push(&c->names, &c->nnames, s);
    }
    for (i = 0; json_is_array(use) && i < json_array_size(use); i++) {
        const char *s = json_string_value(json_array_get(use, i));
        if (s && *s && strlen(s) <= MAX_STR)
            strv_push(&c->in_use_by, &c->nin_use_by, s);
    }
    return true;
}

void
account_read_cert_list(const json_t *doc, const char *const *names, size_t n,
                       struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "CertificateSummaryList");
    size_t i, k, s;

    if (!json_is_array(list))
        return;
    a->cert_list_read = true;
    for (k = 0; k < n; k++) {
        struct account_cover cv = {xstrdup(names[k]), NULL, NULL};
        for (i = 0; i < json_array_size(list) && !cv.arn; i++) {
            const json_t *c = json_array_get(list, i);
            const json_t *sans = json_object_get(c, "SubjectAlternativeNameSummaries");
            const char *st = str(c, "Status");
            bool covers = account_name_covers(str(c, "DomainName"), names[k]);
            for (s = 0; !covers && json_is_array(sans) && s < json_array_size(sans); s++)
                covers = account_name_covers(json_string_value(json_array_get(sans, s)), names[k]);
            if (!covers || !st || strcmp(st, "ISSUED") != 0 || !str(c, "CertificateArn"))
                continue;
            cv.arn = xstrdup(str(c, "CertificateArn"));
            cv.cert_domain = dup_or_null(str(c, "DomainName"));
        }
        a->covers = xreallocarray(a->covers, a->ncovers + 1, sizeof *a->covers);
        a->covers[a->ncovers++] = cv;
    }
}

static const char *
zone_id_core(const char *id)
{
    return id && strncmp(id, "/hostedzone/", 12) == 0 ? id + 12 : id;
}

void
account_read_zones(const json_t *doc, char ***ids, char ***names, size_t *n)
{
    const json_t *list = json_object_get(doc, "HostedZones");
    size_t i;

    *ids = *names = NULL;
    *n = 0;
    for (i = 0; json_is_array(list) && i < json_array_size(list) && *n < ACCOUNT_MAX_ZONES; i++) {
        const json_t *z = json_array_get(list, i);
        const char *id = zone_id_core(str(z, "Id")), *name = str(z, "Name");
        /* CloudFront resolves in public DNS: private zones never count. */
        if (!id || !*id || !name || strlen(id) > 64 ||
            json_is_true(json_object_get(json_object_get(z, "Config"), "PrivateZone")))
            continue;
        *ids = xreallocarray(*ids, *n + 1, sizeof **ids);
        *names = xreallocarray(*names, *n + 1, sizeof **names);
        (*ids)[*n] = xstrdup(id);
        (*names)[*n] = record_name(name);
        (*n)++;
    }
}

void
account_read_records(const json_t *doc, const char *zone_id, const char *zone_name,
                     const char *origin, char **alias_of, struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "ResourceRecordSets");
    size_t i, k;

    for (i = 0; json_is_array(list) && i < json_array_size(list); i++) {
        const json_t *r = json_array_get(list, i);
        const char *name = str(r, "Name"), *type = str(r, "Type");
        const char *target = NULL;
        const json_t *rrs = json_object_get(r, "ResourceRecords");
        bool alias = false;

        if (!name || !type || strlen(name) > 254)
            continue;
        if (strcmp(type, "A") == 0 || strcmp(type, "AAAA") == 0) {
            target = str(json_object_get(r, "AliasTarget"), "DNSName");
            alias = true;
        } else if (strcmp(type, "CNAME") == 0 && json_is_array(rrs) && json_array_size(rrs) == 1) {
            target = str(json_array_get(rrs, 0), "Value");
        }
        if (!target)
            continue;
        if (alias_of && !*alias_of && origin && account_same_dns(name, origin)) {
            struct awsname an;
            char *t = record_name(target);
            awsname_classify(t, &an);
            if (an.kind == AWSNAME_ELB || an.kind == AWSNAME_NLB)
                *alias_of = t;
            else
                free(t);
        }
        if (!a->lb_dns || !account_same_dns(target, a->lb_dns) || a->nrecords >= ACCOUNT_MAX_ITEMS)
            continue;
        {
            char *rn = record_name(name);
            bool dup = false;
            /* A and AAAA of one name are one custom domain. */
            for (k = 0; k < a->nrecords; k++)
                dup = dup || (strcmp(a->records[k].name, rn) == 0 &&
                              strcmp(a->records[k].zone_id, zone_id) == 0);
            if (dup) {
                free(rn);
                continue;
            }
            a->records = xreallocarray(a->records, a->nrecords + 1, sizeof *a->records);
            a->records[a->nrecords].name = rn;
            a->records[a->nrecords].type = xstrdup(type);
            a->records[a->nrecords].alias = alias;
            a->records[a->nrecords].zone_id = xstrdup(zone_id);
            a->records[a->nrecords].zone_name = xstrdup(zone_name ? zone_name : "");
            a->nrecords++;
        }
    }
}

char *
account_read_prefix_list(const json_t *doc)
{
    const json_t *list = json_object_get(doc, "PrefixLists");
    size_t i;

    for (i = 0; json_is_array(list) && i < json_array_size(list); i++) {
        const json_t *p = json_array_get(list, i);
        const char *name = str(p, "PrefixListName"), *id = str(p, "PrefixListId");
        if (name && id && strcmp(name, ACCOUNT_CF_PREFIX_LIST) == 0 && strlen(id) <= 64)
            return xstrdup(id);
    }
    return NULL;
}

/* Does a permission (an IpPermissions entry) cover TCP port? */
static bool
perm_covers(const json_t *p, unsigned port)
{
    const char *proto = str(p, "IpProtocol");
    const json_t *from = json_object_get(p, "FromPort"), *to = json_object_get(p, "ToPort");

    if (!proto)
        return false;
    if (strcmp(proto, "-1") == 0)
        return true;
    if (strcmp(proto, "tcp") != 0 && strcmp(proto, "6") != 0)
        return false;
    if (!json_is_integer(from) || !json_is_integer(to))
        return true; /* no range: all ports */
    return json_integer_value(from) <= (json_int_t)port &&
           json_integer_value(to) >= (json_int_t)port;
}

static bool
nonempty(const json_t *p, const char *key)
{
    const json_t *v = json_object_get(p, key);
    return json_is_array(v) && json_array_size(v) > 0;
}

void
account_read_sgs(const json_t *doc, struct account_origin *a)
{
    const json_t *list = json_object_get(doc, "SecurityGroups");
    bool cf = false, other = false;
    size_t i, k, m, seen = 0;

    if (!json_is_array(list))
        return;
    for (i = 0; i < json_array_size(list); i++) {
        const json_t *g = json_array_get(list, i);
        const json_t *perms = json_object_get(g, "IpPermissions");
        const char *gid = str(g, "GroupId");
        bool ours = false;

        for (k = 0; gid && k < a->nsgs; k++)
            ours = ours || strcmp(a->sgs[k], gid) == 0;
        if (!ours)
            continue;
        seen++;
        for (k = 0; json_is_array(perms) && k < json_array_size(perms); k++) {
            const json_t *p = json_array_get(perms, k);
            const json_t *pls = json_object_get(p, "PrefixListIds");
            if (!perm_covers(p, a->port))
                continue;
            if (nonempty(p, "IpRanges") || nonempty(p, "Ipv6Ranges") ||
                nonempty(p, "UserIdGroupPairs"))
                other = true;
            for (m = 0; json_is_array(pls) && m < json_array_size(pls); m++) {
                const char *pl = str(json_array_get(pls, m), "PrefixListId");
                if (pl && a->prefix_list_id && strcmp(pl, a->prefix_list_id) == 0) {
                    cf = true;
                    if (!a->access_sg)
                        a->access_sg = xstrdup(gid);
                } else if (pl) {
                    other = true;
                }
            }
        }
    }
    if (seen < a->nsgs)
        a->access = ACCESS_UNKNOWN; /* a group was not in the answer */
    else
        a->access = other ? ACCESS_OPEN : cf ? ACCESS_CLOUDFRONT_ONLY : ACCESS_CLOSED;
}

/* ------------------------------------------------------------ the calls */

#define MAX_ARGS 16

struct job {
    enum account_call call;
    char *region; /* NULL: global */
    const char *args[MAX_ARGS];
    char *owned[MAX_ARGS];
    size_t nowned;
    char *key; /* what makes two jobs the same */
    struct awscli_result res;
    bool done;
};

struct jobs {
    struct job *v;
    size_t n;
    size_t first; /* jobs before it ran in an earlier round */
};

/* A job for call in region with extra arguments (NULL-terminated,
 * copied); an identical one is shared.  Returns its index. */
static size_t
job_addv(struct jobs *js, enum account_call call, const char *region, const char *const *extra)
{
    struct job *j;
    size_t i, k = 0;
    char *key =
        xasprintf("%s %s %s", calls[call].service, calls[call].operation, region ? region : "-");

    for (i = 0; extra[i]; i++) {
        char *nk = xasprintf("%s %s", key, extra[i]);
        free(key);
        key = nk;
    }
    for (i = 0; i < js->n; i++)
        if (strcmp(js->v[i].key, key) == 0) {
            free(key);
            return i;
        }
    js->v = xreallocarray(js->v, js->n + 1, sizeof *js->v);
    j = &js->v[js->n];
    memset(j, 0, sizeof *j);
    j->call = call;
    j->key = key;
    j->region = dup_or_null(region);
    j->args[k++] = calls[call].service;
    j->args[k++] = calls[call].operation;
    for (i = 0; extra[i] && k < MAX_ARGS - 3; i++) {
        j->owned[j->nowned] = xstrdup(extra[i]);
        j->args[k++] = j->owned[j->nowned++];
    }
    if (region) {
        j->args[k++] = "--region";
        j->args[k++] = j->region;
    }
    j->args[k] = NULL;
    return js->n++;
}

#define job_add(js, call, region, ...)                                                             \
    job_addv(js, call, region, (const char *const[]){__VA_ARGS__})

struct runner {
    struct loop *loop;
    const struct awscli_opts *opts;
    struct jobs *js;
    size_t next, running, finished, total;
};

struct job_arg {
    struct runner *r;
    size_t i;
};

static void start_more(struct runner *r);

static void
job_done(void *arg, struct awscli_result *res)
{
    struct job_arg *ja = arg;
    struct runner *r = ja->r;

    r->js->v[ja->i].res = *res;
    r->js->v[ja->i].done = true;
    free(ja);
    r->running--;
    r->finished++;
    if (r->finished == r->total)
        loop_stop(r->loop);
    else
        start_more(r);
}

static void
start_more(struct runner *r)
{
    while (r->running < ACCOUNT_PARALLEL && r->next < r->js->n) {
        struct job_arg *ja = xmalloc(sizeof *ja);
        ja->r = r;
        ja->i = r->next++;
        r->running++;
        awscli_start(r->loop, r->opts, r->js->v[ja->i].args, job_done, ja);
    }
}

/* Runs the jobs added since the last round, ACCOUNT_PARALLEL at a time. */
static void
run_round(struct loop *l, const struct awscli_opts *o, struct jobs *js)
{
    struct runner r = {l, o, js, js->first, 0, 0, js->n - js->first};

    js->first = js->n;
    if (r.total == 0)
        return;
    start_more(&r);
    while (r.finished < r.total) {
        loop_restart(l);
        if (loop_run(l) < 0)
            break;
    }
    loop_restart(l);
}

static void
jobs_free(struct jobs *js)
{
    size_t i, k;
    for (i = 0; i < js->n; i++) {
        for (k = 0; k < js->v[i].nowned; k++)
            free(js->v[i].owned[k]);
        free(js->v[i].key);
        free(js->v[i].region);
        awscli_result_clear(&js->v[i].res);
    }
    free(js->v);
}

static void
add_error(struct account_origin *a, const struct job *j)
{
    size_t i;
    struct account_error *e;

    for (i = 0; i < a->nerrors; i++)
        if (a->errors[i].call == j->call &&
            ((!a->errors[i].region && !j->region) ||
             (a->errors[i].region && j->region && strcmp(a->errors[i].region, j->region) == 0)))
            return;
    a->errors = xreallocarray(a->errors, a->nerrors + 1, sizeof *a->errors);
    e = &a->errors[a->nerrors++];
    e->call = j->call;
    e->region = dup_or_null(j->region);
    e->denied = j->res.status == AWSCLI_ACCESS_DENIED;
    e->message =
        xstrdup(j->res.message ? j->res.message : _("the AWS CLI calls could not be completed"));
}

/* The job's answer, or NULL after recording its error in a. */
static const json_t *
answer(struct jobs *js, size_t i, struct account_origin *a)
{
    struct job *j = &js->v[i];
    if (j->done && j->res.status == AWSCLI_OK)
        return j->res.json;
    add_error(a, j);
    return NULL;
}

/* The load balancer's name behind the origin, from its own name or the end
 * of its CNAME chain. */
static void
find_lb_name(const struct account_query *q, struct account_origin *a)
{
    struct awsname an;

    awsname_classify(q->name, &an);
    if (an.kind == AWSNAME_ELB || an.kind == AWSNAME_NLB) {
        a->lb_dns = record_name(q->name);
        a->lb_from = "origin";
    } else if (q->ncnames) {
        awsname_classify(q->cnames[q->ncnames - 1], &an);
        if (an.kind == AWSNAME_ELB || an.kind == AWSNAME_NLB) {
            a->lb_dns = record_name(q->cnames[q->ncnames - 1]);
            a->lb_from = "cname";
        }
    }
    if (a->lb_dns) {
        snprintf(a->region, sizeof a->region, "%s", an.region);
        if (strncasecmp(a->lb_dns, "dualstack.", 10) == 0)
            memmove(a->lb_dns, a->lb_dns + 10, strlen(a->lb_dns + 10) + 1);
    }
}

static const char *const key_types =
    "keyTypes=RSA_1024,RSA_2048,RSA_3072,RSA_4096,EC_prime256v1,EC_secp384r1,EC_secp521r1";

struct per_origin {
    size_t lbv2, clb, pl, listeners, lcerts, sgs, list, rules;
    bool has_lbv2, has_clb, has_pl, has_listeners, has_lcerts, has_sgs, has_list, has_rules;
    size_t *cert_jobs;
};

/* Adds the load balancer look-ups of a (its Region is known). */
static void
add_lb_jobs(struct jobs *js, struct account_origin *a, struct per_origin *p)
{
    struct awsname an;

    if (!a->lb_dns || !a->region[0])
        return;
    awsname_classify(a->lb_dns, &an);
    p->lbv2 = job_add(js, ACALL_ELBV2, a->region, NULL);
    p->has_lbv2 = true;
    /* A Classic Load Balancer has an ELB-style name, never an NLB's. */
    if (an.kind == AWSNAME_ELB) {
        p->clb = job_add(js, ACALL_CLB, a->region, NULL);
        p->has_clb = true;
    }
    p->pl = job_add(js, ACALL_PREFIX_LISTS, a->region, "--filters",
                    "Name=prefix-list-name,Values=" ACCOUNT_CF_PREFIX_LIST, NULL);
    p->has_pl = true;
}

void
account_read(struct loop *l, const struct awscli_opts *o, const struct account_query *q, size_t n,
             struct account_origin *out)
{
    struct jobs js = {0};
    struct per_origin *p = xcalloc(n ? n : 1, sizeof *p);
    size_t zones_job, i, z, k, nzones = 0, *rec_jobs = NULL;
    char **zone_ids = NULL, **zone_names = NULL;
    const json_t *zdoc;

    if (n == 0) {
        free(p);
        return;
    }
    /* Round 1: the hosted zones, and the load balancers whose names are
     * known from DNS. */
    zones_job = job_add(&js, ACALL_ZONES, NULL, NULL);
    for (i = 0; i < n; i++) {
        out[i].port = q[i].port;
        find_lb_name(&q[i], &out[i]);
        add_lb_jobs(&js, &out[i], &p[i]);
    }
    run_round(l, o, &js);

    /* Round 2: every public zone's records. */
    zdoc = js.v[zones_job].done && js.v[zones_job].res.status == AWSCLI_OK
               ? js.v[zones_job].res.json
               : NULL;
    if (zdoc) {
        account_read_zones(zdoc, &zone_ids, &zone_names, &nzones);
        rec_jobs = xcalloc(nzones ? nzones : 1, sizeof *rec_jobs);
        for (z = 0; z < nzones; z++)
            rec_jobs[z] = job_add(&js, ACALL_RECORDS, NULL, "--hosted-zone-id", zone_ids[z], NULL);
        run_round(l, o, &js);
    }
    /* An origin with no load balancer name in DNS may be a Route 53 alias
     * to one (alias records show no CNAME). */
    for (i = 0; i < n; i++) {
        struct account_origin *a = &out[i];
        if (!zdoc) {
            add_error(a, &js.v[zones_job]);
            continue;
        }
        for (z = 0; !a->lb_dns && z < nzones; z++) {
            char *alias = NULL;
            const json_t *doc = js.v[rec_jobs[z]].done && js.v[rec_jobs[z]].res.status == AWSCLI_OK
                                    ? js.v[rec_jobs[z]].res.json
                                    : NULL;
            if (!doc)
                continue;
            account_read_records(doc, zone_ids[z], zone_names[z], q[i].name, &alias, a);
            if (alias) {
                struct awsname an;
                awsname_classify(alias, &an);
                a->lb_dns = alias;
                if (strncmp(a->lb_dns, "dualstack.", 10) == 0)
                    memmove(a->lb_dns, a->lb_dns + 10, strlen(a->lb_dns + 10) + 1);
                a->lb_from = "route53";
                snprintf(a->region, sizeof a->region, "%s", an.region);
                add_lb_jobs(&js, a, &p[i]);
            }
        }
        if (!a->lb_dns)
            continue;
        a->zones_read = true;
        for (z = 0; z < nzones; z++) {
            const json_t *doc = answer(&js, rec_jobs[z], a);
            if (doc)
                account_read_records(doc, zone_ids[z], zone_names[z], NULL, NULL, a);
            else
                a->zones_read = false;
        }
    }
    run_round(l, o, &js); /* the load balancers found through Route 53 */

    /* Round 3: the listeners, security groups and certificate lists. */
    for (i = 0; i < n; i++) {
        struct account_origin *a = &out[i];
        const json_t *doc;
        const char **names;
        size_t nn = 0;

        if (!a->lb_dns)
            continue;
        if (p[i].has_lbv2 && (doc = answer(&js, p[i].lbv2, a)) != NULL) {
            a->lb_read = true;
            account_read_lbs(doc, false, a);
        }
        if (!a->lb_found && p[i].has_clb && (doc = answer(&js, p[i].clb, a)) != NULL) {
            a->lb_read = true;
            account_read_lbs(doc, true, a);
        }
        if (p[i].has_clb && p[i].has_lbv2 && !a->lb_found) {
            /* Both answered or one failed: found in neither means not read
             * unless both answered. */
            a->lb_read =
                js.v[p[i].lbv2].res.status == AWSCLI_OK && js.v[p[i].clb].res.status == AWSCLI_OK;
        }
        if (!a->lb_found)
            continue;
        if (a->lb_arn) {
            p[i].listeners =
                job_add(&js, ACALL_LISTENERS, a->region, "--load-balancer-arn", a->lb_arn, NULL);
            p[i].has_listeners = true;
        }
        if (p[i].has_pl && (doc = answer(&js, p[i].pl, a)) != NULL)
            a->prefix_list_id = account_read_prefix_list(doc);
        if (a->nsgs) {
            /* One call per load balancer: --group-ids takes them all (a
             * load balancer has at most 5). */
            const char *args[MAX_ARGS] = {"--group-ids"};
            for (k = 0; k < a->nsgs && k < 5; k++)
                args[k + 1] = a->sgs[k];
            args[k + 1] = NULL;
            p[i].sgs = job_addv(&js, ACALL_SGS, a->region, args);
            p[i].has_sgs = true;
        } else {
            a->access = ACCESS_NO_GROUPS;
        }
        /* An ISSUED certificate for the custom domains. */
        names = xcalloc(a->nrecords + q[i].ndomains + 1, sizeof *names);
        for (k = 0; k < a->nrecords; k++)
            names[nn++] = a->records[k].name;
        for (k = 0; k < q[i].ndomains; k++)
            names[nn++] = q[i].domains[k];
        if (nn) {
            p[i].list = job_add(&js, ACALL_CERT_LIST, a->region, "--includes", key_types, NULL);
            p[i].has_list = true;
        }
        free(names);
    }
    run_round(l, o, &js);

    /* Round 4: the listener's certificates. */
    for (i = 0; i < n; i++) {
        struct account_origin *a = &out[i];
        const json_t *doc;
        if (!a->lb_found)
            continue;
        if (p[i].has_listeners && (doc = answer(&js, p[i].listeners, a)) != NULL)
            account_read_listeners(doc, a);
        if (p[i].has_sgs && (doc = answer(&js, p[i].sgs, a)) != NULL)
            account_read_sgs(doc, a);
        if (p[i].has_list && (doc = answer(&js, p[i].list, a)) != NULL) {
            const char **names = xcalloc(a->nrecords + q[i].ndomains + 1, sizeof *names);
            size_t nn = 0;
            for (k = 0; k < a->nrecords; k++)
                names[nn++] = a->records[k].name;
            for (k = 0; k < q[i].ndomains; k++) {
                bool dup = false;
                size_t m;
                for (m = 0; m < nn; m++)
                    dup = dup || strcasecmp(names[m], q[i].domains[k]) == 0;
                if (!dup)
                    names[nn++] = q[i].domains[k];
            }
            account_read_cert_list(doc, names, nn, a);
            free(names);
        }
        if (a->listener_arn && a->listener_protocol &&
            (strcmp(a->listener_protocol, "HTTPS") == 0 ||
             strcmp(a->listener_protocol, "TLS") == 0)) {
            p[i].lcerts = job_add(&js, ACALL_LISTENER_CERTS, a->region, "--listener-arn",
                                  a->listener_arn, NULL);
            p[i].has_lcerts = true;
        }
        /* An Application Load Balancer routes CloudFront's request by its
         * listener's rules (Host among them). */
        if (a->listener_arn && a->listener_protocol && a->lb_type &&
            strcmp(a->listener_protocol, "HTTPS") == 0 && strcmp(a->lb_type, "application") == 0) {
            p[i].rules =
                job_add(&js, ACALL_RULES, a->region, "--listener-arn", a->listener_arn, NULL);
            p[i].has_rules = true;
        }
    }
    run_round(l, o, &js);

    /* Round 5: each certificate in ACM. */
    for (i = 0; i < n; i++) {
        struct account_origin *a = &out[i];
        const json_t *doc;
        if (!a->lb_found)
            continue;
        if (p[i].has_lcerts && (doc = answer(&js, p[i].lcerts, a)) != NULL)
            account_read_listener_certs(doc, a);
        if (p[i].has_rules && (doc = answer(&js, p[i].rules, a)) != NULL)
            account_read_rules(doc, a);
        p[i].cert_jobs = xcalloc(a->ncerts ? a->ncerts : 1, sizeof *p[i].cert_jobs);
        for (k = 0; k < a->ncerts; k++) {
            char region[32];
            if (strncmp(a->certs[k].arn, "arn:aws:acm:", 12) != 0 &&
                strncmp(a->certs[k].arn, "arn:aws-cn:acm:", 15) != 0 &&
                strncmp(a->certs[k].arn, "arn:aws-us-gov:acm:", 19) != 0)
                p[i].cert_jobs[k] = SIZE_MAX; /* an IAM server certificate */
            else if (!account_arn_region(a->certs[k].arn, region, sizeof region))
                p[i].cert_jobs[k] = SIZE_MAX;
            else
                p[i].cert_jobs[k] =
                    job_add(&js, ACALL_CERT, region, "--certificate-arn", a->certs[k].arn, NULL);
        }
    }
    run_round(l, o, &js);
    for (i = 0; i < n; i++) {
        struct account_origin *a = &out[i];
        const json_t *doc;
        if (!a->lb_found)
            continue;
        for (k = 0; k < a->ncerts; k++)
            if (p[i].cert_jobs[k] != SIZE_MAX && (doc = answer(&js, p[i].cert_jobs[k], a)) != NULL)
                account_read_cert(doc, &a->certs[k]);
        free(p[i].cert_jobs);
    }

    strv_free(zone_ids, nzones);
    strv_free(zone_names, nzones);
    free(rec_jobs);
    free(p);
    jobs_free(&js);
}

void
account_observe(struct loop *l, const struct awscli_opts *o, struct observation *obs)
{
    struct account_query *q = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *q);
    struct account_origin *out = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *out);
    const char ***cn = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *cn);
    const char ***dom = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *dom);
    size_t *map = xcalloc(obs->norigins ? obs->norigins : 1, sizeof *map);
    size_t i, k, n = 0;

    for (i = 0; i < obs->norigins; i++) {
        struct obs_origin *oo = &obs->origins[i];
        const struct target *t = &oo->target;
        struct awsname an;

        if (oo->chain_file || !t->name || t->policy == POLICY_HTTP_ONLY)
            continue;
        q[n].name = t->name;
        q[n].port = target_port(t);
        cn[n] = xcalloc(oo->ncnames + 1, sizeof **cn);
        for (k = 0; k < oo->ncnames; k++)
            cn[n][k] = oo->cnames[k].target;
        q[n].cnames = cn[n];
        q[n].ncnames = oo->ncnames;
        dom[n] = xcalloc(2, sizeof **dom);
        awsname_classify(t->name, &an);
        if (t->host_header)
            dom[n][q[n].ndomains++] = t->host_header;
        if (an.kind == AWSNAME_NONE && (!t->host_header || strcasecmp(t->host_header, t->name)))
            dom[n][q[n].ndomains++] = t->name;
        q[n].domains = dom[n];
        map[n++] = i;
    }
    account_read(l, o, q, n, out);
    for (k = 0; k < n; k++) {
        struct obs_origin *oo = &obs->origins[map[k]];
        oo->account = xmalloc(sizeof *oo->account);
        *oo->account = out[k];
        free(cn[k]);
        free(dom[k]);
    }
    free(q);
    free(out);
    free(cn);
    free(dom);
    free(map);
}

void
account_origin_clear(struct account_origin *a)
{
    size_t i;

    free(a->lb_dns);
    free(a->lb_arn);
    free(a->lb_name);
    free(a->lb_type);
    free(a->lb_scheme);
    free(a->lb_zone);
    free(a->lb_dns_name);
    free(a->vpc_id);
    strv_free(a->sgs, a->nsgs);
    free(a->listener_arn);
    free(a->listener_protocol);
    free(a->ssl_policy);
    for (i = 0; i < a->ncerts; i++)
        cert_clear(&a->certs[i]);
    free(a->certs);
    for (i = 0; i < a->nrules; i++)
        rule_clear(&a->rules[i]);
    free(a->rules);
    for (i = 0; i < a->ncovers; i++) {
        free(a->covers[i].name);
        free(a->covers[i].arn);
        free(a->covers[i].cert_domain);
    }
    free(a->covers);
    for (i = 0; i < a->nrecords; i++) {
        free(a->records[i].name);
        free(a->records[i].type);
        free(a->records[i].zone_id);
        free(a->records[i].zone_name);
    }
    free(a->records);
    free(a->prefix_list_id);
    free(a->access_sg);
    for (i = 0; i < a->nerrors; i++) {
        free(a->errors[i].region);
        free(a->errors[i].message);
    }
    free(a->errors);
    memset(a, 0, sizeof *a);
}
