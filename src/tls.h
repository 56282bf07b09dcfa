/* One connection: non-blocking TCP connect, then a non-blocking GnuTLS
 * handshake with a given priority string, recording what happened.  No
 * verification: the probe records, analysis judges. */
#ifndef TLS_H
#define TLS_H

#include <stdbool.h>

#include "loop.h"
#include "obs.h"

struct tls_conn;

typedef void (*tls_done_fn)(void *arg, struct tls_conn *c);

struct tls_params {
    const struct sockaddr *sa;
    socklen_t salen;
    const char *sni;       /* NULL: no server_name extension */
    const char *priority;  /* GnuTLS priority string; NULL: no TLS (http-only):
                              the handshake's status is TLS_SKIPPED and the
                              request, if any, goes in plain HTTP */
    unsigned connect_timeout_ms;
    unsigned handshake_timeout_ms;
    /* When set: after a successful handshake (or the TCP connection,
     * without TLS), send this request on the same session and record the answer in *http_out
     * (http.c), bounded by http_timeout_ms; done runs when that exchange ends. */
    const char *http_request;
    unsigned http_timeout_ms;
    struct obs_http *http_out;
};

/* Start a connection; done runs exactly once, from the loop (never from
 * within tls_start), with the results in *tcp, *tcp_errno, *connect_ms and
 * *out.  Results are written to the caller's storage, which must outlive the
 * connection. */
struct tls_conn *tls_start(struct loop *l, const struct tls_params *p, enum tcp_status *tcp,
                           int *tcp_errno, double *connect_ms, struct obs_tls *out,
                           tls_done_fn done, void *arg);
/* True while the TCP connect is still in progress. */
bool tls_connecting(const struct tls_conn *c);
/* Abort: the done callback runs with TLS/TCP cancelled. */
void tls_cancel(struct tls_conn *c);
/* Frees c; call from or after the done callback. */
void tls_free(struct tls_conn *c);

/* Global GnuTLS set-up; false with a message when it fails. */
bool tls_global_init(const char **err);
void tls_global_deinit(void);

#endif
