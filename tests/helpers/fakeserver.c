/* fakeserver: a misbehaving TCP server for the scenario tests.
 *
 *   fakeserver MODE ADDR PORT
 *
 * MODE is one of
 *   http     read what the client sends, answer an HTTP 400 and close;
 *   hang     accept and never send anything, keep the connection open;
 *   garbage  send 4 KiB of pseudo-random bytes (with terminal escape
 *            sequences) and close;
 *   trickle  send a TLS record header announcing a long handshake record,
 *            then one byte every 500 ms, forever;
 *   blackhole  never accept, and fill the accept queue first, so that the
 *            kernel drops further SYNs: connecting to it times out;
 *   udp-silent  a UDP socket that reads and never answers (a DNS server
 *            that does not respond);
 *   dns-KIND  a UDP DNS responder whose every answer is broken in one way:
 *            ptrloop (an owner name that is a compression pointer to
 *            itself), nul (a NUL byte inside a label), truncated (the record
 *            ends after its type), count (the header announces 3 answers,
 *            1 follows), cname20 (a chain of 20 CNAMEs, then an address),
 *            cnameloop (the chain comes back to the second name), tc1000
 *            (1,000 A records, 127.64.0.0 up, with the truncation bit set,
 *            over UDP and over TCP on the same port);
 *   alert    after the client's first bytes, a fatal TLS alert whose
 *            description (254) no TLS version defines, and close;
 *   rst      after the client's first bytes, a TLS 1.2 ServerHello and the
 *            start of a Certificate record, then a reset (RST) mid-handshake;
 *   hugecert  after the client's first bytes, a TLS 1.2 ServerHello and then
 *            a Certificate message announcing 16 MiB, sent in full (16 KiB
 *            records) as fast as the client reads it.
 * ADDR is a numeric IPv4 or IPv6 address, or several separated by commas
 * (TCP modes: one listener each, all on the same port); PORT 0 lets the
 * kernel choose.
 * Once listening it prints "LISTEN <port>" on stdout, so a test can wait for
 * that line instead of sleeping.  It serves any number of clients at once on
 * one poll() loop and runs until killed. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#else
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 128
#define MAX_LISTEN 64
#define HUGE_SIZE 0xffffffu /* the largest handshake message length */
#define HUGE_CHUNK 16384
#define GARBAGE_SIZE 4096
#define TRICKLE_MS 500
#define DRAIN_MS 5000 /* how long a closing connection waits for the peer's EOF */

enum mode {
    MODE_HTTP,
    MODE_HANG,
    MODE_GARBAGE,
    MODE_TRICKLE,
    MODE_BLACKHOLE,
    MODE_UDP_SILENT,
    MODE_HUGECERT,
    MODE_ALERT,
    MODE_RST,
    MODE_DNS
};

struct client {
    int fd;          /* -1 when the slot is free */
    int closing;     /* our side is shut down; read until EOF or deadline */
    long long due;   /* next trickle byte, or the drain deadline (ms) */
    unsigned long n; /* trickle bytes sent; hugecert: message bytes sent */
    int sending;     /* hugecert: the client spoke, the message is going out */
};

static struct client clients[MAX_CLIENTS];

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(void)
{
    fprintf(stderr, "usage: fakeserver http|hang|garbage|trickle|blackhole|udp-silent|hugecert "
                    "ADDR[,ADDR...] PORT\n");
    exit(2);
}

/* Writes all of buf (the sockets are blocking; the amounts are small). */
static int write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Closing politely: half-close and let the peer read what we sent before the
 * socket goes away (closing with unread input would send a reset). */
static void start_closing(struct client *c)
{
    shutdown(c->fd, SHUT_WR);
    c->closing = 1;
    c->due = now_ms() + DRAIN_MS;
}

static void drop(struct client *c)
{
    close(c->fd);
    c->fd = -1;
}

