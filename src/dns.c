#include "config.h"

#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dns.h"
#include "i18n.h"
#include "sanitize.h"
#include "xmalloc.h"

#define QTYPE_A 1
#define QTYPE_CNAME 5
#define QTYPE_AAAA 28

struct dns {
    struct loop *loop;
    ares_channel channel;
    struct loop_timer *timer;
    int local_errno; /* the first socket() failure of this machine's own */
};

/* One origin's lookup: an A and an AAAA query. */
struct dns_job {
    struct dns *dns;
    struct obs_origin *origin;
    dns_done_fn done;
    void *arg;
    int pending;
    double started_us;
    enum dns_status status[2]; /* per query; DNS_OK means addresses came back */
    char *message;
};

static void rearm(struct dns *d);

static void
on_timer(void *arg)
{
    struct dns *d = arg;
    d->timer = NULL;
    ares_process_fd(d->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    rearm(d);
}

/* c-ares keeps its own deadlines; mirror the nearest one as our timer. */
static void
rearm(struct dns *d)
{
    struct timeval tv, *tvp;

    loop_timer_cancel(d->loop, d->timer);
    d->timer = NULL;
    tvp = ares_timeout(d->channel, NULL, &tv);
    if (tvp)
        d->timer = loop_timer_add(d->loop, (int64_t)tvp->tv_sec * 1000 + tvp->tv_usec / 1000 + 1,
                                  on_timer, d);
}

static void
on_io(void *arg, int fd, short revents)
{
    struct dns *d = arg;
    ares_socket_t r = (revents & (POLLIN | POLLERR | POLLHUP)) ? fd : ARES_SOCKET_BAD;
    ares_socket_t w = (revents & (POLLOUT | POLLERR)) ? fd : ARES_SOCKET_BAD;

    ares_process_fd(d->channel, r, w);
    rearm(d);
}

static void
sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
    struct dns *d = data;
    short ev = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
    loop_watch(d->loop, fd, ev, on_io, d);
}

/* c-ares's sockets, made by us so that a local failure (out of descriptors
 * or memory) is seen as ours: c-ares itself reports it as "could not
 * contact DNS servers", which would be a finding about the origin.  c-ares
 * leaves user-made sockets as they are: they must be non-blocking here. */
static ares_socket_t
sock_open(int af, int type, int protocol, void *data)
{
    struct dns *d = data;
    int fd = socket(af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);

    if (fd < 0 && !d->local_errno &&
        (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM))
        d->local_errno = errno;
    return fd < 0 ? ARES_SOCKET_BAD : fd;
}

static int
sock_close(ares_socket_t fd, void *data)
{
    (void)data;
    return close(fd);
}

static int
sock_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *data)
{
    (void)data;
    return connect(fd, sa, len);
}

static ares_ssize_t
sock_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags, struct sockaddr *from,
              ares_socklen_t *fromlen, void *data)
{
    (void)data;
    return recvfrom(fd, buf, len, flags, from, fromlen);
}

static ares_ssize_t
sock_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *data)
{
    (void)data;
    return writev(fd, iov, n);
}

static const struct ares_socket_functions sock_funcs = {sock_open, sock_close, sock_connect,
                                                        sock_recvfrom, sock_sendv};

int
dns_local_errno(const struct dns *d)
{
    return d ? d->local_errno : 0;
}

