#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cert.h"
#include "dns.h"
#include "i18n.h"
#include "probe.h"
#include "profile.h"
#include "tls.h"
#include "xmalloc.h"

/* What a connection is for. */
enum slot_kind {
    SLOT_MAIN,    /* CloudFront's handshake, results straight into obs_addr */
    SLOT_EXACT,   /* CloudFront's exact suites, when the main one picked an extra */
    SLOT_VERSION, /* explaining: one protocol version, any suite */
    SLOT_ANY,     /* explaining: CloudFront's versions, any suite */
};

struct slot {
    struct probe *probe;
    struct origin_state *state;
    struct obs_origin *origin;
    size_t addr; /* index: origin->addrs may move while DNS of others runs? no, but be safe */
    enum slot_kind kind;
    int index;   /* exact sub-profile or version */
    struct tls_conn *conn;
    enum tcp_status tcp;
    int tcp_errno;
    double connect_ms;
    struct obs_tls tls;
    struct slot *next;
};

/* Per origin: how much is still in flight, for the lookup phase. */
struct origin_state {
    struct probe *probe;
    struct obs_origin *origin;
    size_t active;
};

struct probe {
    struct loop *loop;
    struct origin_state *states;
    struct target_settings settings; /* borrowed pointers: caller keeps s alive */
    struct dns *dns;
    struct observation *obs;
    struct slot *slots; /* in flight */
    size_t active;      /* DNS jobs + connections in flight */
    bool started;
    double started_us;
    probe_progress_fn progress;
    void *progress_arg;
    char *main_priority;
};

static void
notify(struct probe *p)
{
    if (p->active == 0 && p->started)
        p->obs->elapsed_ms = (loop_now_us() - p->started_us) / 1000.0;
    if (p->progress)
        p->progress(p->progress_arg, p->obs);
}

static void slot_done(void *arg, struct tls_conn *c);

static struct origin_state *
state_of(struct probe *p, const struct obs_origin *o)
{
    return &p->states[o - p->obs->origins];
}

static void
start_slot(struct probe *p, struct obs_origin *o, size_t ai, enum slot_kind kind, int index,
           char *priority)
{
    struct slot *s;
    struct obs_addr *a = &o->addrs[ai];
    struct tls_params tp;

    if (p->obs->cancelled)
        return; /* nothing new after Esc */
    s = xcalloc(1, sizeof *s);
    s->probe = p;
    s->state = state_of(p, o);
    s->state->active++;
    s->origin = o;
    s->addr = ai;
    s->kind = kind;
    s->index = index;
    s->tls.alert = -1;
    s->next = p->slots;
    p->slots = s;
    p->active++;

    if (a->family == AF_INET)
        ((struct sockaddr_in *)&a->sa)->sin_port = htons((uint16_t)o->target.port);
    else
        ((struct sockaddr_in6 *)&a->sa)->sin6_port = htons((uint16_t)o->target.port);
    tp.sa = (const struct sockaddr *)&a->sa;
    tp.salen = a->salen;
    tp.sni = o->sni;
    tp.priority = priority;
    tp.connect_timeout_ms = p->settings.connect_timeout_ms;
    tp.handshake_timeout_ms = p->settings.handshake_timeout_ms;
    if (kind == SLOT_MAIN)
        s->conn = tls_start(p->loop, &tp, &a->tcp, &a->tcp_errno, &a->connect_ms, &a->tls, slot_done, s);
    else
        s->conn = tls_start(p->loop, &tp, &s->tcp, &s->tcp_errno, &s->connect_ms, &s->tls, slot_done, s);
}

static void
start_explaining(struct probe *p, struct obs_origin *o, size_t ai)
{
    struct obs_addr *a = &o->addrs[ai];
    int v;

    if (!p->settings.explain || a->tcp != TCP_CONNECTED || a->tls.status == TLS_NOT_TLS ||
        a->tls.status == TLS_TIMEOUT || a->tls.status == TLS_CANCELLED ||
        a->tls.status == TLS_OVERSIZED)
        return;
    a->explain.ran = true;
    for (v = 0; v < OBS_VERSION_COUNT; v++) {
        char *prio = profile_priority_version_only(v);
        start_slot(p, o, ai, SLOT_VERSION, v, prio);
        free(prio);
    }
    {
        char *prio = profile_priority_any_cipher(p->settings.min_proto);
        start_slot(p, o, ai, SLOT_ANY, 0, prio);
        free(prio);
    }
}