static void send_garbage(struct client *c)
{
    /* Escape sequences a careless tool would pass to the terminal (C0, a
     * raw C1 CSI byte, and CSI as UTF-8 U+009B), then xorshift bytes.  The
     * first byte is not 0x16, so it is not TLS. */
    static const char head[] = "\x1b[2J\x1b[H\x1b]0;owned\x07\x1b[31mRED\x1b[0m\r\n\x9b" "6n\xc2\x9b" "2J";
    unsigned char buf[GARBAGE_SIZE];
    unsigned int x = 2463534242u;
    size_t i;

    memcpy(buf, head, sizeof head - 1);
    for (i = sizeof head - 1; i < sizeof buf; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (unsigned char)(x >> 7);
        if (i % 97 == 0)
            buf[i] = 0x1b;
    }
    if (write_all(c->fd, buf, sizeof buf) < 0)
        drop(c);
    else
        start_closing(c);
}

static void send_trickle_head(struct client *c)
{
    /* Handshake record, TLS 1.2, 16384 bytes long; inside, a ServerHello
     * header announcing 16380 bytes.  The rest never comes in time. */
    static const unsigned char head[] = {0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00, 0x3f, 0xfc, 0x03, 0x03};

    if (write_all(c->fd, head, sizeof head) < 0) {
        drop(c);
        return;
    }
    c->n = 0;
    c->due = now_ms() + TRICKLE_MS;
}

/* hugecert: the ServerHello (ECDHE-RSA-AES128-GCM-SHA256, the safe
 * renegotiation extension) and the head of the Certificate message. */
static void
send_huge_head(struct client *c)
{
    static const unsigned char hello[] = {
        0x16, 0x03, 0x03, 0x00, 0x35,       /* record: handshake, 53 bytes */
        0x02, 0x00, 0x00, 0x31, 0x03, 0x03, /* ServerHello, 49 bytes, TLS 1.2 */
        1,    2,    3,    4,    5,    6,    7,  8,  9,  10, 11, 12, 13, 14, 15, 16, /* random */
        17,   18,   19,   20,   21,   22,   23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
        0x00,                         /* no session id */
        0xc0, 0x2f, 0x00,             /* suite, no compression */
        0x00, 0x09,                   /* extensions */
        0xff, 0x01, 0x00, 0x01, 0x00, /* renegotiation_info */
        0x00, 0x17, 0x00, 0x00,       /* extended_master_secret */
    };
    if (write_all(c->fd, hello, sizeof hello) < 0) {
        drop(c);
        return;
    }
    c->sending = 1;
    c->n = 0;
}

/* hugecert: the next record of the Certificate message (the socket is
 * writable).  Message: type 11, HUGE_SIZE bytes; inside, the certificate
 * list length and one certificate as long as the rest. */
static void
send_huge_more(struct client *c)
{
    unsigned char rec[5 + HUGE_CHUNK];
    size_t len = HUGE_SIZE + 4 - c->n < HUGE_CHUNK ? HUGE_SIZE + 4 - c->n : HUGE_CHUNK, off = 5;

    memset(rec, 0x41, sizeof rec);
    rec[0] = 0x16, rec[1] = 0x03, rec[2] = 0x03, rec[3] = (unsigned char)(len >> 8),
    rec[4] = (unsigned char)len;
    if (c->n == 0) {
        unsigned long l = HUGE_SIZE;
        const unsigned long lens[3] = {l, l - 3, l - 6};
        int k;
        rec[off++] = 11;
        for (k = 0; k < 3; k++) {
            rec[off++] = (unsigned char)(lens[k] >> 16);
            rec[off++] = (unsigned char)(lens[k] >> 8);
            rec[off++] = (unsigned char)lens[k];
        }
    }
    if (write_all(c->fd, rec, 5 + len) < 0) {
        drop(c);
        return;
    }
    c->n += len;
    if (c->n >= HUGE_SIZE + 4) {
        c->sending = 0;
        start_closing(c);
    }
}

