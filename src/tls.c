#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http.h"
#include "i18n.h"
#include "profile.h"
#include "cert.h"
#include "tls.h"
#include "tlsrec.h"
#include "xmalloc.h"

enum conn_state { ST_CONNECTING, ST_HANDSHAKE, ST_HTTP, ST_DONE };

struct tls_conn {
    struct loop *loop;
    int fd;
    enum conn_state state;
    gnutls_session_t session;
    struct loop_timer *timer;
    double started_us, connected_us;
    unsigned handshake_timeout_ms;
    char *sni, *priority;
    /* where results go (the caller's storage) */
    enum tcp_status *tcp;
    int *tcp_errno;
    double *connect_ms;
    struct obs_tls *out;
    tls_done_fn done;
    void (*connected)(void *arg);
    void *arg;
    /* The server's bytes, kept (up to a cap) so that the certificate list
     * can be read even when GnuTLS refuses it; grown as they come, and
     * released once GnuTLS holds the certificate list itself. */
    unsigned char *rx;
    size_t nrx, caprx;
    bool rx_done;
    /* Bytes handed to GnuTLS in this handshake, and whether the server
     * tried to send more than OBS_MAX_HANDSHAKE. */
    size_t pulled;
    bool oversized;
    /* CloudFront's request after a successful handshake, or NULL. */
    char *http_request;
    unsigned http_timeout_ms;
    struct obs_http *http_out;
    struct http_xchg *http;
};

/* GnuTLS's own limit on a handshake message is 128 KiB; a little more
 * holds the records around the Certificate message.  GnuTLS buffers what
 * the pull function hands it before it looks at message lengths, so the
 * cap holds here, not in GnuTLS. */
#define TLS_RX_CAP OBS_MAX_HANDSHAKE
#define TLS_RX_FIRST (8 * 1024) /* a usual server flight fits */

/* For the whole run: one credential set (it holds no certificate, only the
 * callback that declines to send one) and each distinct priority string
 * parsed once.  A handful of strings per profile and minimum protocol. */
struct prio_entry {
    char *text;
    gnutls_priority_t prio;
    struct prio_entry *next;
};

#define PRIO_BUCKETS 64
static struct prio_entry *prio_cache[PRIO_BUCKETS];
static gnutls_certificate_credentials_t shared_cred;

static int no_client_cert(gnutls_session_t s, const gnutls_datum_t *req_ca_dn, int nreqs,
                          const gnutls_pk_algorithm_t *algos, int nalgos, gnutls_pcert_st **pcert,
                          unsigned int *pcert_length, gnutls_privkey_t *privkey);

bool
tls_global_init(const char **err)
{
    if (gnutls_global_init() < 0) {
        *err = _("cannot initialise GnuTLS");
        return false;
    }
    return true;
}

void
tls_global_deinit(void)
{
    size_t i;

    for (i = 0; i < PRIO_BUCKETS; i++)
        while (prio_cache[i]) {
            struct prio_entry *e = prio_cache[i];
            prio_cache[i] = e->next;
            gnutls_priority_deinit(e->prio);
            free(e->text);
            free(e);
        }
    if (shared_cred) {
        gnutls_certificate_free_credentials(shared_cred);
        shared_cred = NULL;
    }
    cert_cache_clear();
    gnutls_global_deinit();
}

