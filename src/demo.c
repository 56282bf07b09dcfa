/* The built-in demo: a private PKI generated in memory and one small TLS
 * server per demo origin on loopback, all driven by the program's own poll
 * loop (non-blocking accept, handshake, one HTTP answer, close). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "i18n.h"
#include "xmalloc.h"

#define DEMO_FIXED_NAME "origin.example.com"
#define DEMO_MAX_CONNS 64
#define DEMO_CONN_TIMEOUT_MS 10000
#define DEMO_BACKOFF_MS 100 /* pause accepting after EMFILE and the like */
#define DEMO_REQUEST_MAX 4096
#define DEMO_STEPS_MAX 64 /* GnuTLS calls per wake-up, against a spinning peer */
#define DAY ((time_t)86400)

static const char response[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";

/* The demo PKI: root -> int1 -> int2, leaves under them, one self-signed.
 * Made in this order, so an issuer always exists before what it signs. */
enum pki_id { PKI_ROOT, PKI_INT1, PKI_INT2, PKI_ALB, PKI_NGINX, PKI_EXPIRED, PKI_CHAIN, PKI_COUNT };

struct pki_spec {
    const char *cn;
    int issuer; /* enum pki_id; -1 signs itself */
    bool ca;
    long from_days, to_days; /* validity, in days from now */
    const char *sans[2];
};

static const struct pki_spec pki_specs[PKI_COUNT] = {
    [PKI_ROOT] = {"origin-doctor Demo Root CA", -1, true, -1, 3650, {NULL, NULL}},
    [PKI_INT1] = {"origin-doctor Demo Intermediate CA 1", PKI_ROOT, true, -1, 1825, {NULL, NULL}},
    [PKI_INT2] = {"origin-doctor Demo Intermediate CA 2", PKI_INT1, true, -1, 1825, {NULL, NULL}},
    /* The load balancer's certificate is for the custom domain, as in the
     * article: it can never cover the ELB's own name. */
    [PKI_ALB] = {DEMO_FIXED_NAME, PKI_INT1, false, -1, 395, {DEMO_FIXED_NAME, "www.example.com"}},
    [PKI_NGINX] = {"nginx.example.com", -1, false, -1, 395, {"nginx.example.com", NULL}},
    [PKI_EXPIRED] =
        {"expired.example.com", PKI_INT1, false, -395, -30, {"expired.example.com", NULL}},
    [PKI_CHAIN] = {"chain.example.com", PKI_INT2, false, -1, 395, {"chain.example.com", NULL}},
};

/* One listener per address; chain[] is sent exactly in this order. */
#define SERVER_CHAIN_MAX 3
struct server_spec {
    const char *addr;
    int chain[SERVER_CHAIN_MAX];
    size_t nchain;
};

static const struct server_spec server_specs[] = {
    {"127.77.0.1", {PKI_ALB, PKI_INT1, 0}, 2},          /* the "ALB" */
    {"127.77.0.2", {PKI_NGINX, 0, 0}, 1},               /* nginx behind a passthrough */
    {"127.77.0.3", {PKI_EXPIRED, PKI_INT1, 0}, 2},      /* expired leaf */
    {"127.77.0.4", {PKI_CHAIN, PKI_INT1, PKI_INT2}, 3}, /* leaf, upper, lower: wrong order */
};
#define NSERVERS (sizeof server_specs / sizeof server_specs[0])

/* Every demo name, the server behind it, and whether it is checked. */
static const struct name_spec {
    const char *name;
    size_t server;
    bool check;
} name_specs[] = {
    {"my-alb-123.ap-northeast-1.elb.amazonaws.com", 0, true},
    {DEMO_FIXED_NAME, 0, false},
    {"www.example.com", 0, false},
    {"nginx.example.com", 1, true},
    {"expired.example.com", 2, true},
    {"chain.example.com", 3, true},
};
#define NNAMES (sizeof name_specs / sizeof name_specs[0])

struct server {
    struct demo *demo;
    int fd;
    unsigned port;
    gnutls_certificate_credentials_t cred;
    gnutls_pcert_st pcerts[SERVER_CHAIN_MAX];
    unsigned npcerts;
    gnutls_privkey_t key;
};

enum conn_state { CONN_HANDSHAKE, CONN_READ, CONN_WRITE, CONN_BYE };

struct conn {
    struct demo *demo;
    int fd;
    gnutls_session_t session;
    struct loop_timer *timer;
    enum conn_state state;
    char req[DEMO_REQUEST_MAX];
    size_t nreq;
    size_t sent;
    struct conn *prev, *next;
};

struct demo {
    struct loop *loop;
    gnutls_x509_crt_t crt[PKI_COUNT];
    gnutls_x509_privkey_t key[PKI_COUNT];
    gnutls_x509_trust_list_t trust;
    struct server servers[NSERVERS];
    struct conn *conns;
    size_t nconns;
    bool accepting;
    struct loop_timer *backoff;
};

/* --- PKI ----------------------------------------------------------------- */

/* Makes d->crt[id] and d->key[id].  GnuTLS error code on failure (what was
 * made so far is freed by demo_stop). */
static int
make_cert(struct demo *d, enum pki_id id, time_t now)
{
    const struct pki_spec *sp = &pki_specs[id];
    gnutls_x509_crt_t crt, issuer;
    gnutls_x509_privkey_t key, issuer_key;
    unsigned char serial[16], kid[64];
    size_t kid_size = sizeof kid, i;
    static const char org[] = "origin-doctor demo";
    unsigned usage =
        sp->ca ? GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN : GNUTLS_KEY_DIGITAL_SIGNATURE;
    int r;

    if ((r = gnutls_x509_privkey_init(&key)) < 0)
        return r;
    d->key[id] = key;
    if ((r = gnutls_x509_privkey_generate(
             key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0 ||
        (r = gnutls_x509_crt_init(&crt)) < 0)
        return r;
    d->crt[id] = crt;
    issuer = sp->issuer < 0 ? crt : d->crt[sp->issuer];
    issuer_key = sp->issuer < 0 ? key : d->key[sp->issuer];

    /* A positive 16-byte serial with no leading zero byte. */
    if ((r = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
        return r;
    serial[0] = (unsigned char)((serial[0] & 0x7f) | 0x10);

    /* Half a day past the whole number of days: "expired 30 days ago" stays
     * 30 when a second passes between making the certificate and judging it. */
    if ((r = gnutls_x509_crt_set_version(crt, 3)) < 0 ||
        (r = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
        (r = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, org,
                                           sizeof org - 1)) < 0 ||
        (r = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, sp->cn,
                                           (unsigned)strlen(sp->cn))) < 0 ||
        (r = gnutls_x509_crt_set_key(crt, key)) < 0 ||
        (r = gnutls_x509_crt_set_activation_time(crt, now + sp->from_days * DAY)) < 0 ||
        (r = gnutls_x509_crt_set_expiration_time(crt, now + sp->to_days * DAY + DAY / 2)) < 0 ||
        (r = gnutls_x509_crt_set_basic_constraints(crt, sp->ca, -1)) < 0 ||
        (r = gnutls_x509_crt_set_key_usage(crt, usage)) < 0 ||
        (r = gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA1, kid, &kid_size)) < 0 ||
        (r = gnutls_x509_crt_set_subject_key_id(crt, kid, kid_size)) < 0)
        return r;
    if (!sp->ca && (r = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0)
        return r;
    for (i = 0; i < 2 && sp->sans[i]; i++)
        if ((r = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, sp->sans[i],
                                                      (unsigned)strlen(sp->sans[i]),
                                                      GNUTLS_FSAN_APPEND)) < 0)
            return r;
    if (issuer != crt) {
        kid_size = sizeof kid;
        if ((r = gnutls_x509_crt_get_subject_key_id(issuer, kid, &kid_size, NULL)) < 0 ||
            (r = gnutls_x509_crt_set_authority_key_id(crt, kid, kid_size)) < 0)
            return r;
    }
    return gnutls_x509_crt_sign2(crt, issuer, issuer_key, GNUTLS_DIG_SHA256, 0);
}

/* The root alone, as a trust list of its own copy. */
static int
make_trust(struct demo *d)
{
    gnutls_x509_trust_list_t tl;
    gnutls_datum_t der = {NULL, 0};
    int r;

    if ((r = gnutls_x509_trust_list_init(&tl, 0)) < 0)
        return r;
    d->trust = tl;
    if ((r = gnutls_x509_crt_export2(d->crt[PKI_ROOT], GNUTLS_X509_FMT_DER, &der)) < 0)
        return r;
    r = gnutls_x509_trust_list_add_trust_mem(d->trust, &der, NULL, GNUTLS_X509_FMT_DER, 0, 0);
    gnutls_free(der.data);
    return r < 0 ? r : r == 0 ? GNUTLS_E_INTERNAL_ERROR : 0;
}

/* GnuTLS's gnutls_certificate_set_x509_key() puts the chain into issuer
 * order, which would repair the wrong-order demo.  The retrieve callback
 * hands over our list as is: it goes on the wire in exactly this order. */
static int
retrieve_cert(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
              const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length, gnutls_pcert_st **pcert,
              unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
    struct server *srv = gnutls_session_get_ptr(session);

    (void)req_ca_rdn;
    (void)nreqs;
    (void)pk_algos;
    (void)pk_algos_length;
    if (!srv)
        return -1;
    *pcert = srv->pcerts;
    *pcert_length = srv->npcerts;
    *privkey = srv->key;
    return 0;
}

static int
server_credentials(struct demo *d, struct server *srv, const struct server_spec *sp)
{
    gnutls_privkey_t key;
    gnutls_certificate_credentials_t cred;
    size_t i;
    int r;

    for (i = 0; i < sp->nchain; i++) {
        if ((r = gnutls_pcert_import_x509(&srv->pcerts[i], d->crt[sp->chain[i]], 0)) < 0)
            return r;
        srv->npcerts++;
    }
    if ((r = gnutls_privkey_init(&key)) < 0)
        return r;
    srv->key = key;
    if ((r = gnutls_privkey_import_x509(key, d->key[sp->chain[0]], GNUTLS_PRIVKEY_IMPORT_COPY)) < 0)
        return r;
    if ((r = gnutls_certificate_allocate_credentials(&cred)) < 0)
        return r;
    srv->cred = cred;
    gnutls_certificate_set_retrieve_function2(cred, retrieve_cert);
    return 0;
}

/* --- connections ----------------------------------------------------------- */

static void server_io(void *arg, int fd, short revents);

/* Watch the listeners only while there is room and no back-off. */
static void
update_accepting(struct demo *d)
{
    bool on = d->nconns < DEMO_MAX_CONNS && !d->backoff;
    size_t i;

    if (on == d->accepting)
        return;
    d->accepting = on;
    for (i = 0; i < NSERVERS; i++) {
        if (d->servers[i].fd < 0)
            continue;
        if (on)
            loop_watch(d->loop, d->servers[i].fd, POLLIN, server_io, &d->servers[i]);
        else
            loop_unwatch(d->loop, d->servers[i].fd);
    }
}

static void
conn_close(struct conn *c)
{
    struct demo *d = c->demo;

    loop_timer_cancel(d->loop, c->timer);
    loop_unwatch(d->loop, c->fd);
    close(c->fd);
    gnutls_deinit(c->session);
    if (c->prev)
        c->prev->next = c->next;
    else
        d->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    d->nconns--;
    free(c);
    update_accepting(d);
}

static void
conn_timeout(void *arg)
{
    struct conn *c = arg;

    c->timer = NULL; /* the loop frees it */
    conn_close(c);
}

static bool
request_complete(const struct conn *c)
{
    size_t i;

    if (c->nreq == sizeof c->req)
        return true; /* enough: answer anyway */
    for (i = 0; i + 1 < c->nreq; i++) {
        if (c->req[i] == '\n' && c->req[i + 1] == '\n')
            return true;
        if (i + 3 < c->nreq && memcmp(c->req + i, "\r\n\r\n", 4) == 0)
            return true;
    }
    return false;
}

static void conn_io(void *arg, int fd, short revents);

/* Runs the connection as far as it goes without blocking; may free c. */
static void
conn_step(struct conn *c)
{
    int steps;

    for (steps = 0; steps < DEMO_STEPS_MAX; steps++) {
        ssize_t r;

        switch (c->state) {
        case CONN_HANDSHAKE:
            r = gnutls_handshake(c->session);
            if (r == 0) {
                c->state = CONN_READ;
                continue;
            }
            break;
        case CONN_READ:
            r = gnutls_record_recv(c->session, c->req + c->nreq, sizeof c->req - c->nreq);
            if (r == 0) {
                conn_close(c); /* the client went away (the probe does, after its handshake) */
                return;
            }
            if (r > 0) {
                c->nreq += (size_t)r;
                if (request_complete(c))
                    c->state = CONN_WRITE;
                continue;
            }
            break;
        case CONN_WRITE:
            /* After GNUTLS_E_AGAIN, GnuTLS wants the same data again. */
            r = gnutls_record_send(c->session, response + c->sent, sizeof response - 1 - c->sent);
            if (r > 0) {
                c->sent += (size_t)r;
                if (c->sent == sizeof response - 1)
                    c->state = CONN_BYE;
                continue;
            }
            break;
        case CONN_BYE:
        default:
            r = gnutls_bye(c->session, GNUTLS_SHUT_WR);
            if (r == 0) {
                conn_close(c);
                return;
            }
            break;
        }
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
            loop_watch(c->demo->loop, c->fd,
                       gnutls_record_get_direction(c->session) ? POLLOUT : POLLIN, conn_io, c);
            return;
        }
        if (gnutls_error_is_fatal((int)r))
            break;
        /* A warning alert and the like: carry on. */
    }
    conn_close(c);
}

static void
conn_io(void *arg, int fd, short revents)
{
    (void)fd;
    (void)revents; /* errors and hang-ups surface from GnuTLS */
    conn_step(arg);
}

static void
conn_start(struct server *srv, int fd)
{
    struct demo *d = srv->demo;
    struct conn *c;
    gnutls_session_t session;
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        gnutls_init(&session, GNUTLS_SERVER | GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL) < 0) {
        close(fd);
        return;
    }
    if (gnutls_set_default_priority(session) < 0 ||
        gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, srv->cred) < 0) {
        gnutls_deinit(session);
        close(fd);
        return;
    }
    gnutls_certificate_server_set_request(session, GNUTLS_CERT_IGNORE);
    gnutls_session_set_ptr(session, srv);
    gnutls_transport_set_int(session, fd);

    c = xcalloc(1, sizeof *c);
    c->demo = d;
    c->fd = fd;
    c->session = session;
    c->state = CONN_HANDSHAKE;
    c->next = d->conns;
    if (d->conns)
        d->conns->prev = c;
    d->conns = c;
    d->nconns++;
    c->timer = loop_timer_add(d->loop, DEMO_CONN_TIMEOUT_MS, conn_timeout, c);
    conn_step(c);
}

