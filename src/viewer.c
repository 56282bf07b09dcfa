#include "config.h"

#include <arpa/inet.h>
#include <dlfcn.h>
/* The functions are called through cu below, never by name: no macro of
 * curl.h may stand in for them. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "i18n.h"
#include "viewer.h"
#include "xmalloc.h"

/* --- the URL -------------------------------------------------------------- */

bool
viewer_is_url(const char *arg)
{
    return strncasecmp(arg, "https://", 8) == 0 || strncasecmp(arg, "http://", 7) == 0;
}

bool
viewer_parse_url(const char *url, char **host, unsigned *port, char **path, const char **err)
{
    bool https = strncasecmp(url, "https://", 8) == 0;
    const char *auth, *end;
    char *hostport;
    struct target t = {0};
    const unsigned char *p;

    *host = *path = NULL;
    if (!viewer_is_url(url)) {
        *err = _("not an http:// or https:// URL");
        return false;
    }
    for (p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f) {
            *err = _("a URL cannot hold spaces or control characters");
            return false;
        }
    auth = url + (https ? 8 : 7);
    end = auth + strcspn(auth, "/?#");
    if (memchr(auth, '@', (size_t)(end - auth))) {
        *err = _("a URL with a user name is not a viewer's URL");
        return false;
    }
    hostport = xstrndup(auth, (size_t)(end - auth));
    if (!target_parse(&t, hostport, https ? 443 : 80, err)) {
        free(hostport);
        return false;
    }
    free(hostport);
    *host = xstrdup(t.name);
    *port = t.https_port; /* target_parse puts the URL's port there */
    /* The path as a viewer sends it; a fragment never leaves the browser. */
    if (*end == '/' || *end == '?') {
        size_t n = strcspn(end, "#");
        *path = *end == '/' ? xstrndup(end, n) : xasprintf("/%.*s", (int)n, end);
    } else {
        *path = xstrdup("/");
    }
    target_clear(&t);
    return true;
}

/* --- CloudFront's error page ---------------------------------------------------- */

char *
viewer_error_text(const unsigned char *body, size_t n)
{
    const unsigned char *p = NULL, *end = body + n;
    char *text, *out;
    size_t i, k = 0;
    bool in_tag = false, space = false;

    /* "</H2>" ends "The request could not be satisfied."; the cause comes
     * next (CLOUDFRONT.md §7.5). */
    for (i = 0; i + 5 <= n; i++)
        if (strncasecmp((const char *)body + i, "</h2>", 5) == 0) {
            p = body + i + 5;
            break;
        }
    if (!p)
        return NULL;
    text = xmalloc(512 + 1);
    for (; p < end && k < 512; p++) {
        if (*p == '<')
            in_tag = true;
        else if (*p == '>' && in_tag) {
            in_tag = false;
            space = k > 0;
        } else if (!in_tag) {
            if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') {
                space = k > 0;
                continue;
            }
            if (space && k < 512) {
                text[k++] = ' ';
                space = false;
            }
            text[k++] = (char)*p;
            /* One sentence: up to the first full stop that ends a word. */
            if (*p == '.' &&
                (p + 1 == end || p[1] == ' ' || p[1] == '\n' || p[1] == '\r' || p[1] == '<'))
                break;
        }
    }
    text[k] = '\0';
    if (!k) {
        free(text);
        return NULL;
    }
    out = xstrdup(text);
    free(text);
    return out;
}

/* --- the request ------------------------------------------------------------------ */

struct viewer {
    struct loop *loop;
    struct target_settings settings; /* borrowed strings */
    struct obs_viewer *out;
    viewer_done_fn done;
    void *arg;
    struct dns *dns;
    struct obs_origin lookup; /* the host, resolved by our resolver */
    CURLM *multi;
    CURL *easy;
    struct curl_slist *resolve;
    struct loop_timer *timer;
    struct loop_timer *start_timer;
    char errbuf[CURL_ERROR_SIZE];
    bool finished;
    bool cancelled;
    bool body_capped;
};

/* --- libcurl, loaded when a viewer URL is given --------------------------- */

