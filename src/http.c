#include "config.h"

#include <errno.h>
#include <gnutls/crypto.h>
#include <http_parser.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "http.h"
#include "xmalloc.h"

/* --- the request ----------------------------------------------------------- */

/* Text that may go into a request line or a header: no control characters
 * (CR or LF would start a header of the peer's choosing), nothing empty. */
static bool
clean(const char *s, bool allow_space)
{
    const unsigned char *p = (const unsigned char *)s;

    if (!s || !*s)
        return false;
    for (; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (!allow_space && *p == ' '))
            return false;
    return true;
}

/* A header name is an RFC 9110 token. */
static bool
token(const char *s)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(extra, *s)))
            return false;
    return true;
}

char *
http_req_text(const struct http_req *r, size_t *dropped)
{
    const char *op = r->origin_path ? r->origin_path : "";
    const char *path = r->path && *r->path ? r->path : "/";
    char *text, *more;
    size_t i;

    *dropped = 0;
    if (!clean(r->host, false) || !clean(path, false) || (*op && !clean(op, false)) || *path != '/')
        return NULL;
    /* CloudFront's own headers (CLOUDFRONT.md §6: it asks for keep-alive). */
    text = xasprintf("GET %s%s HTTP/1.1\r\n"
                     "Host: %s\r\n"
                     "User-Agent: Amazon CloudFront\r\n"
                     "Via: 1.1 %s.cloudfront.net (CloudFront)\r\n"
                     "X-Amz-Cf-Id: %s\r\n"
                     "Connection: Keep-Alive\r\n",
                     op, path, r->host, r->via_id, r->cf_id);
    for (i = 0; i < r->nheaders; i++) {
        const struct http_req_header *h = &r->headers[i];
        if (!token(h->name) || (h->value && *h->value && !clean(h->value, true))) {
            (*dropped)++;
            continue;
        }
        more = xasprintf("%s%s: %s\r\n", text, h->name, h->value ? h->value : "");
        free(text);
        text = more;
    }
    more = xasprintf("%s\r\n", text);
    free(text);
    return more;
}

void
http_req_ids(char via_id[33], char cf_id[57])
{
    static const char hex[] = "0123456789abcdef";
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char rnd[16 + 56];
    size_t i;

    /* Not a secret: only an id to find in the origin's logs. */
    if (gnutls_rnd(GNUTLS_RND_NONCE, rnd, sizeof rnd) < 0)
        memset(rnd, 0, sizeof rnd);
    for (i = 0; i < 16; i++) {
        via_id[2 * i] = hex[rnd[i] >> 4];
        via_id[2 * i + 1] = hex[rnd[i] & 15];
    }
    via_id[32] = '\0';
    for (i = 0; i < 54; i++)
        cf_id[i] = b64[rnd[16 + i] & 63];
    /* CloudFront's ids end in "==": base64 of 40 bytes. */
    cf_id[54] = cf_id[55] = '=';
    cf_id[56] = '\0';
}

/* --- the response head --------------------------------------------------------- */

struct http_head {
    http_parser parser;
    http_parser_settings settings;
    size_t consumed;
    bool done, bad, too_big;
    bool bad_status; /* a status code outside 100..599 (the parser takes 1 to 3 digits) */
    /* The header being read: is it Server?  Names may arrive in pieces. */
    char field[8];
    size_t nfield;
    bool field_long;
    bool in_value;
    bool value_is_server;
    bool have_server;
    char *server;
    size_t nserver;
};

static int
on_header_field(http_parser *p, const char *at, size_t n)
{
    struct http_head *h = p->data;

    if (h->in_value) {
        /* a new header starts */
        h->in_value = false;
        h->nfield = 0;
        h->field_long = false;
    }
    if (h->nfield + n > sizeof h->field)
        h->field_long = true;
    else {
        memcpy(h->field + h->nfield, at, n);
        h->nfield += n;
    }
    return 0;
}

static int
on_header_value(http_parser *p, const char *at, size_t n)
{
    struct http_head *h = p->data;
    size_t k;

    if (!h->in_value) {
        h->in_value = true;
        h->value_is_server = !h->field_long && h->nfield == 6 &&
                             strncasecmp(h->field, "server", 6) == 0 && !h->have_server;
        if (h->value_is_server) {
            h->have_server = true;
            h->server = xcalloc(1, HTTP_MAX_SERVER + 1);
        }
    }
    if (!h->value_is_server)
        return 0;
    k = HTTP_MAX_SERVER - h->nserver < n ? HTTP_MAX_SERVER - h->nserver : n;
    memcpy(h->server + h->nserver, at, k);
    h->nserver += k;
    return 0;
}

static int
on_headers_complete(http_parser *p)
{
    struct http_head *h = p->data;
    /* RFC 9110 §15: three digits, 100 to 599; libhttp-parser takes "20" or
     * "999" as well, and such an answer is no response (found by fuzzing). */
    if (p->status_code < 100 || p->status_code > 599)
        h->bad = h->bad_status = true;
    else
        h->done = true;
    /* Stop here: the body is not ours to read. */
    http_parser_pause(p, 1);
    return 0;
}