struct dns *
dns_new(struct loop *l, const char *servers, unsigned timeout_ms, const char **err)
{
    struct dns *d = xcalloc(1, sizeof *d);
    struct ares_options o;
    bool lib = false, channel = false;
    int r;

    r = ares_library_init(ARES_LIB_INIT_ALL);
    if (r != ARES_SUCCESS) {
        *err = _("cannot initialise c-ares");
        goto fail;
    }
    lib = true;
    memset(&o, 0, sizeof o);
    o.sock_state_cb = sock_state;
    o.sock_state_cb_data = d;
    o.tries = 2;
    /* c-ares doubles the timeout on the second try: t + 2t = the budget. */
    o.timeout = (int)(timeout_ms / 3 ? timeout_ms / 3 : 1);
    /* Keep SERVFAIL and REFUSED answers: they are what we report. */
    o.flags = ARES_FLAG_NOCHECKRESP;
    r = ares_init_options(&d->channel, &o,
                          ARES_OPT_SOCK_STATE_CB | ARES_OPT_TRIES | ARES_OPT_TIMEOUTMS |
                              ARES_OPT_FLAGS);
    if (r != ARES_SUCCESS) {
        *err = _("cannot initialise the resolver (is /etc/resolv.conf readable?)");
        goto fail;
    }
    channel = true;
    ares_set_socket_functions(d->channel, &sock_funcs, d);
    if (servers && ares_set_servers_ports_csv(d->channel, servers) != ARES_SUCCESS) {
        *err = _("--dns-server: c-ares refused the server list");
        goto fail;
    }
    d->loop = l;
    return d;

fail:
    if (channel)
        ares_destroy(d->channel);
    if (lib)
        ares_library_cleanup();
    free(d);
    return NULL;
}

void
dns_free(struct dns *d)
{
    if (!d)
        return;
    ares_destroy(d->channel);
    loop_timer_cancel(d->loop, d->timer);
    ares_library_cleanup();
    free(d);
}

void
dns_cancel(struct dns *d)
{
    ares_cancel(d->channel);
    rearm(d);
}

static uint16_t
get16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
add_cname(struct obs_origin *o, const char *name, const char *target, uint32_t ttl)
{
    size_t i;

    for (i = 0; i < o->ncnames; i++)
        if (strcasecmp(o->cnames[i].name, name) == 0)
            return; /* the A and AAAA answers repeat the chain */
    if (o->ncnames >= OBS_MAX_CNAMES)
        return;
    o->cnames = xreallocarray(o->cnames, o->ncnames + 1, sizeof *o->cnames);
    o->cnames[o->ncnames].name = xstrdup(name);
    o->cnames[o->ncnames].target = xstrdup(target);
    o->cnames[o->ncnames].ttl = ttl;
    o->ncnames++;
}

/* One answer record, parsed but not yet trusted. */
struct rr {
    char owner[256];
    char target[256]; /* CNAME */
    unsigned type;
    uint32_t ttl;
    const unsigned char *rdata;
    unsigned rdlen;
};

/* Reads the (possibly compressed) name at off into out, labels joined with
 * dots as sent.  *next is the offset just after the name where it starts.
 * NULL on success, else why it cannot be read (an N_() string).  Every
 * compression pointer must point before the start of the labels it ends:
 * the offsets strictly decrease, so no loop can be followed. */
static const char *
read_name(const unsigned char *buf, size_t len, size_t off, char out[256], size_t *next)
{
    size_t n = 0, pos = off, seg = off;
    bool jumped = false;

    for (;;) {
        unsigned c;
        if (pos >= len)
            return N_("a name runs past the end of the answer");
        c = buf[pos];
        if ((c & 0xc0) == 0xc0) {
            size_t target;
            if (pos + 1 >= len)
                return N_("a name runs past the end of the answer");
            target = (size_t)(c & 0x3f) << 8 | buf[pos + 1];
            if (!jumped)
                *next = pos + 2;
            jumped = true;
            if (target >= seg)
                return N_("a compression pointer loops (it does not point back)");
            pos = seg = target;
            continue;
        }
        if (c & 0xc0)
            return N_("a label has an unknown type");
        if (c == 0) {
            if (!jumped)
                *next = pos + 1;
            out[n] = '\0';
            if (n == 0) {
                out[0] = '.';
                out[1] = '\0';
            }
            return NULL;
        }
        if (pos + 1 + c > len)
            return N_("a name runs past the end of the answer");
        if (n + c + 1 > 254)
            return N_("a name is longer than 255 bytes");
        if (memchr(buf + pos + 1, '\0', c))
            return N_("a label holds a NUL byte");
        if (memchr(buf + pos + 1, '.', c))
            return N_("a label holds a dot");
        if (n)
            out[n++] = '.';
        memcpy(out + n, buf + pos + 1, c);
        n += c;
        pos += 1 + c;
    }
}