/* libcurl (and the twenty libraries it brings: Kerberos, LDAP, SSH, RTMP...)
 * costs about 3 ms of dynamic linking and constructors at every start; only
 * a viewer URL needs it.  So it is loaded with dlopen() here, by the shared
 * object name configure found for the libcurl it compiled against (the
 * headers, and so the types and constants, are that version's), and called
 * through this table with its documented signatures. */
static struct {
    void *handle;
    unsigned users;
    CURLcode (*global_init)(long);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_socket_action)(CURLM *, curl_socket_t, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} cu;

/* One symbol: its address into *slot (a function pointer of the right
 * type: dlsym's void * is converted as POSIX requires it to work). */
static bool
curl_sym(const char *name, void *slot)
{
    void *f = dlsym(cu.handle, name);
    if (!f)
        return false;
    memcpy(slot, &f, sizeof f);
    return true;
}

static bool
curl_load(const char **err)
{
    static char msg[512];

    cu.handle = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!cu.handle) {
        snprintf(msg, sizeof msg, _("cannot load libcurl for the viewer's request (%s)"),
                 dlerror());
        *err = msg;
        return false;
    }
    if (curl_sym("curl_global_init", &cu.global_init) &&
        curl_sym("curl_global_cleanup", &cu.global_cleanup) &&
        curl_sym("curl_easy_init", &cu.easy_init) &&
        curl_sym("curl_easy_cleanup", &cu.easy_cleanup) &&
        curl_sym("curl_easy_setopt", &cu.easy_setopt) &&
        curl_sym("curl_easy_getinfo", &cu.easy_getinfo) &&
        curl_sym("curl_easy_strerror", &cu.easy_strerror) &&
        curl_sym("curl_multi_init", &cu.multi_init) &&
        curl_sym("curl_multi_cleanup", &cu.multi_cleanup) &&
        curl_sym("curl_multi_add_handle", &cu.multi_add_handle) &&
        curl_sym("curl_multi_remove_handle", &cu.multi_remove_handle) &&
        curl_sym("curl_multi_setopt", &cu.multi_setopt) &&
        curl_sym("curl_multi_socket_action", &cu.multi_socket_action) &&
        curl_sym("curl_multi_info_read", &cu.multi_info_read) &&
        curl_sym("curl_slist_append", &cu.slist_append) &&
        curl_sym("curl_slist_free_all", &cu.slist_free_all))
        return true;
    snprintf(msg, sizeof msg, _("cannot load libcurl for the viewer's request (%s)"), dlerror());
    *err = msg;
    dlclose(cu.handle);
    cu.handle = NULL;
    return false;
}

bool
viewer_global_init(const char **err)
{
    if (cu.users) {
        cu.users++;
        return true;
    }
    if (!curl_load(err))
        return false;
    if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        *err = _("cannot initialise libcurl");
        dlclose(cu.handle);
        cu.handle = NULL;
        return false;
    }
    cu.users = 1;
    return true;
}

void
viewer_global_deinit(void)
{
    if (!cu.users || --cu.users)
        return;
    cu.global_cleanup();
    dlclose(cu.handle);
    cu.handle = NULL;
}

static void
finish(struct viewer *v)
{
    if (v->finished)
        return;
    v->finished = true;
    v->out->done = true;
    loop_timer_cancel(v->loop, v->timer);
    v->timer = NULL;
    loop_timer_cancel(v->loop, v->start_timer);
    v->start_timer = NULL;
    v->done(v->arg);
}

/* Keep the first value of the headers that tell who answered. */
static void
keep_header(char **slot, const char *value, size_t n)
{
    if (*slot)
        return;
    while (n && (value[n - 1] == '\r' || value[n - 1] == '\n' || value[n - 1] == ' '))
        n--;
    while (n && (*value == ' ' || *value == '\t'))
        value++, n--;
    *slot = xstrndup(value, n < OBS_VIEWER_HEADER ? n : OBS_VIEWER_HEADER);
}