static void on_accept(enum mode mode, int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    size_t i;

    if (fd < 0)
        return;
    for (i = 0; i < MAX_CLIENTS; i++)
        if (clients[i].fd < 0)
            break;
    if (i == MAX_CLIENTS) {
        close(fd);
        return;
    }
    clients[i] = (struct client){.fd = fd, .closing = 0, .due = -1, .n = 0, .sending = 0};
    switch (mode) {
    case MODE_GARBAGE:
        send_garbage(&clients[i]);
        break;
    case MODE_TRICKLE:
        send_trickle_head(&clients[i]);
        break;
    case MODE_HTTP: /* answers once the client has spoken */
    case MODE_HUGECERT: /* once the client has spoken */
    case MODE_ALERT:
    case MODE_RST:
    case MODE_HANG:
    case MODE_BLACKHOLE:
    case MODE_UDP_SILENT:
    case MODE_DNS:
        break;
    }
}

static void on_readable(enum mode mode, struct client *c)
{
    static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    char buf[4096];
    ssize_t n = read(c->fd, buf, sizeof buf);

    if (n < 0 && errno == EINTR)
        return;
    if (n <= 0) {
        drop(c);
        return;
    }
    if (mode == MODE_HTTP && !c->closing) {
        if (write_all(c->fd, answer, sizeof answer - 1) < 0)
            drop(c);
        else
            start_closing(c);
    }
    if (mode == MODE_HUGECERT && !c->closing && !c->sending && c->n == 0)
        send_huge_head(c);
    if (mode == MODE_RST && !c->closing) {
        /* The ServerHello and half of a Certificate message's head, then
         * a reset (SO_LINGER 0: close sends RST, not FIN). */
        struct linger lg = {1, 0};
        send_huge_head(c);
        if (c->fd >= 0) {
            static const unsigned char part[] = {0x16, 0x03, 0x03, 0x40, 0x00, 0x0b, 0x00};
            write_all(c->fd, part, sizeof part);
            setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            close(c->fd);
            c->fd = -1;
        }
        return;
    }
    if (mode == MODE_ALERT && !c->closing) {
        static const unsigned char alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0xfe};
        if (write_all(c->fd, alert, sizeof alert) < 0)
            drop(c);
        else
            start_closing(c);
    }
    /* Everything else: read and discard. */
}

static void on_timer(enum mode mode, struct client *c, long long now)
{
    if (c->closing) {
        drop(c);
        return;
    }
    if (mode == MODE_TRICKLE) {
        unsigned char b = (unsigned char)(c->n++ & 0xff);
        if (write_all(c->fd, &b, 1) < 0) {
            drop(c);
            return;
        }
        c->due = now + TRICKLE_MS;
    }
}

/* A listening TCP socket, or a bound UDP socket when backlog < 0. */
static int listen_on(const char *addr, const char *port, int backlog)
{
    struct addrinfo hints = {0}, *ai = NULL;
    int fd, on = 1, rc;

    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = backlog < 0 ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
    rc = getaddrinfo(addr, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "fakeserver: %s port %s: %s\n", addr, port, gai_strerror(rc));
        return -1;
    }
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) {
        perror("fakeserver: socket");
        freeaddrinfo(ai);
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || (backlog >= 0 && listen(fd, backlog) < 0)) {
        fprintf(stderr, "fakeserver: %s port %s: %s\n", addr, port, strerror(errno));
        freeaddrinfo(ai);
        close(fd);
        return -1;
    }
    freeaddrinfo(ai);
    return fd;
}

/* Linux drops a SYN when the accept queue holds more than backlog
 * connections: with backlog 0, one established connection that nobody
 * accepts is enough.  Connects to ourselves (non-blocking) until a connect
 * no longer completes; the sockets stay open until we die. */
static int fill_accept_queue(int lfd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int i;

    if (getsockname(lfd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    for (i = 0; i < 8; i++) {
        struct pollfd p;
        int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0), err = 0;
        socklen_t elen = sizeof err;

        if (fd < 0)
            return -1;
        if (connect(fd, (struct sockaddr *)&ss, len) == 0)
            continue;
        if (errno != EINPROGRESS)
            return -1;
        p = (struct pollfd){.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 200) == 0)
            return 0; /* this SYN was dropped: the queue is full */
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 || err != 0)
            return -1;
    }
    return -1;
}

static int bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;

    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

/* Appends an uncompressed name ("a.b.test") to out at *n. */
static void
put_name(unsigned char *out, size_t *n, const char *name)
{
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t l = dot ? (size_t)(dot - name) : strlen(name);
        out[(*n)++] = (unsigned char)l;
        memcpy(out + *n, name, l);
        *n += l;
        name += l + (dot ? 1 : 0);
    }
    out[(*n)++] = 0;
}