int
dns_parse_answer(const unsigned char *buf, int len, struct obs_origin *o, int qtype, char **why)
{
    size_t end = len > 0 ? (size_t)len : 0, p, next = 0;
    unsigned qd, an, i;
    char name[256];
    const char *current, *bad, *visited[OBS_MAX_CNAMES + 2];
    struct rr *rrs = NULL;
    size_t nrr = 0, k, hops;
    int rcode = -1;

    if (why)
        *why = NULL;
#define MALFORMED(...)                                                                             \
    do {                                                                                           \
        if (why)                                                                                   \
            *why = xasprintf(__VA_ARGS__);                                                         \
        goto out;                                                                                  \
    } while (0)
    if (end < 12)
        MALFORMED(_("the answer is shorter than a DNS header (%zu bytes)"), end);
    qd = get16(buf + 4);
    an = get16(buf + 6);
    p = 12;
    for (i = 0; i < qd; i++) {
        if ((bad = read_name(buf, end, p, name, &next)))
            MALFORMED(_("malformed answer: %s"), _(bad));
        if (end - next < 4)
            MALFORMED(_("malformed answer: the question is cut short"));
        p = next + 4;
    }
    /* Parse every record first: a malformed answer adds nothing. */
    rrs = xcalloc(an ? an : 1, sizeof *rrs);
    for (i = 0; i < an; i++) {
        struct rr *r = &rrs[nrr];
        if (p >= end)
            MALFORMED(_("malformed answer: the header announces %u answer records, it holds %u"),
                      an, i);
        if ((bad = read_name(buf, end, p, r->owner, &next)))
            MALFORMED(_("malformed answer: %s"), _(bad));
        if (end - next < 10)
            MALFORMED(_("malformed answer: a record is cut short"));
        p = next;
        r->type = get16(buf + p);
        r->ttl = get32(buf + p + 4);
        r->rdlen = get16(buf + p + 8);
        p += 10;
        if (end - p < r->rdlen)
            MALFORMED(_("malformed answer: a record is cut short"));
        r->rdata = buf + p;
        if (r->type == QTYPE_CNAME) {
            size_t tnext;
            if ((bad = read_name(buf, p + r->rdlen, p, r->target, &tnext)))
                MALFORMED(_("malformed answer: %s"), _(bad));
        }
        nrr++;
        p += r->rdlen;
    }
    /* Follow the chain from the name asked, in chain order, whatever the
     * order of the records; addresses count only for its last name.  A
     * chain longer than OBS_MAX_CNAMES, or one that comes back to a name
     * it passed, has no end to resolve. */
    current = o->target.name;
    visited[0] = current;
    for (hops = 0;; hops++) {
        size_t h;
        for (k = 0; k < nrr; k++)
            if (rrs[k].type == QTYPE_CNAME && strcasecmp(rrs[k].owner, current) == 0)
                break;
        if (k == nrr)
            break;
        for (h = 0; h <= hops; h++)
            if (strcasecmp(visited[h], rrs[k].target) == 0)
                break;
        if (h <= hops) {
            char *n = sanitize(rrs[k].target);
            if (why)
                *why = xasprintf(_("the CNAME chain loops: it comes back to %s"), n);
            free(n);
            goto out;
        }
        if (hops >= OBS_MAX_CNAMES)
            MALFORMED(_("the CNAME chain is longer than %d links"), OBS_MAX_CNAMES);
        add_cname(o, rrs[k].owner, rrs[k].target, rrs[k].ttl);
        current = visited[hops + 1] = rrs[k].target;
    }
#undef MALFORMED
    for (k = 0; k < nrr; k++) {
        const struct rr *r = &rrs[k];
        if (strcasecmp(r->owner, current) != 0)
            continue;
        if ((r->type == QTYPE_A && qtype == QTYPE_A && r->rdlen == 4) ||
            (r->type == QTYPE_AAAA && qtype == QTYPE_AAAA && r->rdlen == 16)) {
            if (o->naddrs < OBS_MAX_ADDRS) {
                struct obs_addr *a = obs_origin_add_addr(o);
                obs_addr_set_bytes(a, r->type == QTYPE_A ? AF_INET : AF_INET6, r->rdata);
                a->ttl = r->ttl;
            } else {
                o->addrs_dropped++;
            }
        }
    }
    rcode = buf[3] & 0x0f;
out:
    free(rrs);
    return rcode;
}

