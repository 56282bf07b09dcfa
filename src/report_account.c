#include "config.h"

/* What the account says about an origin, as lines every presenter prints
 * the same way (text, Markdown).  Values from the account are sanitized
 * here like network text. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "i18n.h"
#include "report.h"
#include "sanitize.h"
#include "xmalloc.h"

struct lines {
    struct report_line *v;
    size_t n;
};

static void add(struct lines *l, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(struct lines *l, int level, const char *fmt, ...)
{
    va_list ap;
    char *raw, *clean;

    va_start(ap, fmt);
    if (vasprintf(&raw, fmt, ap) < 0)
        raw = NULL;
    va_end(ap);
    if (!raw)
        return;
    clean = sanitize(raw);
    free(raw);
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n].level = level;
    l->v[l->n].text = clean;
    l->n++;
}

static const char *
or_q(const char *s)
{
    return s ? s : "?";
}

struct report_line *
report_account_lines(const struct account_origin *a, size_t *n)
{
    struct lines l = {0};
    size_t i, k;
    char when[32];

    *n = 0;
    if (!a)
        return NULL;
    if (!a->lb_dns) {
        add(&l, 0, "%s",
            _("No load balancer behind this origin: its name, CNAME chain and Route 53 "
              "records lead to none."));
    } else if (!a->lb_found) {
        if (a->lb_read)
            add(&l, 0, _("No load balancer of this account in %s has the DNS name %s."),
                a->region[0] ? a->region : "?", a->lb_dns);
        else
            add(&l, 0, _("The load balancer %s could not be read."), a->lb_dns);
    } else {
        add(&l, 0, _("Load balancer %s (%s, %s) in %s"), or_q(a->lb_name), or_q(a->lb_type),
            a->lb_scheme ? a->lb_scheme : _("scheme not given"), a->region);
        if (a->lb_arn)
            add(&l, 1, "ARN: %s", a->lb_arn);
        add(&l, 1, _("DNS name %s, canonical hosted zone %s"), or_q(a->lb_dns_name),
            or_q(a->lb_zone));
        if (!a->listeners_read)
            add(&l, 0, _("Its listeners could not be read."));
        else if (!a->listener_found)
            add(&l, 0, _("No listener on port %u."), a->port);
        else {
            if (a->ssl_policy)
                add(&l, 0, _("Listener on port %u: %s, security policy %s"), a->port,
                    or_q(a->listener_protocol), a->ssl_policy);
            else
                add(&l, 0, _("Listener on port %u: %s"), a->port, or_q(a->listener_protocol));
            if (a->listener_arn)
                add(&l, 1, "ARN: %s", a->listener_arn);
            for (i = 0; i < a->nrules; i++) {
                const struct account_rule *r = &a->rules[i];
                char *hosts = NULL, *what;
                for (k = 0; k < r->nhosts && k < 10; k++) {
                    char *nn =
                        xasprintf("%s%s%s", hosts ? hosts : "", hosts ? ", " : "", r->hosts[k]);
                    free(hosts);
                    hosts = nn;
                }
                what = r->status ? xasprintf("%s %d", or_q(r->action), r->status)
                                 : xstrdup(or_q(r->action));
                if (r->is_default)
                    add(&l, 1, _("Default rule: %s"), what);
                else
                    /* TRANSLATORS: a listener rule: its priority, host names, action. */
                    add(&l, 1, _("Rule %s: host %s: %s"), or_q(r->priority),
                        hosts           ? hosts
                        : r->host_regex ? _("(a regular expression)")
                                        : _("(no host condition)"),
                        what);
                free(what);
                free(hosts);
            }
        }
        for (i = 0; i < a->ncerts; i++) {
            const struct account_cert *c = &a->certs[i];
            add(&l, 0, c->is_default ? _("Certificate (default): %s") : _("Certificate (SNI): %s"),
                c->arn);
            if (!c->described)
                continue;
            {
                char *names = NULL;
                for (k = 0; k < c->nnames && k < 10; k++) {
                    char *nn =
                        xasprintf("%s%s%s", names ? names : "", names ? ", " : "", c->names[k]);
                    free(names);
                    names = nn;
                }
                add(&l, 1, _("%s, %s, %s, names: %s"), or_q(c->status), or_q(c->type),
                    or_q(c->key_algorithm), names ? names : "-");
                free(names);
            }
            add(&l, 1, _("not after %s, renewal %s, in use by %zu"),
                c->not_after ? report_date((time_t)c->not_after, REPORT_DAY, when, sizeof when)
                             : "?",
                or_q(c->renewal), c->nin_use_by);
        }
    }
    for (i = 0; i < a->ncovers; i++) {
        if (a->covers[i].arn)
            add(&l, 0, _("ISSUED certificate in %s for %s: %s"), a->region, a->covers[i].name,
                a->covers[i].arn);
        else
            add(&l, 0, _("No ISSUED certificate in %s covers %s."), a->region, a->covers[i].name);
    }
    for (i = 0; i < a->nrecords; i++) {
        const struct account_record *r = &a->records[i];
        add(&l, 0,
            r->alias ? _("Route 53: %s (%s alias) in zone %s (%s) points at the load balancer")
                     : _("Route 53: %s (%s) in zone %s (%s) points at the load balancer"),
            r->name, r->type, r->zone_name, r->zone_id);
    }
    if (a->lb_found) {
        switch (a->access) {
        case ACCESS_CLOUDFRONT_ONLY:
            add(&l, 0,
                _("Security group %s admits port %u from CloudFront only (prefix list %s): this "
                  "machine is not CloudFront, so a timeout here says nothing about CloudFront."),
                or_q(a->access_sg), a->port, or_q(a->prefix_list_id));
            break;
        case ACCESS_OPEN:
            add(&l, 0,
                _("The security groups admit port %u from other sources too, not only "
                  "CloudFront."),
                a->port);
            break;
        case ACCESS_CLOSED:
            add(&l, 0, _("No security group rule admits port %u: CloudFront cannot connect."),
                a->port);
            break;
        case ACCESS_NO_GROUPS:
            add(&l, 0, "%s", _("The load balancer has no security group."));
            break;
        case ACCESS_UNKNOWN:
            add(&l, 0, "%s", _("Whether the security groups admit CloudFront is unknown."));
            break;
        }
    }
    for (i = 0; i < a->nerrors; i++) {
        const struct account_error *e = &a->errors[i];
        if (e->denied)
            add(&l, 0, _("Not read: aws %s %s%s%s needs the IAM permission %s"),
                account_call_service(e->call), account_call_operation(e->call),
                e->region ? " --region " : "", e->region ? e->region : "",
                account_call_action(e->call));
        else
            add(&l, 0, _("Not read: aws %s %s%s%s: %s"), account_call_service(e->call),
                account_call_operation(e->call), e->region ? " --region " : "",
                e->region ? e->region : "", e->message);
    }
    *n = l.n;
    return l.v;
}

void
report_lines_free(struct report_line *v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(v[i].text);
    free(v);
}
