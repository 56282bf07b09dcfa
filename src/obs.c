#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "i18n.h"
#include "chainfile.h"
#include "account.h"
#include "obs.h"
#include "xmalloc.h"

#define X_NAME(e, name, text) name,
#define X_TEXT(e, name, text) text,
static const char *const dns_names[] = {DNS_STATUS_TABLE(X_NAME)};
static const char *const dns_texts[] = {DNS_STATUS_TABLE(X_TEXT)};
static const char *const tcp_names[] = {TCP_STATUS_TABLE(X_NAME)};
static const char *const tcp_texts[] = {TCP_STATUS_TABLE(X_TEXT)};
static const char *const tls_names[] = {TLS_STATUS_TABLE(X_NAME)};
static const char *const tls_texts[] = {TLS_STATUS_TABLE(X_TEXT)};
static const char *const http_names[] = {HTTP_RESULT_TABLE(X_NAME)};
static const char *const http_texts[] = {HTTP_RESULT_TABLE(X_TEXT)};
#undef X_NAME
#undef X_TEXT

const char *
obs_dns_status_name(enum dns_status s)
{
    return s < DNS_STATUS_COUNT ? dns_names[s] : "?";
}
const char *
obs_dns_status_text(enum dns_status s)
{
    return s < DNS_STATUS_COUNT ? _(dns_texts[s]) : "?";
}
const char *
obs_tcp_status_name(enum tcp_status s)
{
    return s < TCP_STATUS_COUNT ? tcp_names[s] : "?";
}
const char *
obs_tcp_status_text(enum tcp_status s)
{
    return s < TCP_STATUS_COUNT ? _(tcp_texts[s]) : "?";
}
const char *
obs_tls_status_name(enum tls_status s)
{
    return s < TLS_STATUS_COUNT ? tls_names[s] : "?";
}
const char *
obs_tls_status_text(enum tls_status s)
{
    return s < TLS_STATUS_COUNT ? _(tls_texts[s]) : "?";
}

void
obs_alert_name(int alert, char *buf, size_t size)
{
    const char *n = alert >= 0 ? gnutls_alert_get_name((gnutls_alert_description_t)alert) : NULL;

    /* GnuTLS names only the alerts it knows: never a NULL to print. */
    if (n)
        snprintf(buf, size, "%s", n);
    else
        snprintf(buf, size, _("unknown alert %d"), alert);
}

const char *
obs_http_result_name(enum http_result s)
{
    return s < HTTP_RESULT_COUNT ? http_names[s] : "?";
}
const char *
obs_http_result_text(enum http_result s)
{
    return s < HTTP_RESULT_COUNT ? _(http_texts[s]) : "?";
}

const char *
obs_version_name(enum obs_version v)
{
    static const char *const names[OBS_VERSION_COUNT] = {"TLS1.0", "TLS1.1", "TLS1.2", "TLS1.3"};
    return v < OBS_VERSION_COUNT ? names[v] : "?";
}

struct obs_addr *
obs_origin_add_addr(struct obs_origin *o)
{
    struct obs_addr *a;
    int v;

    o->addrs = xreallocarray(o->addrs, o->naddrs + 1, sizeof *o->addrs);
    a = &o->addrs[o->naddrs++];
    memset(a, 0, sizeof *a);
    a->probed = true;
    a->tcp = TCP_PENDING;
    a->tls.status = TLS_PENDING;
    a->tls.alert = -1;
    a->http.first_byte_ms = -1;
    for (v = 0; v < OBS_VERSION_COUNT; v++)
        a->explain.version_ok[v] = -1;
    a->explain.any_cipher_ok = -1;
    return a;
}

bool
obs_origin_ok(const struct obs_origin *o)
{
    size_t i, probed = 0;

    for (i = 0; i < o->naddrs; i++) {
        if (!o->addrs[i].probed)
            continue;
        probed++;
        if (!target_uses_tls(&o->target) ? o->addrs[i].tcp != TCP_CONNECTED
                                         : o->addrs[i].tls.status != TLS_OK)
            return false;
    }
    return probed > 0;
}

void
obs_tls_clear(struct obs_tls *t)
{
    size_t i;

    free(t->version);
    free(t->cipher_suite);
    free(t->group);
    for (i = 0; i < t->ncerts; i++)
        free(t->certs[i].der);
    free(t->certs);
    t->version = t->cipher_suite = t->group = NULL;
    t->certs = NULL;
    t->ncerts = 0;
}

void
obs_http_clear(struct obs_http *h)
{
    free(h->host);
    free(h->path);
    free(h->cf_id);
    free(h->server);
    free(h->parser_error);
    h->host = h->path = h->cf_id = h->server = h->parser_error = NULL;
}