static void
backoff_done(void *arg)
{
    struct demo *d = arg;

    d->backoff = NULL;
    update_accepting(d);
}

static void
server_io(void *arg, int fd, short revents)
{
    struct server *srv = arg;
    struct demo *d = srv->demo;

    (void)revents;
    while (d->nconns < DEMO_MAX_CONNS) {
        int cfd = accept(fd, NULL, NULL);

        if (cfd >= 0) {
            fcntl(cfd, F_SETFD, FD_CLOEXEC);
            conn_start(srv, cfd);
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK && !d->backoff) {
            /* Out of descriptors or memory: the listener stays readable,
             * so stop polling it for a moment instead of spinning. */
            d->backoff = loop_timer_add(d->loop, DEMO_BACKOFF_MS, backoff_done, d);
        }
        break;
    }
    update_accepting(d);
}

/* --- listeners ------------------------------------------------------------- */

/* A non-blocking listener on addr:port (0: the kernel's choice); the port
 * bound in *bound.  -1 on failure. */
static int
listen_on(const char *addr, unsigned port, unsigned *bound)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    int fd, one = 1, flags;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
        return -1;
    if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
        return -1;
    if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(fd, DEMO_MAX_CONNS) < 0 ||
        getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
        close(fd);
        return -1;
    }
    *bound = ntohs(sin.sin_port);
    return fd;
}