/* The parsed form of text, parsed on first use; GnuTLS's error otherwise. */
static int
priority_get(const char *text, gnutls_priority_t *out)
{
    uint32_t h = 2166136261u;
    const char *p, *errpos = NULL;
    struct prio_entry *e;
    int r;

    for (p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (e = prio_cache[h % PRIO_BUCKETS]; e; e = e->next)
        if (strcmp(e->text, text) == 0) {
            *out = e->prio;
            return 0;
        }
    e = xcalloc(1, sizeof *e);
    r = gnutls_priority_init(&e->prio, text, &errpos);
    if (r < 0) {
        free(e);
        return r;
    }
    e->text = xstrdup(text);
    e->next = prio_cache[h % PRIO_BUCKETS];
    prio_cache[h % PRIO_BUCKETS] = e;
    *out = e->prio;
    return 0;
}

static int
credentials_get(gnutls_certificate_credentials_t *out)
{
    int r;

    if (!shared_cred) {
        r = gnutls_certificate_allocate_credentials(&shared_cred);
        if (r < 0) {
            shared_cred = NULL;
            return r;
        }
        gnutls_certificate_set_retrieve_function2(shared_cred, no_client_cert);
    }
    *out = shared_cred;
    return 0;
}

static void
release(struct tls_conn *c)
{
    if (c->fd >= 0) {
        loop_unwatch(c->loop, c->fd);
        close(c->fd);
        c->fd = -1;
    }
    loop_timer_cancel(c->loop, c->timer);
    c->timer = NULL;
    if (c->session) {
        gnutls_deinit(c->session);
        c->session = NULL;
    }
    free(c->rx);
    c->rx = NULL;
}

/* The last thing any path does: results are written, resources go, and the
 * owner hears about it (and may free c). */
static void
finish(struct tls_conn *c)
{
    c->state = ST_DONE;
    release(c);
    c->done(c->arg, c);
}

static enum tcp_status
tcp_status_from_errno(int e)
{
    switch (e) {
    case ECONNREFUSED:
        return TCP_REFUSED;
    case ETIMEDOUT:
        return TCP_TIMEOUT;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
        return TCP_UNREACHABLE;
    /* EADDRNOTAVAIL from connect(): no free local port (this machine's
     * ephemeral ports are used up), so TCP_ERROR, which the probe reports
     * as its own failure, never as the origin being unreachable. */
    default:
        return TCP_ERROR;
    }
}

static void
on_finish_timer(void *arg)
{
    struct tls_conn *c = arg;
    c->timer = NULL;
    finish(c);
}

/* For failures found inside tls_start: report them from the loop. */
static void
fail_later(struct tls_conn *c)
{
    c->out->status = TLS_SKIPPED;
    c->timer = loop_timer_add(c->loop, 0, on_finish_timer, c);
}

static void
on_timeout(void *arg)
{
    struct tls_conn *c = arg;

    c->timer = NULL;
    if (c->state == ST_CONNECTING) {
        *c->tcp = TCP_TIMEOUT;
        *c->tcp_errno = ETIMEDOUT;
        *c->connect_ms = (loop_now_us() - c->started_us) / 1000.0;
        c->out->status = TLS_SKIPPED;
    } else {
        c->out->status = TLS_TIMEOUT;
        c->out->elapsed_ms = (loop_now_us() - c->connected_us) / 1000.0;
    }
    finish(c);
}

static ssize_t
pull(gnutls_transport_ptr_t p, void *buf, size_t len)
{
    struct tls_conn *c = p;
    ssize_t n;

    /* After the handshake the HTTP exchange bounds what it reads itself
     * (http.c); nothing of it is kept here. */
    if (c->state == ST_HTTP) {
        n = recv(c->fd, buf, len, 0);
        if (n < 0)
            gnutls_transport_set_errno(c->session, errno);
        return n;
    }
    /* Keep the start of the server's first flight: it tells TLS from
     * something else (an HTTP server on the HTTPS port).  GnuTLS reads a
     * 5-byte record header first, so peek at more than it asks for. */
    if (c->out->nfirst_bytes == 0) {
        n = recv(c->fd, c->out->first_bytes, OBS_FIRST_BYTES, MSG_PEEK);
        if (n > 0)
            c->out->nfirst_bytes = (size_t)n;
    }
    /* Never more than the cap in one handshake: a server announcing a huge
     * Certificate message would make GnuTLS buffer all of it. */
    if (c->pulled >= OBS_MAX_HANDSHAKE) {
        c->oversized = true;
        gnutls_transport_set_errno(c->session, EMSGSIZE);
        return -1;
    }
    if (len > OBS_MAX_HANDSHAKE - c->pulled)
        len = OBS_MAX_HANDSHAKE - c->pulled;
    n = recv(c->fd, buf, len, 0);
    if (n > 0)
        c->pulled += (size_t)n;
    if (n < 0) {
        gnutls_transport_set_errno(c->session, errno);
        return -1;
    }
    if (n > 0 && c->nrx < TLS_RX_CAP && !c->rx_done) {
        size_t k = TLS_RX_CAP - c->nrx < (size_t)n ? TLS_RX_CAP - c->nrx : (size_t)n;
        if (c->nrx + k > c->caprx) {
            size_t cap = c->caprx ? c->caprx : TLS_RX_FIRST;
            while (cap < c->nrx + k)
                cap *= 2;
            c->caprx = cap < TLS_RX_CAP ? cap : TLS_RX_CAP;
            c->rx = xrealloc(c->rx, c->caprx);
        }
        memcpy(c->rx + c->nrx, buf, k);
        c->nrx += k;
    }
    return n;
}

static ssize_t
push(gnutls_transport_ptr_t p, const void *buf, size_t len)
{
    struct tls_conn *c = p;
    ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);

    if (n < 0)
        gnutls_transport_set_errno(c->session, errno);
    return n;
}

