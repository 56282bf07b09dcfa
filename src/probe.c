#include "config.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include "cert.h"
#include "dns.h"
#include "http.h"
#include "i18n.h"
#include "names.h"
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

/* One connection, queued until the caps let it start, then in flight.  Its
 * timers start when it starts: waiting in the queue never counts against an
 * origin. */
struct slot {
    struct probe *probe;
    struct origin_state *state;
    struct obs_origin *origin;
    size_t addr; /* index: origin->addrs may move while DNS of others runs? no, but be safe */
    enum slot_kind kind;
    int index;      /* exact sub-profile or version */
    char *priority; /* until it starts */
    struct tls_conn *conn;
    struct loop_timer *park_timer;
    int64_t park_due; /* when park_timer is due */
    bool parked;      /* still connecting: costs a descriptor, no CPU */
    enum tcp_status tcp;
    int tcp_errno;
    double connect_ms;
    struct obs_tls tls;
    struct slot *prev, *next; /* the queue, or the in-flight list */
};

/* A doubly linked list with O(1) unlink. */
struct slot_list {
    struct slot *head, *tail;
};

/* Per origin: how much is still in flight, for the lookup phase, and
 * CloudFront's priority string for it (NULL: http-only, no TLS). */
struct origin_state {
    struct probe *probe;
    struct obs_origin *origin;
    size_t active;
    char *main_priority;
};

/* --resolve entries hashed by name; each chain keeps the command line's
 * order, so the first matching entry still wins. */
struct resolve_entry {
    const struct target_resolve *r;
    struct resolve_entry *next;
};

struct probe {
    struct loop *loop;
    struct origin_state *states;
    size_t nstates;
    struct target_settings settings; /* borrowed pointers: caller keeps s alive */
    struct dns *dns;
    struct observation *obs;
    struct slot_list queue;    /* waiting for the caps */
    struct slot_list inflight; /* connections open */
    size_t nopen;              /* in flight: descriptors held */
    size_t nbusy;              /* in flight and not parked */
    size_t max_open, max_busy;
    struct loop_timer *lag_timer; /* measures the loop's own lag */
    int64_t lag_due;
    int local_errno;                /* a local resource error ended the run */
    struct loop_timer *local_timer; /* reports a DNS one from outside c-ares */
    char *error;                    /* its message */
    struct resolve_entry **rtab;
    struct resolve_entry *rentries;
    size_t nrtab;
    size_t active; /* DNS jobs + connections queued or in flight */
    bool started;
    double started_us;
    probe_progress_fn progress;
    void *progress_arg;
};

static void
notify(struct probe *p)
{
    if (p->active == 0 && p->lag_timer) {
        loop_timer_cancel(p->loop, p->lag_timer);
        p->lag_timer = NULL;
    }
    if (p->active == 0 && p->started)
        p->obs->elapsed_ms = (loop_now_us() - p->started_us) / 1000.0;
    if (p->progress)
        p->progress(p->progress_arg, p->obs);
}

static void slot_done(void *arg, struct tls_conn *c);
static void pump(struct probe *p);

static void
list_push_back(struct slot_list *l, struct slot *s)
{
    s->next = NULL;
    s->prev = l->tail;
    if (l->tail)
        l->tail->next = s;
    else
        l->head = s;
    l->tail = s;
}

static void
list_push_front(struct slot_list *l, struct slot *s)
{
    s->prev = NULL;
    s->next = l->head;
    if (l->head)
        l->head->prev = s;
    else
        l->tail = s;
    l->head = s;
}

static void
list_unlink(struct slot_list *l, struct slot *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        l->head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    else
        l->tail = s->prev;
    s->prev = s->next = NULL;
}

/* How many connections may be open at once: the descriptor limit less the
 * descriptors open now (stdio, the terminal, the demo's listeners, the
 * trust store...) and room for c-ares's sockets and files opened later.
 * The soft limit is raised toward the hard one first: this program never
 * uses select(), so descriptors above 1024 are fine. */