static void
start_exact(struct probe *p, struct obs_origin *o, size_t ai, int i)
{
    char *prio = profile_priority_exact(p->settings.min_proto, (size_t)i);
    start_slot(p, o, ai, SLOT_EXACT, i, prio);
    free(prio);
}

static void
unlink_slot(struct probe *p, struct slot *s)
{
    struct slot **pp;
    for (pp = &p->slots; *pp; pp = &(*pp)->next)
        if (*pp == s) {
            *pp = s->next;
            return;
        }
}

static void
lookup_done(void *arg, struct obs_origin *l)
{
    struct origin_state *st = arg;
    (void)l;
    st->active--;
    st->probe->active--;
    notify(st->probe);
}

static const struct target_resolve *find_override_name(const struct target_settings *s,
                                                       const char *name);

/* When the certificate does not cover the name CloudFront checks, resolve
 * the names it does cover: one of them may be the custom domain that points
 * to the same load balancer. */
static void
start_lookups(struct origin_state *st)
{
    struct probe *p = st->probe;
    struct obs_origin *o = st->origin;
    const struct obs_addr *a = NULL;
    const char *checked = o->sni ? o->sni : o->target.name;
    char **names = NULL;
    size_t i, j, n;
    const char *err = NULL;

    if (p->obs->cancelled || o->lookups || o->target.is_literal)
        return;
    for (i = 0; i < o->naddrs && !a; i++)
        if (o->addrs[i].tls.status == TLS_OK && o->addrs[i].tls.ncerts &&
            o->addrs[i].tls.certs[0].der)
            a = &o->addrs[i];
    if (!a || cert_covers(a->tls.certs[0].der, a->tls.certs[0].size, checked))
        return;
    n = cert_dns_names(a->tls.certs[0].der, a->tls.certs[0].size, &names, OBS_MAX_LOOKUPS);
    o->lookups = xcalloc(n ? n : 1, sizeof *o->lookups);
    for (i = 0; i < n; i++) {
        const char *e;
        char *ascii = target_host_ascii(names[i], &e); /* NULL for wildcards and junk */
        bool dup = !ascii || strcasecmp(ascii, o->target.name) == 0;
        for (j = 0; ascii && !dup && j < o->nlookups; j++)
            dup = strcasecmp(o->lookups[j].target.name, ascii) == 0;
        if (dup) {
            free(ascii);
            continue;
        }
        o->lookups[o->nlookups].target.name = ascii;
        o->lookups[o->nlookups].target.input = xstrdup(ascii);
        o->lookups[o->nlookups].target.port = o->target.port;
        o->nlookups++;
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    for (i = 0; i < o->nlookups; i++) {
        struct obs_origin *l = &o->lookups[i];
        const struct target_resolve *r = find_override_name(&p->settings, l->target.name);
        if (r) {
            l->dns = DNS_OVERRIDE;
            for (j = 0; j < r->naddrs && j < OBS_MAX_ADDRS; j++)
                obs_addr_set_text(obs_origin_add_addr(l), r->addrs[j]);
            continue;
        }
        if (!p->dns && !(p->dns = dns_new(p->loop, p->settings.dns_servers,
                                          p->settings.dns_timeout_ms, &err))) {
            l->dns = DNS_ERROR;
            continue;
        }
        st->active++;
        p->active++;
        dns_resolve(p->dns, l, 0, lookup_done, st);
    }
    for (i = 0; i < o->nlookups; i++)
        for (j = 0; j < o->lookups[i].naddrs; j++) {
            o->lookups[i].addrs[j].probed = false;
            o->lookups[i].addrs[j].tcp = TCP_SKIPPED;
            o->lookups[i].addrs[j].tls.status = TLS_SKIPPED;
        }
}

static void
slot_done(void *arg, struct tls_conn *c)
{
    struct slot *s = arg;
    struct probe *p = s->probe;
    struct obs_origin *o = s->origin;
    struct obs_addr *a = &o->addrs[s->addr];

    unlink_slot(p, s);
    switch (s->kind) {
    case SLOT_MAIN:
        if (a->tls.status == TLS_OK && !a->tls.suite_in_profile)
            start_exact(p, o, s->addr, 0);
        else if (a->tls.status != TLS_OK)
            start_explaining(p, o, s->addr);
        break;
    case SLOT_EXACT:
        /* Replace the main result once an exact sub-profile decides. */
        if (s->tls.status == TLS_OK || (size_t)s->index + 1 == profile_exact_count()) {
            obs_tls_clear(&a->tls);
            a->tls = s->tls;
            memset(&s->tls, 0, sizeof s->tls);
            if (a->tls.status != TLS_OK)
                start_explaining(p, o, s->addr);
        } else {
            start_exact(p, o, s->addr, s->index + 1);
        }
        break;
    case SLOT_VERSION:
        a->explain.version_ok[s->index] = s->tls.status == TLS_OK;
        if (s->tls.client_cert_requested)
            a->tls.client_cert_requested = true;
        break;
    case SLOT_ANY:
        a->explain.any_cipher_ok = s->tls.status == TLS_OK;
        if (s->tls.status == TLS_OK) {
            a->explain.any_cipher_suite = s->tls.cipher_suite;
            a->explain.any_cipher_version = s->tls.version;
            a->explain.any_cipher_in_profile = s->tls.suite_in_profile;
            s->tls.cipher_suite = s->tls.version = NULL;
            /* What the server presents is a fact worth keeping when
             * CloudFront's own handshake never got that far. */
            if (!a->tls.ncerts && s->tls.ncerts) {
                a->tls.certs = s->tls.certs;
                a->tls.ncerts = s->tls.ncerts;
                a->tls.certs_received = s->tls.certs_received;
                s->tls.certs = NULL;
                s->tls.ncerts = 0;
            }
        }
        break;
    }
    obs_tls_clear(&s->tls);
    tls_free(c);
    if (--s->state->active == 0)
        start_lookups(s->state);
    free(s);
    p->active--;
    notify(p);
}

static void
start_addresses(struct probe *p, struct obs_origin *o)
{
    size_t i;
    int fam = p->settings.family;

    for (i = 0; i < o->naddrs; i++) {
        struct obs_addr *a = &o->addrs[i];
        if ((fam == 4 && a->family != AF_INET) || (fam == 6 && a->family != AF_INET6)) {
            a->probed = false;
            a->tcp = TCP_SKIPPED;
            a->tls.status = TLS_SKIPPED;
            continue;
        }
        start_slot(p, o, i, SLOT_MAIN, 0, p->main_priority);
    }
}

static void
dns_done(void *arg, struct obs_origin *o)
{
    struct probe *p = arg;

    p->active--;
    state_of(p, o)->active--;
    if (p->obs->cancelled) {
        size_t i;
        for (i = 0; i < o->naddrs; i++) {
            o->addrs[i].tcp = TCP_CANCELLED;
            o->addrs[i].tls.status = TLS_SKIPPED;
        }
    } else {
        start_addresses(p, o);
    }
    notify(p);
}

static const struct target_resolve *
find_override_name(const struct target_settings *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->nresolves; i++)
        if (strcasecmp(s->resolves[i].name, name) == 0)
            return &s->resolves[i];
    return NULL;
}