/* All servers on one port, so that the demo can say which: 443 as CloudFront
 * uses, else 8443 (no privilege needed), else the port the kernel gives the
 * first server. A port one server cannot have is given up for all of them. */
static void
close_listeners(struct demo *d)
{
    size_t i;

    for (i = 0; i < NSERVERS; i++)
        if (d->servers[i].fd >= 0) {
            close(d->servers[i].fd);
            d->servers[i].fd = -1;
        }
}

static int
start_listeners(struct demo *d)
{
    const unsigned tries[] = {443, 8443, 0, 0, 0};
    size_t t, i;

    for (t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        unsigned port = tries[t];

        for (i = 0; i < NSERVERS; i++) {
            d->servers[i].fd = listen_on(server_specs[i].addr, port, &d->servers[i].port);
            if (d->servers[i].fd < 0)
                break;
            port = d->servers[i].port;
        }
        if (i == NSERVERS)
            return 0;
        close_listeners(d);
    }
    return -1;
}

/* --- public ---------------------------------------------------------------- */

static void
add_resolve(struct target_settings *s, const char *name, unsigned port, const char *addr)
{
    struct target_resolve *r;

    s->resolves = xreallocarray(s->resolves, s->nresolves + 1, sizeof *s->resolves);
    r = &s->resolves[s->nresolves++];
    r->name = xstrdup(name);
    r->port = port;
    r->addrs = xcalloc(1, sizeof *r->addrs);
    r->addrs[0] = xstrdup(addr);
    r->naddrs = 1;
}