#define PROBE_FD_RESERVE 32
#define PROBE_MAX_OPEN 16384
/* How many may be connecting or handshaking at once: this bounds the CPU
 * burst when their servers answer together (so the loop's own lag stays far
 * below any timeout) and the load put on servers that several origins share.
 * A connection still connecting after PROBE_PARK_CONNECT_MS (a blackhole, or
 * a long way off) costs nothing while it waits: it stops counting here, and
 * counts again if it does connect.  So a run of 10,000 blackholed origins
 * takes about one connect timeout.  5 ms: a connect on loopback or a LAN
 * completes in well under 1 ms, so one still pending is waiting on the
 * network; with 512 slots that starts up to 102,400 connects a second
 * (50 ms allowed 10,240: the last of 10,000 blackholed connects started
 * about 1.2 s into the run, and its timeout ended that much later; 10 ms
 * with the limit grown by 32 a tick: 0.35 s; 5 ms, grown by doubling:
 * 0.19 s, measured at load 12 on 2 CPUs).  A
 * connected one counts until it ends:
 * a server that is slow to answer may be slow because of us (several
 * origins on one server), and must not be given more. */
#define PROBE_MAX_BUSY 512
#define PROBE_PARK_CONNECT_MS 5
/* Unless the loop itself is behind (its timers fire this late): then more
 * connections would only queue inside this process, counted against their
 * own timeouts, so none is parked until the loop catches up. */
#define PROBE_MAX_LAG_MS 50
/* The 512 is a ceiling: every PROBE_LAG_TICK_MS a timer measures how late
 * the loop runs it.  Late by more than PROBE_MAX_LAG_MS (a slow machine, a
 * busy one, a sanitizer build), the limit halves, down to PROBE_MIN_BUSY;
 * on time, it doubles (from PROBE_START_BUSY, so the first burst is small
 * too, and 512 is reached in three ticks if the machine keeps up).  So the handshakes in flight
 * are as many as this machine serves without delaying them itself. */
#define PROBE_LAG_TICK_MS 20
#define PROBE_MIN_BUSY 4
#define PROBE_START_BUSY 64

static size_t
open_descriptors(void)
{
    DIR *d = opendir("/dev/fd");
    struct dirent *e;
    size_t n = 0;

    if (!d)
        return 16; /* a guess; the reserve covers it */
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n; /* counts the directory's own descriptor: one spare */
}

static size_t
descriptor_budget(void)
{
    struct rlimit rl;
    size_t used = open_descriptors() + PROBE_FD_RESERVE, limit;
    const rlim_t most = PROBE_MAX_OPEN * 2;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 64;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < most && rl.rlim_cur < rl.rlim_max) {
        struct rlimit want = rl;
        want.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > most ? most : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            rl = want;
    }
    limit = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > most ? (size_t)most : (size_t)rl.rlim_cur;
    if (limit <= used)
        return 1; /* one at a time; running out is reported as ours */
    limit -= used;
    return limit < PROBE_MAX_OPEN ? limit : PROBE_MAX_OPEN;
}

/* Errors of this machine, not of the origin: out of descriptors, of
 * memory, or of local ports (connect() cannot pick a free source port:
 * EADDRNOTAVAIL, or EADDRINUSE for the address it picked). */
static bool
local_resource_errno(int e)
{
    return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM || e == EADDRNOTAVAIL ||
           e == EADDRINUSE;
}

static struct origin_state *
state_of(struct probe *p, const struct obs_origin *o)
{
    return &p->states[o - p->obs->origins];
}

/* CloudFront's request for address a of o (http.c builds the text); what
 * was sent is recorded in a->http.  NULL when the exchange is skipped. */