static size_t
on_header(char *buf, size_t size, size_t nitems, void *arg)
{
    struct viewer *v = arg;
    struct obs_viewer *o = v->out;
    size_t n = size * nitems;
    static const struct {
        const char *name;
        size_t off;
    } wanted[] = {
        {"server:", offsetof(struct obs_viewer, server)},
        {"x-cache:", offsetof(struct obs_viewer, x_cache)},
        {"x-amz-cf-pop:", offsetof(struct obs_viewer, pop)},
        {"x-amz-cf-id:", offsetof(struct obs_viewer, cf_id)},
        {"via:", offsetof(struct obs_viewer, via)},
        {"content-type:", offsetof(struct obs_viewer, content_type)},
    };
    size_t i;

    /* A new status line (an interim 1xx answer went before): start over. */
    if (n >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
        for (i = 0; i < sizeof wanted / sizeof *wanted; i++) {
            char **slot = (char **)((char *)o + wanted[i].off);
            free(*slot);
            *slot = NULL;
        }
        return n;
    }
    for (i = 0; i < sizeof wanted / sizeof *wanted; i++) {
        size_t k = strlen(wanted[i].name);
        if (n > k && strncasecmp(buf, wanted[i].name, k) == 0)
            keep_header((char **)((char *)o + wanted[i].off), buf + k, n - k);
    }
    return n;
}

static size_t
on_body(char *buf, size_t size, size_t nmemb, void *arg)
{
    struct viewer *v = arg;
    struct obs_viewer *o = v->out;
    size_t n = size * nmemb, k;

    if (!o->body)
        o->body = xmalloc(OBS_VIEWER_BODY);
    k = OBS_VIEWER_BODY - o->nbody < n ? OBS_VIEWER_BODY - o->nbody : n;
    memcpy(o->body + o->nbody, buf, k);
    o->nbody += k;
    o->body_bytes += n;
    if (o->nbody == OBS_VIEWER_BODY) {
        /* Enough to read an error page: stop here, the status and the
         * headers are in. */
        v->body_capped = true;
        return 0;
    }
    return n;
}

static double
info_ms(CURL *e, CURLINFO what)
{
    curl_off_t us = 0;
    if (cu.easy_getinfo(e, what, &us) != CURLE_OK || us <= 0)
        return 0;
    return (double)us / 1000.0;
}

static void
record(struct viewer *v, CURLcode rc)
{
    struct obs_viewer *o = v->out;
    long code = 0, ver = 0;
    char *ip = NULL;

    if (rc == CURLE_WRITE_ERROR && v->body_capped)
        rc = CURLE_OK; /* our own stop */
    o->curl_code = (int)rc;
    if (rc != CURLE_OK)
        o->curl_error = xstrdup(*v->errbuf ? v->errbuf : cu.easy_strerror(rc));
    if (!v->easy)
        return;
    cu.easy_getinfo(v->easy, CURLINFO_RESPONSE_CODE, &code);
    o->status = (int)code;
    if (cu.easy_getinfo(v->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip)
        o->address = xstrdup(ip);
    if (code && cu.easy_getinfo(v->easy, CURLINFO_HTTP_VERSION, &ver) == CURLE_OK)
        o->http_version = xstrdup(ver == CURL_HTTP_VERSION_2_0   ? "HTTP/2"
                                  : ver == CURL_HTTP_VERSION_3   ? "HTTP/3"
                                  : ver == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0"
                                                                 : "HTTP/1.1");
    o->connect_ms = info_ms(v->easy, CURLINFO_CONNECT_TIME_T);
    o->tls_ms = info_ms(v->easy, CURLINFO_APPCONNECT_TIME_T);
    o->first_byte_ms = info_ms(v->easy, CURLINFO_STARTTRANSFER_TIME_T);
    o->total_ms = info_ms(v->easy, CURLINFO_TOTAL_TIME_T);
}

static void
check_done(struct viewer *v)
{
    CURLMsg *m;
    int left;

    while ((m = cu.multi_info_read(v->multi, &left)))
        if (m->msg == CURLMSG_DONE && m->easy_handle == v->easy) {
            record(v, m->data.result);
            cu.multi_remove_handle(v->multi, v->easy);
            finish(v); /* may free v */
            return;
        }
}

static void
on_socket_io(void *arg, int fd, short revents)
{
    struct viewer *v = arg;
    int flags = 0, running;

    if (revents & POLLIN)
        flags |= CURL_CSELECT_IN;
    if (revents & POLLOUT)
        flags |= CURL_CSELECT_OUT;
    if (revents & (POLLERR | POLLHUP | POLLNVAL))
        flags |= CURL_CSELECT_ERR;
    cu.multi_socket_action(v->multi, fd, flags, &running);
    check_done(v);
}

/* libcurl: watch s for what, or stop watching it. */
static int
socket_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    struct viewer *v = userp;
    short ev = 0;

