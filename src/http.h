/* CloudFront's request to the origin, after its handshake succeeded: the
 * request text, the response head parsed by a library (Debian's
 * libhttp-parser), and the exchange itself on the probe's GnuTLS session,
 * non-blocking on the loop.  Records facts in struct obs_http; judges
 * nothing.
 *
 * libhttp-parser owns http_parser_*, http_errno_*, http_method_*,
 * http_status_* and enum http_status; ours are http_req_*, http_head_*,
 * http_xchg_* (and enum http_result in obs.h), so that nothing collides. */
#ifndef HTTP_H
#define HTTP_H

#include <gnutls/gnutls.h>
#include <stdbool.h>
#include <stddef.h>

#include "loop.h"
#include "obs.h"

/* Caps on what an origin can make us read or keep.  CLOUDFRONT.md gives
 * no limit on the size of an origin's response headers (CloudFront's logs
 * only name OriginHeaderTooBigError), so the cap is ours: 64 KiB of header
 * block, and nothing past the block is read. */
#define HTTP_MAX_HEAD 65536
#define HTTP_MAX_SERVER 256 /* bytes of the Server header kept */

struct http_req_header {
    const char *name;
    const char *value;
};

/* What CloudFront sends (CLOUDFRONT.md §6, DESIGN "Around that line"). */
struct http_req {
    const char *host;        /* the name CloudFront sends as Host */
    const char *origin_path; /* OriginPath, "" or NULL for none */
    const char *path;        /* the viewer's path, NULL for "/" */
    const char *via_id;      /* 32 hex digits: "1.1 <id>.cloudfront.net (CloudFront)" */
    const char *cf_id;       /* the X-Amz-Cf-Id value */
    const struct http_req_header *headers; /* the origin's custom headers */
    size_t nheaders;
};

/* The request's text; caller frees.  A header (or a host or path) holding
 * a control character would split the request: such a header is left out
 * and *dropped counts it; a bad host or path makes the whole request NULL. */
char *http_req_text(const struct http_req *r, size_t *dropped);
/* Fresh random ids in CloudFront's shapes: 32 lowercase hex digits for Via,
 * 56 characters of base64url for X-Amz-Cf-Id.  buf sizes 33 and 57. */
void http_req_ids(char via_id[33], char cf_id[57]);

/* The response head: status line and header block, nothing after. */
enum http_head_state {
    HTTP_HEAD_MORE,    /* feed more */
    HTTP_HEAD_DONE,    /* the header block is complete */
    HTTP_HEAD_BAD,     /* not an HTTP/1.x response */
    HTTP_HEAD_TOO_BIG, /* no end of the header block within HTTP_MAX_HEAD */
};

struct http_head;
struct http_head *http_head_new(void);
void http_head_free(struct http_head *h);
/* Feed n bytes; returns the state after them.  Bytes past the end of the
 * head are not consumed.  n == 0 means the peer closed: the state then
 * stays MORE when the head was incomplete (the caller says "closed"). */
enum http_head_state http_head_feed(struct http_head *h, const void *buf, size_t n);
int http_head_code(const struct http_head *h);           /* 0 before the status line */
const char *http_head_server(const struct http_head *h); /* raw, capped; NULL none */
size_t http_head_size(const struct http_head *h);        /* bytes of the head consumed */
const char *http_head_error(const struct http_head *h);  /* the parser's error name, NULL */

/* The exchange on an established session (s NULL: plain HTTP on the
 * socket fd, for an http-only origin): send the request, read the head.
 * timeout_ms bounds the wait for the first byte and every gap
 * between reads (CloudFront's origin read timeout); the whole exchange is
 * bounded by twice that (our own limit: CloudFront's response completion
 * timeout is unset by default).  done runs exactly once, from the loop. */
struct http_xchg;
typedef void (*http_done_fn)(void *arg);
struct http_xchg *http_xchg_start(struct loop *l, gnutls_session_t s, int fd, const char *request,
                                  unsigned timeout_ms, struct obs_http *out, http_done_fn done,
                                  void *arg);
/* Abort: done runs with the status cancelled. */
void http_xchg_cancel(struct http_xchg *x);
/* Call from or after done. */
void http_xchg_free(struct http_xchg *x);

#endif