static const struct target_resolve *
find_override(const struct target_settings *s, const struct target *t)
{
    size_t i;
    for (i = 0; i < s->nresolves; i++)
        if (s->resolves[i].port == t->port && strcasecmp(s->resolves[i].name, t->name) == 0)
            return &s->resolves[i];
    return NULL;
}

struct probe *
probe_new(struct loop *l, const struct target_settings *s, const struct target *targets,
          size_t ntargets, const char **err)
{
    struct probe *p = xcalloc(1, sizeof *p);
    size_t i;
    bool need_dns = false;

    p->loop = l;
    p->settings = *s;
    p->obs = xcalloc(1, sizeof *p->obs);
    p->obs->origins = xcalloc(ntargets ? ntargets : 1, sizeof *p->obs->origins);
    p->obs->norigins = ntargets;
    p->states = xcalloc(ntargets ? ntargets : 1, sizeof *p->states);
    p->main_priority = profile_priority_main(s->min_proto);
    for (i = 0; i < ntargets; i++) {
        struct obs_origin *o = &p->obs->origins[i];
        p->states[i].probe = p;
        p->states[i].origin = o;
        target_copy(&o->target, &targets[i]);
        /* SNI: the forwarded Host, else the origin name; never an IP. */
        if (targets[i].host_header)
            o->sni = xstrdup(targets[i].host_header);
        else if (!targets[i].is_literal)
            o->sni = xstrdup(targets[i].name);
        if (!targets[i].is_literal && !find_override(s, &targets[i]))
            need_dns = true;
    }
    if (need_dns && !(p->dns = dns_new(l, s->dns_servers, s->dns_timeout_ms, err))) {
        probe_free(p);
        return NULL;
    }
    return p;
}