static char *
http_request_for(struct probe *p, struct obs_origin *o, struct obs_addr *a)
{
    char via[33], cf[57];
    struct http_req r = {0};
    struct http_req_header *hdrs = NULL;
    size_t dropped, i;
    char *text;

    if (p->settings.no_http) {
        a->http.status = HTTP_SKIPPED;
        return NULL;
    }
    http_req_ids(via, cf);
    /* Host: the name CloudFront checks (forwarded, or the origin's). */
    r.host = target_checked_name(&o->target);
    r.path = p->settings.http_path ? p->settings.http_path : "/";
    r.origin_path = o->target.origin_path; /* OriginPath goes before the viewer's path */
    r.via_id = via;
    r.cf_id = cf;
    /* The origin's CustomHeaders go with every request. */
    if (o->target.nheaders) {
        hdrs = xcalloc(o->target.nheaders, sizeof *hdrs);
        for (i = 0; i < o->target.nheaders; i++) {
            hdrs[i].name = o->target.headers[i].name;
            hdrs[i].value = o->target.headers[i].value;
        }
        r.headers = hdrs;
        r.nheaders = o->target.nheaders;
    }
    text = http_req_text(&r, &dropped);
    free(hdrs);
    if (!text) {
        a->http.status = HTTP_SKIPPED;
        return NULL;
    }
    a->http.host = xstrdup(r.host);
    a->http.path = xasprintf("%s%s", r.origin_path ? r.origin_path : "", r.path);
    a->http.cf_id = xstrdup(cf);
    return text;
}

static void
park_cb(void *arg)
{
    struct slot *s = arg;
    struct probe *p = s->probe;
    int64_t now = loop_now_ms();

    s->park_timer = NULL;
    if (!s->conn)
        return;
    if (now - s->park_due > PROBE_MAX_LAG_MS) {
        s->park_due = now + PROBE_PARK_CONNECT_MS;
        s->park_timer = loop_timer_add(p->loop, PROBE_PARK_CONNECT_MS, park_cb, s);
        return;
    }
    if (!tls_connecting(s->conn))
        return; /* connected: counts until it ends */
    s->parked = true;
    p->nbusy--;
    pump(p);
}

/* A parked connection connected after all: its handshake counts again. */
static void
slot_connected(void *arg)
{
    struct slot *s = arg;

    if (s->parked) {
        s->parked = false;
        s->probe->nbusy++;
    }
}

/* Opens the connection of a queued slot. */
static void
launch(struct probe *p, struct slot *s)
{
    struct obs_origin *o = s->origin;
    struct obs_addr *a = &o->addrs[s->addr];
    struct tls_params tp = {0};
    char *request = NULL;

    list_push_back(&p->inflight, s);
    p->nopen++;
    p->nbusy++;
    if (a->family == AF_INET)
        ((struct sockaddr_in *)&a->sa)->sin_port = htons((uint16_t)target_port(&o->target));
    else
        ((struct sockaddr_in6 *)&a->sa)->sin6_port = htons((uint16_t)target_port(&o->target));
    tp.sa = (const struct sockaddr *)&a->sa;
    tp.salen = a->salen;
    tp.sni = o->sni;
    tp.priority = s->priority;
    tp.connect_timeout_ms = o->target.connect_timeout_ms;
    tp.handshake_timeout_ms = p->settings.handshake_timeout_ms;
    tp.connected = slot_connected;
    /* CloudFront's request after its handshake, on the same connection:
     * the connection (and its descriptor's slot) lasts until it ends. */
    if (s->kind == SLOT_MAIN && (request = http_request_for(p, o, a))) {
        tp.http_request = request;
        tp.http_timeout_ms = o->target.read_timeout_ms;
        tp.http_out = &a->http;
    }
    if (s->kind == SLOT_MAIN)
        s->conn =
            tls_start(p->loop, &tp, &a->tcp, &a->tcp_errno, &a->connect_ms, &a->tls, slot_done, s);
    else
        s->conn =
            tls_start(p->loop, &tp, &s->tcp, &s->tcp_errno, &s->connect_ms, &s->tls, slot_done, s);
    free(request);
    free(s->priority);
    s->priority = NULL;
    s->park_due = loop_now_ms() + PROBE_PARK_CONNECT_MS;
    s->park_timer = loop_timer_add(p->loop, PROBE_PARK_CONNECT_MS, park_cb, s);
}