/* Type, class IN, TTL 60, rdlength: the fixed part of a record. */
static void
put_rr_head(unsigned char *out, size_t *n, unsigned type, unsigned rdlen)
{
    const unsigned char h[] = {0,
                               (unsigned char)type,
                               0,
                               1,
                               0,
                               0,
                               0,
                               60,
                               (unsigned char)(rdlen >> 8),
                               (unsigned char)rdlen};
    memcpy(out + *n, h, sizeof h);
    *n += sizeof h;
}

static void
put_cname(unsigned char *out, size_t *n, const char *owner, const char *target)
{
    size_t at;
    put_name(out, n, owner);
    at = *n;
    put_rr_head(out, n, 5, 0);
    put_name(out, n, target);
    out[at + 8] = (unsigned char)((*n - at - 10) >> 8);
    out[at + 9] = (unsigned char)(*n - at - 10);
}

/* The answer of dns-KIND to the query q[0..len) in out (room for
 * DNS_OUT bytes): its length, or 0 to ignore the query, -1 for an unknown
 * kind. */
#define DNS_OUT 65535
#define TC_RECORDS 1000
static long
dns_answer(const unsigned char *q, size_t len, const char *kind, unsigned char *out)
{
    size_t qend = 12, n, an = 1;
    char qname[256] = "";
    size_t ql = 0;

    if (len < 17 || len > 512)
        return 0;
    /* The question: labels, then type and class. */
    while (qend < len && q[qend] != 0 && qend + 1 + q[qend] < len &&
           ql + q[qend] + 2 < sizeof qname) {
        if (ql)
            qname[ql++] = '.';
        memcpy(qname + ql, q + qend + 1, q[qend]);
        ql += q[qend];
        qname[ql] = '\0';
        qend += 1 + q[qend];
    }
    qend += 5;
    if (qend > len || ql == 0)
        return 0;
    memcpy(out, q, qend);
    out[2] = 0x81, out[3] = 0x80; /* response, RD, RA, NOERROR */
    out[4] = 0, out[5] = 1, out[8] = out[9] = out[10] = out[11] = 0;
    n = qend;
    if (strcmp(kind, "ptrloop") == 0) {
        out[n] = (unsigned char)(0xc0 | (n >> 8)), out[n + 1] = (unsigned char)n; /* to itself */
        n += 2;
        put_rr_head(out, &n, 1, 4);
        memcpy(out + n, "\x7f\x00\x00\x01", 4), n += 4;
    } else if (strcmp(kind, "nul") == 0) {
        memcpy(out + n, "\003a\000b\300\014", 6), n += 6; /* "a\0b" + the question's name */
        put_rr_head(out, &n, 1, 4);
        memcpy(out + n, "\x7f\x00\x00\x01", 4), n += 4;
    } else if (strcmp(kind, "truncated") == 0) {
        memcpy(out + n, "\300\014\000\001", 4), n += 4; /* the name and the type, no more */
    } else if (strcmp(kind, "count") == 0) {
        an = 3;
        memcpy(out + n, "\300\014", 2), n += 2;
        put_rr_head(out, &n, 1, 4);
        memcpy(out + n, "\x7f\x00\x00\x01", 4), n += 4;
    } else if (strcmp(kind, "cname20") == 0 || strcmp(kind, "cnameloop") == 0) {
        int loop = strcmp(kind, "cnameloop") == 0, i, links = loop ? 3 : 20;
        char a[300], b[300];
        an = 0;
        for (i = 0; i < links; i++) {
            if (i == 0)
                snprintf(a, sizeof a, "%s", qname);
            else
                snprintf(a, sizeof a, "%d.c", i);
            if (loop && i == links - 1)
                snprintf(b, sizeof b, "1.c");
            else
                snprintf(b, sizeof b, "%d.c", i + 1);
            put_cname(out, &n, a, b);
            an++;
        }
        if (!loop && q[qend - 3] == 1) { /* A: an address at the end */
            put_name(out, &n, b);
            put_rr_head(out, &n, 1, 4);
            memcpy(out + n, "\x7f\x00\x00\x01", 4), n += 4;
            an++;
        }
    } else if (strcmp(kind, "tc1000") == 0) {
        /* 1,000 A records (127.64.0.0 up: loopback, nothing listens) and
         * the truncation bit, over UDP and over TCP alike; AAAA: none. */
        size_t i;
        out[2] |= 0x02;
        an = 0;
        for (i = 0; q[qend - 3] == 1 && i < TC_RECORDS; i++) {
            memcpy(out + n, "\300\014", 2), n += 2;
            put_rr_head(out, &n, 1, 4);
            out[n++] = 127, out[n++] = 64, out[n++] = (unsigned char)(i >> 8),
            out[n++] = (unsigned char)i;
            an++;
        }
    } else {
        fprintf(stderr, "fakeserver: unknown dns kind %s\n", kind);
        return -1;
    }
    out[6] = (unsigned char)(an >> 8), out[7] = (unsigned char)an;
    return (long)n;
}