void
probe_set_progress(struct probe *p, probe_progress_fn fn, void *arg)
{
    p->progress = fn;
    p->progress_arg = arg;
}

void
probe_start(struct probe *p)
{
    size_t i, j;

    p->started = true;
    p->started_us = loop_now_us();
    p->obs->started = (int64_t)time(NULL);
    /* Count every DNS job first, so that an answer that comes back at once
     * cannot make the run look finished. */
    for (i = 0; i < p->obs->norigins; i++) {
        struct obs_origin *o = &p->obs->origins[i];
        if (!o->target.is_literal && !find_override(&p->settings, &o->target)) {
            p->active++;
            p->states[i].active++;
        }
    }
    for (i = 0; i < p->obs->norigins; i++) {
        struct obs_origin *o = &p->obs->origins[i];
        const struct target_resolve *r;

        if (o->target.is_literal) {
            o->dns = DNS_LITERAL;
            obs_addr_set_text(obs_origin_add_addr(o), o->target.name);
            start_addresses(p, o);
        } else if ((r = find_override(&p->settings, &o->target))) {
            o->dns = DNS_OVERRIDE;
            for (j = 0; j < r->naddrs && j < OBS_MAX_ADDRS; j++)
                obs_addr_set_text(obs_origin_add_addr(o), r->addrs[j]);
            start_addresses(p, o);
        } else {
            dns_resolve(p->dns, o, p->settings.family, dns_done, p);
        }
    }
    notify(p);
}

bool
probe_done(const struct probe *p)
{
    return p->started && p->active == 0;
}

void
probe_cancel(struct probe *p)
{
    p->obs->cancelled = true;
    if (p->dns)
        dns_cancel(p->dns);
    while (p->slots)
        tls_cancel(p->slots->conn); /* slot_done unlinks it */
}

const struct observation *
probe_observation(const struct probe *p)
{
    return p->obs;
}

struct observation *
probe_take(struct probe *p)
{
    struct observation *o = p->obs;
    p->obs = NULL;
    return o;
}

void
probe_free(struct probe *p)
{
    if (!p)
        return;
    if (p->obs)
        probe_cancel(p);
    dns_free(p->dns);
    obs_free(p->obs);
    free(p->main_priority);
    free(p->states);
    free(p);
}

static void
stop_when_done(void *arg, const struct observation *obs)
{
    struct probe *p = arg;
    (void)obs;
    if (probe_done(p))
        loop_stop(p->loop);
}

struct observation *
probe_run(struct loop *given, const struct target_settings *s, const struct target *targets,
          size_t ntargets, const char **err)
{
    struct loop *l = given ? given : loop_new();
    struct probe *p = probe_new(l, s, targets, ntargets, err);
    struct observation *obs = NULL;

    if (!p)
        goto out;
    probe_set_progress(p, stop_when_done, p);
    probe_start(p);
    if (!probe_done(p) && loop_run(l) < 0) {
        *err = _("poll() failed");
        goto out;
    }
    obs = probe_take(p);
out:
    probe_free(p);
    if (!given)
        loop_free(l);
    else
        loop_restart(l);
    return obs;
}