static int
pull_timeout(gnutls_transport_ptr_t p, unsigned ms)
{
    struct tls_conn *c = p;
    struct pollfd pfd = {c->fd, POLLIN, 0};
    (void)ms; /* non-blocking: never wait here, the loop waits */
    return poll(&pfd, 1, 0);
}

/* The server asked for a client certificate: note it, send none
 * (CloudFront has none unless origin mTLS is configured). */
static int
no_client_cert(gnutls_session_t s, const gnutls_datum_t *req_ca_dn, int nreqs,
               const gnutls_pk_algorithm_t *algos, int nalgos, gnutls_pcert_st **pcert,
               unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
    struct tls_conn *c = gnutls_session_get_ptr(s);
    (void)req_ca_dn, (void)nreqs, (void)algos, (void)nalgos;
    c->out->client_cert_requested = true;
    *pcert = NULL;
    *pcert_length = 0;
    *privkey = NULL;
    return 0;
}

static void
record_certs(struct tls_conn *c)
{
    unsigned n = 0, i;
    const gnutls_datum_t *peers = gnutls_certificate_get_peers(c->session, &n);
    struct obs_tls *o = c->out;

    if (!peers || n == 0 || o->ncerts)
        return;
    o->certs_received = n;
    o->ncerts = n < OBS_MAX_CERTS ? n : OBS_MAX_CERTS;
    o->certs = xcalloc(o->ncerts, sizeof *o->certs);
    for (i = 0; i < o->ncerts; i++) {
        o->certs[i].size = peers[i].size;
        if (peers[i].size <= OBS_MAX_CERT_SIZE) {
            o->certs[i].der = xmalloc(peers[i].size);
            memcpy(o->certs[i].der, peers[i].data, peers[i].size);
        }
    }
}

static void
record_success(struct tls_conn *c)
{
    struct obs_tls *o = c->out;
    gnutls_kx_algorithm_t kx = gnutls_kx_get(c->session);
    gnutls_cipher_algorithm_t ci = gnutls_cipher_get(c->session);
    gnutls_mac_algorithm_t mac = gnutls_mac_get(c->session);
    const char *name = gnutls_protocol_get_name(gnutls_protocol_get_version(c->session));
    const char *sname = gnutls_cipher_suite_get_name(kx, ci, mac);
    unsigned char id[2];
    gnutls_kx_algorithm_t k2;
    gnutls_cipher_algorithm_t c2;
    gnutls_mac_algorithm_t m2;
    gnutls_protocol_t minv;
    size_t i;
    const char *sn;
    gnutls_group_t g = gnutls_group_get(c->session);

    o->status = TLS_OK;
    o->version = xstrdup(name ? name : "?");
    if (gnutls_protocol_get_version(c->session) == GNUTLS_TLS1_3) {
        /* TLS 1.3 suites have no key exchange in the name. */
        o->cipher_suite =
            xasprintf("TLS_%s_%s", gnutls_cipher_get_name(ci), gnutls_mac_get_name(mac));
    } else {
        o->cipher_suite = xasprintf("TLS_%s", sname ? sname : "UNKNOWN");
        for (i = 0; (sn = gnutls_cipher_suite_info(i, id, &k2, &c2, &m2, &minv)); i++)
            if (k2 == kx && c2 == ci && m2 == mac) {
                o->suite_id[0] = id[0];
                o->suite_id[1] = id[1];
                o->suite_in_profile = profile_suite_find(id) != NULL;
                break;
            }
    }
    if (g != GNUTLS_GROUP_INVALID && gnutls_group_get_name(g))
        o->group = xstrdup(gnutls_group_get_name(g));
    record_certs(c);
}