/* Reads exactly len bytes (the socket has a receive timeout). */
static int
read_full(int fd, unsigned char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = read(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* dns-KIND: answers every query (the question copied) with a broken answer,
 * on UDP (fd) and, when tfd >= 0, on TCP as well (a resolver retries there
 * when the truncation bit is set): one query per connection. */
static int
dns_serve(int fd, int tfd, const char *kind)
{
    static unsigned char q[512], out[DNS_OUT + 2];

    for (;;) {
        struct pollfd p[2] = {{fd, POLLIN, 0}, {tfd, POLLIN, 0}};
        long n;

        if (poll(p, tfd >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            perror("fakeserver: poll");
            return 1;
        }
        if (p[0].revents & POLLIN) {
            struct sockaddr_storage from;
            socklen_t flen = sizeof from;
            ssize_t len = recvfrom(fd, q, sizeof q, 0, (struct sockaddr *)&from, &flen);
            if (len < 0 && errno != EINTR) {
                perror("fakeserver: recvfrom");
                return 1;
            }
            n = len > 0 ? dns_answer(q, (size_t)len, kind, out) : 0;
            if (n < 0)
                return 2;
            if (n > 0)
                sendto(fd, out, (size_t)n, 0, (struct sockaddr *)&from, flen);
        }
        if (tfd >= 0 && (p[1].revents & POLLIN)) {
            struct timeval tv = {2, 0};
            unsigned char lb[2];
            size_t qlen;
            int c = accept(tfd, NULL, NULL);
            if (c < 0)
                continue;
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            if (read_full(c, lb, 2) == 0 && (qlen = (size_t)lb[0] << 8 | lb[1]) <= sizeof q &&
                read_full(c, q, qlen) == 0) {
                n = dns_answer(q, qlen, kind, out + 2);
                if (n < 0) {
                    close(c);
                    return 2;
                }
                if (n > 0) {
                    out[0] = (unsigned char)(n >> 8), out[1] = (unsigned char)n;
                    write_all(c, out, (size_t)n + 2);
                }
            }
            close(c);
        }
    }
}

int main(int argc, char **argv)
{
    struct pollfd pfd[MAX_CLIENTS + MAX_LISTEN];
    struct client *owner[MAX_CLIENTS + MAX_LISTEN];
    int lfds[MAX_LISTEN];
    size_t nl = 0, nlisten;
    enum mode mode;
    int lfd, port;
    size_t i;
    char *addrs, *a, *save = NULL, portbuf[16];

    if (argc != 4)
        usage();
    if (strcmp(argv[1], "http") == 0)
        mode = MODE_HTTP;
    else if (strcmp(argv[1], "hang") == 0)
        mode = MODE_HANG;
    else if (strcmp(argv[1], "garbage") == 0)
        mode = MODE_GARBAGE;
    else if (strcmp(argv[1], "trickle") == 0)
        mode = MODE_TRICKLE;
    else if (strcmp(argv[1], "blackhole") == 0)
        mode = MODE_BLACKHOLE;
    else if (strcmp(argv[1], "udp-silent") == 0)
        mode = MODE_UDP_SILENT;
    else if (strcmp(argv[1], "hugecert") == 0)
        mode = MODE_HUGECERT;
    else if (strcmp(argv[1], "alert") == 0)
        mode = MODE_ALERT;
    else if (strcmp(argv[1], "rst") == 0)
        mode = MODE_RST;
    else if (strncmp(argv[1], "dns-", 4) == 0)
        mode = MODE_DNS;
    else
        usage();

    signal(SIGPIPE, SIG_IGN);
    for (i = 0; i < MAX_CLIENTS; i++)
        clients[i].fd = -1;

    /* The first address on PORT, the others on the port it got. */
    addrs = strdup(argv[2]);
    snprintf(portbuf, sizeof portbuf, "%s", argv[3]);
    for (a = strtok_r(addrs, ",", &save); a && nl < MAX_LISTEN; a = strtok_r(NULL, ",", &save)) {
        lfds[nl] = listen_on(a, portbuf,
                             mode == MODE_UDP_SILENT || mode == MODE_DNS ? -1
                             : mode == MODE_BLACKHOLE                    ? 0
                                                                         : 64);
        if (lfds[nl] < 0)
            return 1;
        if (nl == 0)
            snprintf(portbuf, sizeof portbuf, "%d", bound_port(lfds[0]));
        nl++;
    }
    free(addrs);
    if (nl == 0)
        usage();
    lfd = lfds[0];
    if (mode == MODE_BLACKHOLE && fill_accept_queue(lfd) < 0) {
        fprintf(stderr, "fakeserver: cannot fill the accept queue\n");
        return 1;
    }
    port = bound_port(lfd);
    if (port < 0) {
        perror("fakeserver: getsockname");
        return 1;
    }
    printf("LISTEN %d\n", port);
    fflush(stdout);

    if (mode == MODE_DNS) {
        /* TCP on the same address and port, for the truncated answers. */
        char *first = strdup(argv[2]), *comma = strchr(first, ',');
        int tfd;
        if (comma)
            *comma = '\0';
        tfd = listen_on(first, portbuf, 16);
        free(first);
        return dns_serve(lfd, tfd, argv[1] + 4);
    }
    if (mode == MODE_UDP_SILENT) {
        char buf[4096];
        for (;;)
            if (recv(lfd, buf, sizeof buf, 0) < 0 && errno != EINTR) {
                perror("fakeserver: recv");
                return 1;
            }
    }

    for (;;) {
        long long now = now_ms(), next = -1;
        nfds_t n = 0;
        int timeout, rc;

        /* A black hole never accepts: its listening sockets are not polled. */
        for (i = 0; i < nl; i++) {
            pfd[n] = (struct pollfd){.fd = mode == MODE_BLACKHOLE ? -1 : lfds[i], .events = POLLIN};
            owner[n++] = NULL;
        }
        nlisten = n;
        for (i = 0; i < MAX_CLIENTS; i++) {
            if (clients[i].fd < 0)
                continue;
            pfd[n] = (struct pollfd){.fd = clients[i].fd,
                                     .events = POLLIN | (clients[i].sending ? POLLOUT : 0)};
            owner[n++] = &clients[i];
            if (clients[i].due >= 0 && (next < 0 || clients[i].due < next))
                next = clients[i].due;
        }
        timeout = next < 0 ? -1 : (next <= now ? 0 : (int)(next - now));
        rc = poll(pfd, n, timeout);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            perror("fakeserver: poll");
            return 1;
        }
        for (i = nlisten; i < n; i++) {
            if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
                on_readable(mode, owner[i]);
            if (owner[i]->fd >= 0 && owner[i]->sending && (pfd[i].revents & POLLOUT))
                send_huge_more(owner[i]);
        }
        now = now_ms();
        for (i = 0; i < MAX_CLIENTS; i++)
            if (clients[i].fd >= 0 && clients[i].due >= 0 && clients[i].due <= now)
                on_timer(mode, &clients[i], now);
        for (i = 0; i < nlisten; i++)
            if (pfd[i].revents & POLLIN)
                on_accept(mode, lfds[i]);
    }
}
