/* The viewer's request: a URL fetched as a viewer would (GET, HTTP/1.1 or
 * HTTP/2 as negotiated, no redirects followed, bounded time) with libcurl's
 * multi socket API driven by the program's loop: libcurl tells which
 * descriptors and which timeout it wants (CURLMOPT_SOCKETFUNCTION,
 * CURLMOPT_TIMERFUNCTION), the loop calls curl_multi_socket_action when
 * they are due; nothing blocks.  The host is resolved by the program's own
 * resolver (or --resolve) and handed to libcurl with CURLOPT_RESOLVE; the
 * trust store is --ca-file's (CURLOPT_CAINFO).  Records facts in struct
 * obs_viewer; judges nothing. */
#ifndef VIEWER_H
#define VIEWER_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"
#include "obs.h"
#include "target.h"

/* The whole request, first byte to last, at most this long. */
#define VIEWER_TIMEOUT_MS 60000

/* Is arg a viewer URL ("https://..." or "http://...")? */
bool viewer_is_url(const char *arg);
/* Split a URL into host (ASCII, caller frees), port and path (caller
 * frees; "/" when empty, query kept).  false and *err (static, translated)
 * when it is not an http(s) URL with a valid host. */
bool viewer_parse_url(const char *url, char **host, unsigned *port, char **path, const char **err);

/* The cause sentence of a CloudFront error page ("CloudFront wasn't able to
 * connect to the origin."), from the HTML body: the first sentence after
 * the page's <H2>, tags removed; caller frees.  NULL when there is none. */
char *viewer_error_text(const unsigned char *body, size_t n);

bool viewer_global_init(const char **err);
void viewer_global_deinit(void);

struct viewer;
typedef void (*viewer_done_fn)(void *arg);

/* Start the request for url; out (zeroed by the caller) receives the
 * facts and must outlive the request.  done runs once, from the loop.
 * NULL and *err (static, translated) when url is not one. */
struct viewer *viewer_start(struct loop *l, const struct target_settings *s, const char *url,
                            struct obs_viewer *out, viewer_done_fn done, void *arg,
                            const char **err);
/* Stop: done runs (from within) with curl_code CURLE_ABORTED_BY_CALLBACK. */
void viewer_cancel(struct viewer *v);
/* Frees v; from or after done. */
void viewer_free(struct viewer *v);

#endif