static void
origin_clear(struct obs_origin *o)
{
    size_t i;

    for (i = 0; i < o->nlookups; i++)
        origin_clear(&o->lookups[i]);
    free(o->lookups);

    if (o->account) {
        account_origin_clear(o->account);
        free(o->account);
    }
    target_clear(&o->target);
    if (o->chain_file)
        free(o->chain_file->source);
    free(o->chain_file);
    free(o->sni);
    free(o->dns_message);
    for (i = 0; i < o->ncnames; i++) {
        free(o->cnames[i].name);
        free(o->cnames[i].target);
    }
    free(o->cnames);
    for (i = 0; i < o->naddrs; i++) {
        obs_tls_clear(&o->addrs[i].tls);
        free(o->addrs[i].explain.any_cipher_suite);
        free(o->addrs[i].explain.any_cipher_version);
        obs_http_clear(&o->addrs[i].http);
    }
    free(o->addrs);
}

void
obs_viewer_free(struct obs_viewer *v)
{
    if (!v)
        return;
    free(v->url);
    free(v->host);
    free(v->path);
    free(v->address);
    free(v->curl_error);
    free(v->http_version);
    free(v->server);
    free(v->x_cache);
    free(v->pop);
    free(v->cf_id);
    free(v->via);
    free(v->content_type);
    free(v->body);
    free(v);
}

void
obs_free(struct observation *obs)
{
    size_t i;

    if (!obs)
        return;
    obs_viewer_free(obs->viewer);
    for (i = 0; i < obs->norigins; i++)
        origin_clear(&obs->origins[i]);
    free(obs->origins);
    free(obs);
}

void
obs_addr_set_bytes(struct obs_addr *a, int family, const void *bytes)
{
    memset(&a->sa, 0, sizeof a->sa);
    a->family = family;
    if (family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)&a->sa;
        sin->sin_family = AF_INET;
        memcpy(&sin->sin_addr, bytes, 4);
        a->salen = sizeof *sin;
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->sa;
        sin6->sin6_family = AF_INET6;
        memcpy(&sin6->sin6_addr, bytes, 16);
        a->salen = sizeof *sin6;
    }
    inet_ntop(family, bytes, a->text, sizeof a->text);
}

bool
obs_addr_set_text(struct obs_addr *a, const char *text)
{
    unsigned char buf[16];

    if (inet_pton(AF_INET, text, buf) == 1)
        obs_addr_set_bytes(a, AF_INET, buf);
    else if (inet_pton(AF_INET6, text, buf) == 1)
        obs_addr_set_bytes(a, AF_INET6, buf);
    else
        return false;
    return true;
}

static enum addr_class
class_v4(const unsigned char *b)
{
    if (b[0] == 0)
        return ADDR_THIS_NETWORK;
    if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255)
        return ADDR_BROADCAST;
    if ((b[0] & 0xf0) == 224)
        return ADDR_MULTICAST;
    if ((b[0] & 0xf0) == 240)
        return ADDR_RESERVED;
    /* Loopback, RFC 1918, link-local, CGNAT. */
    if (b[0] == 10 || b[0] == 127 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
        (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) ||
        (b[0] == 100 && (b[1] & 0xc0) == 64))
        return ADDR_PRIVATE;
    return ADDR_PUBLIC;
}

enum addr_class
obs_addr_class(const struct obs_addr *a)
{
    if (a->family == AF_INET)
        return class_v4((const unsigned char *)&((const struct sockaddr_in *)&a->sa)->sin_addr);
    if (a->family == AF_INET6) {
        const struct in6_addr *in6 = &((const struct sockaddr_in6 *)&a->sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(in6))
            return class_v4(in6->s6_addr + 12);
        if (IN6_IS_ADDR_UNSPECIFIED(in6))
            return ADDR_THIS_NETWORK;
        if (IN6_IS_ADDR_MULTICAST(in6))
            return ADDR_MULTICAST;
        /* Loopback, link-local, unique local (fc00::/7). */
        if (IN6_IS_ADDR_LOOPBACK(in6) || IN6_IS_ADDR_LINKLOCAL(in6) ||
            (in6->s6_addr[0] & 0xfe) == 0xfc)
            return ADDR_PRIVATE;
    }
    return ADDR_PUBLIC;
}

const char *
obs_addr_class_text(enum addr_class c)
{
#define X_TEXT(e, name, text) text,
    static const char *const t[] = {ADDR_CLASS_TABLE(X_TEXT)};
#undef X_TEXT
    return _(t[c]);
}

bool
obs_addr_unconnectable(const struct obs_addr *a)
{
    enum addr_class c = obs_addr_class(a);
    return c == ADDR_THIS_NETWORK || c == ADDR_BROADCAST || c == ADDR_MULTICAST ||
           c == ADDR_RESERVED;
}