struct http_head *
http_head_new(void)
{
    struct http_head *h = xcalloc(1, sizeof *h);

    http_parser_init(&h->parser, HTTP_RESPONSE);
    h->parser.data = h;
    http_parser_settings_init(&h->settings);
    h->settings.on_header_field = on_header_field;
    h->settings.on_header_value = on_header_value;
    h->settings.on_headers_complete = on_headers_complete;
    return h;
}

void
http_head_free(struct http_head *h)
{
    if (!h)
        return;
    free(h->server);
    free(h);
}

enum http_head_state
http_head_feed(struct http_head *h, const void *buf, size_t n)
{
    size_t room, k, used;

    if (h->done)
        return HTTP_HEAD_DONE;
    if (h->bad)
        return HTTP_HEAD_BAD;
    if (h->too_big)
        return HTTP_HEAD_TOO_BIG;
    if (n == 0)
        return HTTP_HEAD_MORE; /* the peer closed: incomplete, the caller says so */
    room = HTTP_MAX_HEAD - h->consumed;
    k = n < room ? n : room;
    used = http_parser_execute(&h->parser, &h->settings, buf, k);
    h->consumed += used;
    if (h->bad_status)
        return HTTP_HEAD_BAD;
    if (h->done)
        return HTTP_HEAD_DONE;
    if (HTTP_PARSER_ERRNO(&h->parser) != HPE_OK) {
        h->bad = true;
        return HTTP_HEAD_BAD;
    }
    if (h->consumed >= HTTP_MAX_HEAD) {
        h->too_big = true;
        return HTTP_HEAD_TOO_BIG;
    }
    return HTTP_HEAD_MORE;
}

int
http_head_code(const struct http_head *h)
{
    /* The parser sets status_code once the status line is read. */
    return (int)h->parser.status_code;
}

const char *
http_head_server(const struct http_head *h)
{
    return h->server;
}

size_t
http_head_size(const struct http_head *h)
{
    return h->consumed;
}

const char *
http_head_error(const struct http_head *h)
{
    if (h->bad_status)
        return http_errno_name(HPE_INVALID_STATUS);
    return h->bad ? http_errno_name(HTTP_PARSER_ERRNO(&h->parser)) : NULL;
}

/* --- the exchange ----------------------------------------------------------------- */

enum xchg_state { X_SENDING, X_READING, X_DONE };

struct http_xchg {
    struct loop *loop;
    gnutls_session_t session;
    int fd;
    enum xchg_state state;
    char *request;
    size_t nrequest, sent;
    unsigned timeout_ms;
    struct loop_timer *gap_timer, *total_timer;
    double sent_us;
    struct http_head *head;
    struct obs_http *out;
    http_done_fn done;
    void *arg;
};

static void
xchg_finish(struct http_xchg *x, enum http_result status)
{
    struct obs_http *o = x->out;

    if (x->state == X_DONE)
        return;
    x->state = X_DONE;
    o->status = status;
    o->elapsed_ms = x->sent_us ? (loop_now_us() - x->sent_us) / 1000.0 : 0;
    o->code = http_head_code(x->head);
    o->head_bytes = http_head_size(x->head);
    if (http_head_server(x->head))
        o->server = xstrdup(http_head_server(x->head));
    if (http_head_error(x->head))
        o->parser_error = xstrdup(http_head_error(x->head));
    loop_unwatch(x->loop, x->fd);
    loop_timer_cancel(x->loop, x->gap_timer);
    loop_timer_cancel(x->loop, x->total_timer);
    x->gap_timer = x->total_timer = NULL;
    x->done(x->arg);
}

static void
on_gap_timeout(void *arg)
{
    struct http_xchg *x = arg;
    x->gap_timer = NULL;
    xchg_finish(x, HTTP_TIMEOUT);
}

static void
on_total_timeout(void *arg)
{
    struct http_xchg *x = arg;
    x->total_timer = NULL;
    xchg_finish(x, HTTP_TIMEOUT);
}

static void step(struct http_xchg *x);

static void
on_io(void *arg, int fd, short revents)
{
    (void)fd, (void)revents;
    step(arg);
}

static void
wait_io(struct http_xchg *x)
{
    short ev = x->session ? (gnutls_record_get_direction(x->session) ? POLLOUT : POLLIN)
                          : (x->state == X_SENDING ? POLLOUT : POLLIN);
    loop_watch(x->loop, x->fd, ev, on_io, x);
}

/* The session's record layer, or the socket itself for plain HTTP (an
 * http-only origin), with the socket's errors in GnuTLS's terms. */
