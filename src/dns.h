/* Asynchronous resolution with c-ares, driven by the event loop: A and AAAA
 * for a name, with the CNAME chain and TTLs taken from the raw answers. */
#ifndef DNS_H
#define DNS_H

#include "loop.h"
#include "obs.h"

struct dns;

/* servers: c-ares CSV or NULL for /etc/resolv.conf.  NULL and *err set (a
 * static string) when c-ares cannot be set up. */
struct dns *dns_new(struct loop *l, const char *servers, unsigned timeout_ms, const char **err);
void dns_free(struct dns *d);

/* Called once when both queries have finished; o is filled in. */
typedef void (*dns_done_fn)(void *arg, struct obs_origin *o);

/* Resolve o->target.name into o (dns, cnames, addrs). family: 0, 4 or 6. */
void dns_resolve(struct dns *d, struct obs_origin *o, int family, dns_done_fn done, void *arg);
/* The errno of a local resource failure (EMFILE, ENFILE, ENOBUFS, ENOMEM)
 * when c-ares could not open a socket, else 0: then a failed lookup says
 * nothing about the name. */
int dns_local_errno(const struct dns *d);
/* Cancel every query in flight (their callbacks run with DNS_CANCELLED). */
void dns_cancel(struct dns *d);

/* Parse a raw DNS answer (for unit tests and the fuzzer too): fills cnames
 * and addresses of o, returns the rcode, or -1 when the answer is malformed
 * or its CNAME chain loops or is longer than OBS_MAX_CNAMES; then *why (when
 * why is not NULL) is a translated message saying what was wrong, which the
 * caller frees.  Pure: reads buf only. */
int dns_parse_answer(const unsigned char *buf, int len, struct obs_origin *o, int qtype,
                     char **why);

#endif