    (void)e, (void)socketp;
    if (what == CURL_POLL_REMOVE) {
        loop_unwatch(v->loop, s);
        return 0;
    }
    if (what & CURL_POLL_IN)
        ev |= POLLIN;
    if (what & CURL_POLL_OUT)
        ev |= POLLOUT;
    loop_watch(v->loop, s, ev, on_socket_io, v);
    return 0;
}

static void
on_timer(void *arg)
{
    struct viewer *v = arg;
    int running;

    v->timer = NULL;
    cu.multi_socket_action(v->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(v);
}

/* libcurl: call back in timeout_ms (-1: never).  Never act from here. */
static int
timer_cb(CURLM *m, long timeout_ms, void *userp)
{
    struct viewer *v = userp;

    (void)m;
    loop_timer_cancel(v->loop, v->timer);
    v->timer = NULL;
    if (timeout_ms >= 0)
        v->timer = loop_timer_add(v->loop, timeout_ms, on_timer, v);
    return 0;
}

/* The addresses for CURLOPT_RESOLVE: "host:port:a,b,[v6]". */
static void
add_resolve(struct viewer *v, const struct obs_origin *o)
{
    const struct obs_viewer *out = v->out;
    char *entry = xasprintf("%s:%u:", out->host, out->port), *more;
    size_t i;

    for (i = 0; i < o->naddrs; i++) {
        const struct obs_addr *a = &o->addrs[i];
        if ((v->settings.family == 4 && a->family != AF_INET) ||
            (v->settings.family == 6 && a->family != AF_INET6))
            continue;
        more = xasprintf(a->family == AF_INET6 ? "%s%s[%s]" : "%s%s%s", entry,
                         entry[strlen(entry) - 1] == ':' ? "" : ",", a->text);
        free(entry);
        entry = more;
    }
    v->resolve = cu.slist_append(v->resolve, entry);
    free(entry);
}

static void
start_transfer(struct viewer *v)
{
    struct obs_viewer *o = v->out;
    CURL *e;
    int running;

    if (!v->lookup.naddrs) {
        record(v, CURLE_COULDNT_RESOLVE_HOST);
        finish(v);
        return;
    }
    add_resolve(v, &v->lookup);
    v->easy = e = cu.easy_init();
    v->multi = cu.multi_init();
    if (!e || !v->multi) {
        o->curl_code = CURLE_FAILED_INIT;
        o->curl_error = xstrdup(cu.easy_strerror(CURLE_FAILED_INIT));
        finish(v);
        return;
    }
    cu.easy_setopt(e, CURLOPT_URL, o->url);
    cu.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(e, CURLOPT_RESOLVE, v->resolve);
    cu.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    cu.easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    cu.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    /* The viewer's connection is not an origin's: CloudFront's default
     * ConnectionTimeout bounds it (--connect-timeout sets the origins'). */
    cu.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)TARGET_DEFAULT_CONNECT_TIMEOUT_MS);
    cu.easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)VIEWER_TIMEOUT_MS);
    cu.easy_setopt(e, CURLOPT_USERAGENT, PACKAGE "/" VERSION);
    cu.easy_setopt(e, CURLOPT_ERRORBUFFER, v->errbuf);
    cu.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    cu.easy_setopt(e, CURLOPT_HEADERDATA, v);
    cu.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    cu.easy_setopt(e, CURLOPT_WRITEDATA, v);
    if (v->settings.ca_file)
        cu.easy_setopt(e, CURLOPT_CAINFO, v->settings.ca_file);
    cu.multi_setopt(v->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
    cu.multi_setopt(v->multi, CURLMOPT_SOCKETDATA, v);
    cu.multi_setopt(v->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
    cu.multi_setopt(v->multi, CURLMOPT_TIMERDATA, v);
    cu.multi_add_handle(v->multi, e);
    /* add_handle set a timer through timer_cb; kick once more to be sure. */
    cu.multi_socket_action(v->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(v);
}

static void
on_resolved(void *arg, struct obs_origin *o)
{
    struct viewer *v = arg;
    if (v->cancelled)
        return;
    v->out->dns = o->dns;
    v->out->dns_ms = o->dns_ms;
    start_transfer(v);
}

static void
on_start(void *arg)
{
    struct viewer *v = arg;
    v->start_timer = NULL;
    start_transfer(v);
}

struct viewer *
viewer_start(struct loop *l, const struct target_settings *s, const char *url,
             struct obs_viewer *out, viewer_done_fn done, void *arg, const char **err)
{
    struct viewer *v;
    char *host, *path;
    unsigned port;
    size_t i, j;

    if (!viewer_parse_url(url, &host, &port, &path, err))
        return NULL;
    v = xcalloc(1, sizeof *v);
    v->loop = l;
    v->settings = *s;
    v->out = out;
    v->done = done;
    v->arg = arg;
    out->url = xstrdup(url);
    out->host = host;
    out->port = port;
    out->path = path;
    target_init(&v->lookup.target);
    v->lookup.target.name = xstrdup(host);
    v->lookup.target.input = xstrdup(host);
    v->lookup.target.https_port = port;

    /* The same world as the probe: --resolve first, then our resolver. */
    for (i = 0; i < s->nresolves; i++) {
        const struct target_resolve *r = &s->resolves[i];
        if (r->port == port && strcasecmp(r->name, host) == 0) {
            out->dns = DNS_OVERRIDE;
            for (j = 0; j < r->naddrs && j < OBS_MAX_ADDRS; j++)
                obs_addr_set_text(obs_origin_add_addr(&v->lookup), r->addrs[j]);
            v->start_timer = loop_timer_add(l, 0, on_start, v);
            return v;
        }
    }
    if (obs_addr_set_text(obs_origin_add_addr(&v->lookup), host)) {
        out->dns = DNS_LITERAL;
        v->start_timer = loop_timer_add(l, 0, on_start, v);
        return v;
    }
    v->lookup.naddrs = 0;
    if (!(v->dns = dns_new(l, s->dns_servers, s->dns_timeout_ms, err))) {
        out->dns = DNS_ERROR;
        v->start_timer = loop_timer_add(l, 0, on_start, v);
        return v;
    }
    dns_resolve(v->dns, &v->lookup, s->family, on_resolved, v);
    return v;
}

void
viewer_cancel(struct viewer *v)
{
    if (!v || v->finished)
        return;
    v->cancelled = true;
    if (v->dns)
        dns_cancel(v->dns); /* its callback sees cancelled and does nothing */
    v->out->curl_code = CURLE_ABORTED_BY_CALLBACK;
    finish(v);
}

void
viewer_free(struct viewer *v)
{
    size_t i;

    if (!v)
        return;
    if (v->multi && v->easy)
        cu.multi_remove_handle(v->multi, v->easy);
    if (v->easy)
        cu.easy_cleanup(v->easy);
    if (v->multi)
        cu.multi_cleanup(v->multi);
    cu.slist_free_all(v->resolve);
    /* libcurl may have asked for a timer while cleaning up. */
    loop_timer_cancel(v->loop, v->timer);
    loop_timer_cancel(v->loop, v->start_timer);
    dns_free(v->dns);
    for (i = 0; i < v->lookup.ncnames; i++) {
        free(v->lookup.cnames[i].name);
        free(v->lookup.cnames[i].target);
    }
    free(v->lookup.cnames);
    free(v->lookup.addrs);
    free(v->lookup.dns_message);
    target_clear(&v->lookup.target);
    free(v);
}