static void
record_failure(struct tls_conn *c, int r)
{
    struct obs_tls *o = c->out;
    unsigned char b0 = o->nfirst_bytes ? o->first_bytes[0] : 0;

    o->gnutls_error = r;
    if (c->oversized) {
        o->status = TLS_OVERSIZED;
    } else if (r == GNUTLS_E_FATAL_ALERT_RECEIVED) {
        o->status = TLS_ALERT;
        o->alert = (int)gnutls_alert_get(c->session);
    } else if (o->nfirst_bytes && (b0 < 0x14 || b0 > 0x17)) {
        /* TLS records start with a content type 20..23 */
        o->status = TLS_NOT_TLS;
    } else if (r == GNUTLS_E_PREMATURE_TERMINATION || r == GNUTLS_E_PUSH_ERROR ||
               r == GNUTLS_E_PULL_ERROR) {
        o->status = TLS_CLOSED;
    } else {
        o->status = TLS_FAILED;
    }
    record_certs(c);
    if (!o->certs_received && o->status != TLS_NOT_TLS)
        tlsrec_certs(c->rx, c->nrx, o);
}

static void step_handshake(struct tls_conn *c);

static void
on_http_done(void *arg)
{
    finish(arg);
}

/* CloudFront's request on the session of its handshake; the connection
 * (and the probe's slot) lasts until the exchange ends. */
static void
start_http(struct tls_conn *c)
{
    loop_timer_cancel(c->loop, c->timer);
    c->timer = NULL;
    loop_unwatch(c->loop, c->fd);
    c->state = ST_HTTP;
    c->http = http_xchg_start(c->loop, c->session, c->fd, c->http_request, c->http_timeout_ms,
                              c->http_out, on_http_done, c);
}

static void
on_handshake_io(void *arg, int fd, short revents)
{
    (void)fd, (void)revents;
    step_handshake(arg);
}

static void
step_handshake(struct tls_conn *c)
{
    int r;

    for (;;) {
        r = gnutls_handshake(c->session);
        if (r == GNUTLS_E_SUCCESS) {
            c->out->elapsed_ms = (loop_now_us() - c->connected_us) / 1000.0;
            record_success(c);
            if (c->http_request)
                start_http(c);
            else
                finish(c);
            return;
        }
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
            short ev = gnutls_record_get_direction(c->session) ? POLLOUT : POLLIN;
            unsigned npeers = 0;
            if (!c->rx_done && gnutls_certificate_get_peers(c->session, &npeers) && npeers) {
                /* GnuTLS parsed the Certificate message: the raw copy is
                 * no longer needed. */
                c->rx_done = true;
                free(c->rx);
                c->rx = NULL;
                c->nrx = c->caprx = 0;
            }
            loop_watch(c->loop, c->fd, ev, on_handshake_io, c);
            return;
        }
        if (!gnutls_error_is_fatal(r))
            continue; /* e.g. a warning alert */
        c->out->elapsed_ms = (loop_now_us() - c->connected_us) / 1000.0;
        record_failure(c, r);
        finish(c);
        return;
    }
}

static bool
start_handshake(struct tls_conn *c)
{
    gnutls_priority_t prio;
    gnutls_certificate_credentials_t cred;
    int r;

    r = gnutls_init(&c->session, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL);
    if (r < 0)
        goto fail;
    r = priority_get(c->priority, &prio);
    if (r < 0)
        goto fail;
    r = gnutls_priority_set(c->session, prio);
    if (r < 0)
        goto fail;
    r = credentials_get(&cred);
    if (r < 0)
        goto fail;
    r = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE, cred);
    if (r < 0)
        goto fail;
    if (c->sni) {
        r = gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, c->sni, strlen(c->sni));
        if (r < 0)
            goto fail;
    }
    gnutls_session_set_ptr(c->session, c);
    gnutls_transport_set_ptr(c->session, c);
    gnutls_transport_set_pull_function(c->session, pull);
    gnutls_transport_set_push_function(c->session, push);
    gnutls_transport_set_pull_timeout_function(c->session, pull_timeout);
    return true;