static enum dns_status
status_from_ares(int status)
{
    switch (status) {
    case ARES_ENOTFOUND:
        return DNS_NXDOMAIN;
    case ARES_ENODATA:
        return DNS_NODATA;
    case ARES_ESERVFAIL:
        return DNS_SERVFAIL;
    case ARES_EREFUSED:
        return DNS_REFUSED;
    case ARES_ETIMEOUT:
        return DNS_TIMEOUT;
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION:
        return DNS_CANCELLED;
    default:
        return DNS_ERROR;
    }
}

/* One status for the name from the A and AAAA outcomes: addresses win, then
 * resolver failures (they hide the truth), then NXDOMAIN, then NODATA. */
static enum dns_status
combine(const enum dns_status s[2])
{
    static const enum dns_status order[] = {DNS_OK,      DNS_CANCELLED, DNS_TIMEOUT, DNS_SERVFAIL,
                                            DNS_REFUSED, DNS_ERROR,     DNS_NXDOMAIN};
    size_t i;

    for (i = 0; i < sizeof order / sizeof *order; i++)
        if (s[0] == order[i] || s[1] == order[i])
            return order[i];
    return DNS_NODATA;
}

static void
query_done(struct dns_job *j, int qidx, int status, unsigned char *abuf, int alen, int qtype)
{
    size_t before = j->origin->naddrs;
    enum dns_status st = status_from_ares(status);

    if (abuf && alen > 0 && st != DNS_CANCELLED) {
        char *why = NULL;
        int rcode = dns_parse_answer(abuf, alen, j->origin, qtype, &why);
        if (rcode < 0) {
            st = DNS_ERROR;
            /* What was wrong with the answer, not c-ares's "success". */
            if (!j->message)
                j->message = why ? why : xstrdup(_("malformed answer"));
            else
                free(why);
        }
        if (rcode == 3)
            st = DNS_NXDOMAIN;
        else if (rcode == 2)
            st = DNS_SERVFAIL;
        else if (rcode == 5)
            st = DNS_REFUSED;
        else if (rcode == 0)
            st = j->origin->naddrs > before ? DNS_OK : DNS_NODATA;
    }
    if (st == DNS_ERROR && !j->message)
        j->message = xstrdup(ares_strerror(status));
    j->status[qidx] = st;
    if (--j->pending > 0)
        return;

    j->origin->dns = combine(j->status);
    j->origin->dns_ms = (loop_now_us() - j->started_us) / 1000.0;
    j->origin->dns_message = j->message;
    j->done(j->arg, j->origin);
    free(j);
}

static void
on_a(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    (void)timeouts;
    query_done(arg, 0, status, abuf, alen, QTYPE_A);
}

static void
on_aaaa(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
    (void)timeouts;
    query_done(arg, 1, status, abuf, alen, QTYPE_AAAA);
}

void
dns_resolve(struct dns *d, struct obs_origin *o, int family, dns_done_fn done, void *arg)
{
    struct dns_job *j = xcalloc(1, sizeof *j);

    j->dns = d;
    j->origin = o;
    j->done = done;
    j->arg = arg;
    j->started_us = loop_now_us();
    j->status[0] = j->status[1] = DNS_NODATA;
    j->pending = family == 0 ? 2 : 1;
    o->dns = DNS_PENDING;
    /* A query can complete at once (inside ares_query); pending counts it. */
    if (family != 6)
        ares_query(d->channel, o->target.name, 1 /* IN */, QTYPE_A, on_a, j);
    if (family != 4)
        ares_query(d->channel, o->target.name, 1 /* IN */, QTYPE_AAAA, on_aaaa, j);
    rearm(d);
}