static void
lag_tick(void *arg)
{
    struct probe *p = arg;
    int64_t now = loop_now_ms(), lag = now - p->lag_due;

    p->lag_timer = NULL;
    if (lag > PROBE_MAX_LAG_MS)
        p->max_busy = p->max_busy / 2 > PROBE_MIN_BUSY ? p->max_busy / 2 : PROBE_MIN_BUSY;
    else if (lag < PROBE_MAX_LAG_MS / 4)
        p->max_busy = p->max_busy * 2 < PROBE_MAX_BUSY ? p->max_busy * 2 : PROBE_MAX_BUSY;
    if (p->active == 0)
        return;
    p->lag_due = now + PROBE_LAG_TICK_MS;
    p->lag_timer = loop_timer_add(p->loop, PROBE_LAG_TICK_MS, lag_tick, p);
    pump(p);
}

/* Starts queued connections while the caps allow. */
static void
pump(struct probe *p)
{
    while (p->queue.head && p->nopen < p->max_open && p->nbusy < p->max_busy &&
           !p->obs->cancelled) {
        struct slot *s = p->queue.head;
        list_unlink(&p->queue, s);
        launch(p, s);
    }
}

/* Queues a connection: the main handshakes of new origins at the back,
 * the follow-ups of an origin already under way at the front, so that
 * origins finish (and free what they hold) in the order they started. */
static void
start_slot(struct probe *p, struct obs_origin *o, size_t ai, enum slot_kind kind, int index,
           const char *priority)
{
    struct slot *s;

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
    s->priority = priority ? xstrdup(priority) : NULL; /* NULL: TCP only (http-only) */
    p->active++;
    if (kind == SLOT_MAIN)
        list_push_back(&p->queue, s);
    else
        list_push_front(&p->queue, s);
    pump(p);
}

static void
start_explaining(struct probe *p, struct obs_origin *o, size_t ai)
{
    struct obs_addr *a = &o->addrs[ai];
    int v;

    if (!p->settings.explain || !target_uses_tls(&o->target) || a->tcp != TCP_CONNECTED ||
        a->tls.status == TLS_SKIPPED || a->tls.status == TLS_NOT_TLS ||
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
        char *prio = profile_priority_any_cipher(&o->target);
        start_slot(p, o, ai, SLOT_ANY, 0, prio);
        free(prio);
    }
}