fail:
    c->out->gnutls_error = r;
    c->out->status = TLS_FAILED;
    return false;
}

static void
on_connect_io(void *arg, int fd, short revents)
{
    struct tls_conn *c = arg;
    int err = 0;
    socklen_t len = sizeof err;

    (void)revents;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    *c->connect_ms = (loop_now_us() - c->started_us) / 1000.0;
    loop_timer_cancel(c->loop, c->timer);
    c->timer = NULL;
    if (err) {
        *c->tcp = tcp_status_from_errno(err);
        *c->tcp_errno = err;
        c->out->status = TLS_SKIPPED;
        finish(c);
        return;
    }
    *c->tcp = TCP_CONNECTED;
    if (!c->priority) { /* no handshake is CloudFront's (http-only) */
        c->out->status = TLS_SKIPPED;
        c->connected_us = loop_now_us();
        if (c->http_request)
            start_http(c); /* plain HTTP on the TCP connection */
        else
            finish(c);
        return;
    }
    c->state = ST_HANDSHAKE;
    c->connected_us = loop_now_us();
    if (c->connected)
        c->connected(c->arg);
    if (!start_handshake(c)) {
        finish(c);
        return;
    }
    c->timer = loop_timer_add(c->loop, c->handshake_timeout_ms, on_timeout, c);
    step_handshake(c);
}

struct tls_conn *
tls_start(struct loop *l, const struct tls_params *p, enum tcp_status *tcp, int *tcp_errno,
          double *connect_ms, struct obs_tls *out, tls_done_fn done, void *arg)
{
    struct tls_conn *c = xcalloc(1, sizeof *c);
    int r;

    c->loop = l;
    c->fd = -1;
    c->state = ST_CONNECTING;
    c->sni = p->sni ? xstrdup(p->sni) : NULL;
    c->priority = p->priority ? xstrdup(p->priority) : NULL;
    c->handshake_timeout_ms = p->handshake_timeout_ms;
    if (p->http_request && p->http_out) {
        c->http_request = xstrdup(p->http_request);
        c->http_timeout_ms = p->http_timeout_ms;
        c->http_out = p->http_out;
    }
    c->tcp = tcp;
    c->tcp_errno = tcp_errno;
    c->connect_ms = connect_ms;
    c->out = out;
    c->done = done;
    c->connected = p->connected;
    c->arg = arg;
    c->started_us = loop_now_us();
    out->alert = -1;

    c->fd = socket(p->sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        *tcp = TCP_ERROR;
        *tcp_errno = errno;
        fail_later(c);
        return c;
    }
    /* A handshake flight is several small writes: without this, Nagle and
     * delayed ACKs add 40 ms to every handshake. */
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    r = connect(c->fd, p->sa, p->salen);
    if (r < 0 && errno != EINPROGRESS) {
        *tcp = tcp_status_from_errno(errno);
        *tcp_errno = errno;
        fail_later(c);
        return c;
    }
    /* Connected or in progress: writability tells either way. */
    loop_watch(l, c->fd, POLLOUT, on_connect_io, c);
    c->timer = loop_timer_add(l, p->connect_timeout_ms, on_timeout, c);
    return c;
}

bool
tls_connecting(const struct tls_conn *c)
{
    return c->state == ST_CONNECTING;
}

void
tls_cancel(struct tls_conn *c)
{
    if (c->state == ST_DONE)
        return;
    if (c->state == ST_HTTP) {
        http_xchg_cancel(c->http); /* its done finishes c */
        return;
    }
    if (c->state == ST_CONNECTING) {
        *c->tcp = TCP_CANCELLED;
        c->out->status = TLS_SKIPPED;
    } else {
        c->out->status = TLS_CANCELLED;
    }
    finish(c);
}

void
tls_free(struct tls_conn *c)
{
    if (!c)
        return;
    http_xchg_free(c->http);
    c->http = NULL;
    release(c);
    free(c->http_request);
    free(c->sni);
    free(c->priority);
    free(c);
}