static ssize_t
xsend(struct http_xchg *x, const void *buf, size_t n)
{
    ssize_t r;

    if (x->session)
        return gnutls_record_send(x->session, buf, n);
    r = send(x->fd, buf, n, MSG_NOSIGNAL);
    if (r < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? GNUTLS_E_AGAIN
                                                                         : GNUTLS_E_PUSH_ERROR;
    return r;
}

static ssize_t
xrecv(struct http_xchg *x, void *buf, size_t n)
{
    ssize_t r;

    if (x->session)
        return gnutls_record_recv(x->session, buf, n);
    r = recv(x->fd, buf, n, 0);
    if (r < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? GNUTLS_E_AGAIN
                                                                         : GNUTLS_E_PULL_ERROR;
    return r;
}

static void
keep_first_bytes(struct obs_http *o, const unsigned char *buf, size_t n)
{
    size_t k = OBS_FIRST_BYTES - o->nfirst_bytes;
    if (k > n)
        k = n;
    memcpy(o->first_bytes + o->nfirst_bytes, buf, k);
    o->nfirst_bytes += k;
}

static void
step_send(struct http_xchg *x)
{
    while (x->sent < x->nrequest) {
        ssize_t r = xsend(x, x->request + x->sent, x->nrequest - x->sent);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
            wait_io(x);
            return;
        }
        if (r < 0) {
            x->out->gnutls_error = (int)r;
            xchg_finish(x, HTTP_CLOSED);
            return;
        }
        x->sent += (size_t)r;
    }
    x->state = X_READING;
    x->sent_us = loop_now_us();
    loop_timer_cancel(x->loop, x->gap_timer);
    loop_timer_cancel(x->loop, x->total_timer);
    x->gap_timer = loop_timer_add(x->loop, x->timeout_ms, on_gap_timeout, x);
    x->total_timer = loop_timer_add(x->loop, 2 * (int64_t)x->timeout_ms, on_total_timeout, x);
    step(x);
}

static void
step_read(struct http_xchg *x)
{
    unsigned char buf[4096];
    struct obs_http *o = x->out;

    for (;;) {
        ssize_t r = xrecv(x, buf, sizeof buf);
        enum http_head_state st;

        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) {
            wait_io(x);
            return;
        }
        if (r == GNUTLS_E_REHANDSHAKE || (r < 0 && !gnutls_error_is_fatal((int)r)))
            continue; /* a warning alert; CloudFront does no renegotiation either */
        if (r <= 0) {
            /* Orderly close (0) or a reset/truncation: before a complete
             * head, a closed connection. */
            o->gnutls_error = r < 0 ? (int)r : 0;
            xchg_finish(x, HTTP_CLOSED);
            return;
        }
        if (o->bytes_read == 0)
            o->first_byte_ms = (loop_now_us() - x->sent_us) / 1000.0;
        o->bytes_read += (size_t)r;
        keep_first_bytes(o, buf, (size_t)r);
        /* A byte came: the read timeout counts again from here. */
        loop_timer_cancel(x->loop, x->gap_timer);
        x->gap_timer = loop_timer_add(x->loop, x->timeout_ms, on_gap_timeout, x);
        st = http_head_feed(x->head, buf, (size_t)r);
        switch (st) {
        case HTTP_HEAD_DONE:
            xchg_finish(x, HTTP_OK);
            return;
        case HTTP_HEAD_BAD:
            xchg_finish(x, HTTP_MALFORMED);
            return;
        case HTTP_HEAD_TOO_BIG:
            xchg_finish(x, HTTP_OVERSIZED);
            return;
        case HTTP_HEAD_MORE:
            break;
        }
    }
}

static void
step(struct http_xchg *x)
{
    if (x->state == X_SENDING)
        step_send(x);
    else if (x->state == X_READING)
        step_read(x);
}

static void
on_start(void *arg)
{
    struct http_xchg *x = arg;
    x->gap_timer = NULL;
    step(x);
}

struct http_xchg *
http_xchg_start(struct loop *l, gnutls_session_t s, int fd, const char *request,
                unsigned timeout_ms, struct obs_http *out, http_done_fn done, void *arg)
{
    struct http_xchg *x = xcalloc(1, sizeof *x);

    x->loop = l;
    x->session = s;
    x->fd = fd;
    x->state = X_SENDING;
    x->request = xstrdup(request);
    x->nrequest = strlen(request);
    x->timeout_ms = timeout_ms;
    x->head = http_head_new();
    x->out = out;
    x->done = done;
    x->arg = arg;
    out->timeout_ms = timeout_ms;
    out->first_byte_ms = -1;
    /* Sending too may take a while against a peer that does not read;
     * bound it like the wait for an answer.  Start from the loop, so that
     * done never runs inside http_xchg_start. */
    x->total_timer = loop_timer_add(l, 2 * (int64_t)timeout_ms, on_total_timeout, x);
    x->gap_timer = loop_timer_add(l, 0, on_start, x);
    return x;
}

void
http_xchg_cancel(struct http_xchg *x)
{
    if (x && x->state != X_DONE)
        xchg_finish(x, HTTP_CANCELLED);
}

void
http_xchg_free(struct http_xchg *x)
{
    if (!x)
        return;
    if (x->state != X_DONE) {
        loop_unwatch(x->loop, x->fd);
        loop_timer_cancel(x->loop, x->gap_timer);
        loop_timer_cancel(x->loop, x->total_timer);
    }
    http_head_free(x->head);
    free(x->request);
    free(x);
}