struct demo *
demo_start(struct loop *l, struct target_settings *s, struct target **targets, size_t *ntargets,
           const char **err)
{
    struct demo *d = xcalloc(1, sizeof *d);
    time_t now = time(NULL);
    size_t i, n = 0;
    int r;

    d->loop = l;
    for (i = 0; i < NSERVERS; i++) {
        d->servers[i].demo = d;
        d->servers[i].fd = -1;
    }
    for (i = 0; i < PKI_COUNT; i++)
        if ((r = make_cert(d, (enum pki_id)i, now)) < 0)
            goto pki_failed;
    if ((r = make_trust(d)) < 0)
        goto pki_failed;
    for (i = 0; i < NSERVERS; i++)
        if ((r = server_credentials(d, &d->servers[i], &server_specs[i])) < 0)
            goto pki_failed;

    if (start_listeners(d) < 0) {
        *err = _("cannot listen on the demo's loopback addresses (127.77.0.1 to 127.77.0.4)");
        demo_stop(d);
        return NULL;
    }
    update_accepting(d);

    *targets = xcalloc(NNAMES, sizeof **targets);
    for (i = 0; i < NNAMES; i++) {
        const struct name_spec *ns = &name_specs[i];
        unsigned port = d->servers[ns->server].port;

        add_resolve(s, ns->name, port, server_specs[ns->server].addr);
        if (!ns->check)
            continue;
        /* What target_parse makes of a lower-case ASCII host name. */
        target_init(&(*targets)[n]);
        (*targets)[n].input = xstrdup(ns->name);
        (*targets)[n].name = xstrdup(ns->name);
        (*targets)[n].https_port = port;
        n++;
    }
    *ntargets = n;
    return d;

pki_failed:
    *err = _("cannot create the demo certificates");
    demo_stop(d);
    return NULL;
}