static void
start_exact(struct probe *p, struct obs_origin *o, size_t ai, int i)
{
    char *prio = profile_priority_exact(&o->target, (size_t)i);
    start_slot(p, o, ai, SLOT_EXACT, i, prio);
    free(prio);
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

static const struct target_resolve *find_override_name(const struct probe *p, const char *name);

/* When the certificate does not cover the name CloudFront checks, resolve
 * the names it does cover: one of them may be the custom domain that points
 * to the same load balancer. */
static void
start_lookups(struct origin_state *st)
{
    struct probe *p = st->probe;
    struct obs_origin *o = st->origin;
    const struct obs_addr *a = NULL;
    const char *checked = target_checked_name(&o->target);
    char **names = NULL;
    size_t i, j, n;
    const char *err = NULL;

    if (p->obs->cancelled || o->lookups || o->target.is_literal)
        return;
    for (i = 0; i < o->naddrs && !a; i++)
        if (o->addrs[i].tls.status == TLS_OK && o->addrs[i].tls.ncerts &&
            o->addrs[i].tls.certs[0].der)
            a = &o->addrs[i];
    if (!a || names_covers(a->tls.certs[0].der, a->tls.certs[0].size, checked))
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
        target_init(&o->lookups[o->nlookups].target);
        o->lookups[o->nlookups].target.name = ascii;
        o->lookups[o->nlookups].target.input = xstrdup(ascii);
        o->lookups[o->nlookups].target.https_port = o->target.https_port;
        o->nlookups++;
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    for (i = 0; i < o->nlookups; i++) {
        struct obs_origin *l = &o->lookups[i];
        const struct target_resolve *r = find_override_name(p, l->target.name);
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

/* A local resource error: the run stops, and its result is that error
 * (exit 3), not a finding about any origin. */
static void
local_failure(struct probe *p, int e)
{
    if (p->local_errno)
        return;
    p->local_errno = e;
    if (e == EADDRNOTAVAIL || e == EADDRINUSE)
        p->error =
            xasprintf(_("cannot open a connection: no local port is free (%s)"), strerror(e));
    else
        p->error = xasprintf(_("cannot open a connection: %s"), strerror(e));
    probe_cancel(p);
}

/* What a finished (or dropped) connection means for its origin; frees s. */
static void
slot_complete(struct probe *p, struct slot *s)
{
    struct obs_origin *o = s->origin;
    struct obs_addr *a = &o->addrs[s->addr];

    switch (s->kind) {
    case SLOT_MAIN:
        if (a->http.status == HTTP_PENDING)
            a->http.status = HTTP_SKIPPED; /* no handshake, no request */
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
    if (--s->state->active == 0)
        start_lookups(s->state);
    free(s->priority);
    free(s);
    p->active--;
    pump(p);
    notify(p);
}

static void
slot_done(void *arg, struct tls_conn *c)
{
    struct slot *s = arg;
    struct probe *p = s->probe;
    const struct obs_addr *a = &s->origin->addrs[s->addr];
    enum tcp_status tcp = s->kind == SLOT_MAIN ? a->tcp : s->tcp;
    int e = s->kind == SLOT_MAIN ? a->tcp_errno : s->tcp_errno;

    list_unlink(&p->inflight, s);
    p->nopen--;
    if (!s->parked)
        p->nbusy--;
    loop_timer_cancel(p->loop, s->park_timer);
    s->park_timer = NULL;
    tls_free(c);
    s->conn = NULL;
    if (tcp == TCP_ERROR && local_resource_errno(e))
        local_failure(p, e);
    slot_complete(p, s);
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
        /* 0.0.0.0 is this host, broadcast and multicast are not one peer:
         * CloudFront cannot connect to them, and neither do we. */
        if (obs_addr_unconnectable(a)) {
            a->probed = true;
            a->tcp = TCP_SKIPPED;
            a->tls.status = TLS_SKIPPED;
            continue;
        }
        start_slot(p, o, i, SLOT_MAIN, 0, state_of(p, o)->main_priority);
    }
}

static void
on_local_dns_failure(void *arg)
{
    struct probe *p = arg;
    p->local_timer = NULL;
    local_failure(p, dns_local_errno(p->dns));
    notify(p);
}

static void
dns_done(void *arg, struct obs_origin *o)
{
    struct probe *p = arg;

    p->active--;
    state_of(p, o)->active--;
    /* c-ares could not open a socket here: the failure is this machine's.
     * Reported from the loop: cancelling c-ares inside its callback is not
     * allowed. */
    if ((o->dns == DNS_ERROR || o->dns == DNS_TIMEOUT) && dns_local_errno(p->dns) &&
        !p->local_timer && !p->local_errno)
        p->local_timer = loop_timer_add(p->loop, 0, on_local_dns_failure, p);
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

/* FNV-1a over the lower-cased name. */
static size_t
name_hash(const char *name)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *name; name++) {
        unsigned char c = (unsigned char)*name;
        h ^= (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

static void
resolve_index(struct probe *p)
{
    size_t i, n = p->settings.nresolves;

    if (!n)
        return;
    for (p->nrtab = 16; p->nrtab < 2 * n; p->nrtab *= 2)
        ;
    p->rtab = xcalloc(p->nrtab, sizeof *p->rtab);
    p->rentries = xcalloc(n, sizeof *p->rentries);
    /* Backwards, pushing at the head: each chain ends up in command-line order. */
    for (i = n; i-- > 0;) {
        struct resolve_entry *e = &p->rentries[i];
        size_t b = name_hash(p->settings.resolves[i].name) & (p->nrtab - 1);
        e->r = &p->settings.resolves[i];
        e->next = p->rtab[b];
        p->rtab[b] = e;
    }
}

/* The first --resolve entry for name and, unless port is 0, that port. */
static const struct target_resolve *
resolve_find(const struct probe *p, const char *name, unsigned port)
{
    const struct resolve_entry *e;

    if (!p->rtab)
        return NULL;
    for (e = p->rtab[name_hash(name) & (p->nrtab - 1)]; e; e = e->next)
        if ((port == 0 || e->r->port == port) && strcasecmp(e->r->name, name) == 0)
            return e->r;
    return NULL;
}

static const struct target_resolve *
find_override_name(const struct probe *p, const char *name)
{
    return resolve_find(p, name, 0);
}

static const struct target_resolve *
find_override(const struct probe *p, const struct target *t)
{
    return resolve_find(p, t->name, target_port(t));
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
    p->nstates = ntargets;
    p->max_busy = PROBE_START_BUSY;
    resolve_index(p);
    for (i = 0; i < ntargets; i++) {
        struct obs_origin *o = &p->obs->origins[i];
        const char *sni = target_sni(&targets[i]);
        p->states[i].probe = p;
        p->states[i].origin = o;
        /* Each origin its own OriginSslProtocols; http-only: TCP only. */
        if (target_uses_tls(&targets[i]))
            p->states[i].main_priority = profile_priority_main(&targets[i]);
        target_copy(&o->target, &targets[i]);
        if (sni && target_uses_tls(&targets[i]))
            o->sni = xstrdup(sni);
        if (!targets[i].is_literal && !find_override(p, &targets[i]))
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
    p->max_open = descriptor_budget();
    p->lag_due = loop_now_ms() + PROBE_LAG_TICK_MS;
    p->lag_timer = loop_timer_add(p->loop, PROBE_LAG_TICK_MS, lag_tick, p);
    p->obs->started = (int64_t)time(NULL);
    /* Count every DNS job first, so that an answer that comes back at once
     * cannot make the run look finished. */
    for (i = 0; i < p->obs->norigins; i++) {
        struct obs_origin *o = &p->obs->origins[i];
        if (!o->target.is_literal && !find_override(p, &o->target)) {
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
        } else if ((r = find_override(p, &o->target))) {
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
    return p->started && p->active == 0 && !p->local_timer;
}

void
probe_cancel(struct probe *p)
{
    if (p->obs->cancelled)
        return;
    p->obs->cancelled = true;
    if (p->dns)
        dns_cancel(p->dns);
    while (p->inflight.head)
        tls_cancel(p->inflight.head->conn); /* slot_done unlinks it */
    /* Queued ones never started: cancelled before their connect. */
    while (p->queue.head) {
        struct slot *s = p->queue.head;
        struct obs_addr *a = &s->origin->addrs[s->addr];
        list_unlink(&p->queue, s);
        if (s->kind == SLOT_MAIN) {
            a->tcp = TCP_CANCELLED;
            a->tls.status = TLS_SKIPPED;
        } else {
            s->tcp = TCP_CANCELLED;
            s->tls.status = TLS_SKIPPED;
        }
        slot_complete(p, s);
    }
}

const char *
probe_error(const struct probe *p)
{
    return p->error;
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
    size_t i;

    if (!p)
        return;
    if (p->obs)
        probe_cancel(p);
    loop_timer_cancel(p->loop, p->lag_timer);
    loop_timer_cancel(p->loop, p->local_timer);
    dns_free(p->dns);
    obs_free(p->obs);
    for (i = 0; p->states && i < p->nstates; i++)
        free(p->states[i].main_priority);
    free(p->states);
    free(p->rtab);
    free(p->rentries);
    free(p->error);
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
    if (p->error) {
        /* *err must outlive p: a static copy, like every other *err. */
        static char msg[256];
        snprintf(msg, sizeof msg, "%s", p->error);
        *err = msg;
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