struct demo *
demo_setup(struct loop *l, struct target_settings *s, bool fixed, struct target **targets,
           size_t *ntargets, const char **err)
{
    struct demo *d = demo_start(l, s, targets, ntargets, err);
    unsigned port;
    size_t i;

    if (!d)
        return NULL;
    /* The demo's loopback origins stand in for internet-facing ones. */
    s->private_ok = true;
    if (fixed) {
        port = (*targets)[0].https_port;
        for (i = 0; i < *ntargets; i++)
            target_clear(&(*targets)[i]);
        *ntargets = 0;
        if (!target_parse(&(*targets)[0], demo_fixed_name(d), port, err)) {
            free(*targets);
            *targets = NULL;
            demo_stop(d);
            return NULL;
        }
        *ntargets = 1;
    }
    return d;
}

gnutls_x509_trust_list_t
demo_trust(struct demo *d)
{
    return d->trust;
}

const char *
demo_fixed_name(const struct demo *d)
{
    (void)d;
    return DEMO_FIXED_NAME;
}

void
demo_stop(struct demo *d)
{
    size_t i, j;

    if (!d)
        return;
    while (d->conns)
        conn_close(d->conns);
    loop_timer_cancel(d->loop, d->backoff);
    d->backoff = NULL;
    for (i = 0; i < NSERVERS; i++) {
        struct server *srv = &d->servers[i];
        if (srv->fd >= 0) {
            loop_unwatch(d->loop, srv->fd);
            close(srv->fd);
        }
        if (srv->cred)
            gnutls_certificate_free_credentials(srv->cred);
        for (j = 0; j < srv->npcerts; j++)
            gnutls_pcert_deinit(&srv->pcerts[j]);
        if (srv->key)
            gnutls_privkey_deinit(srv->key);
    }
    if (d->trust)
        gnutls_x509_trust_list_deinit(d->trust, 1);
    for (i = 0; i < PKI_COUNT; i++) {
        if (d->crt[i])
            gnutls_x509_crt_deinit(d->crt[i]);
        if (d->key[i])
            gnutls_x509_privkey_deinit(d->key[i]);
    }
    free(d);
}
