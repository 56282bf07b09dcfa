#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "target.h"
#include "xmalloc.h"

void
target_init(struct target *t)
{
    memset(t, 0, sizeof *t);
    t->policy = POLICY_HTTPS_ONLY;
    t->https_port = TARGET_DEFAULT_HTTPS_PORT;
    t->http_port = TARGET_DEFAULT_HTTP_PORT;
    t->ssl_protocols = TARGET_PROTO_BIT(TARGET_TLS12);
    t->connect_timeout_ms = TARGET_DEFAULT_CONNECT_TIMEOUT_MS;
    t->connect_attempts = TARGET_DEFAULT_CONNECT_ATTEMPTS;
    t->read_timeout_ms = TARGET_DEFAULT_READ_TIMEOUT_MS;
    t->keepalive_timeout_s = TARGET_DEFAULT_KEEPALIVE_TIMEOUT_S;
}

bool
target_parse_port(const char *s, unsigned *port)
{
    char *end;
    unsigned long v;

    if (!s || !isdigit((unsigned char)*s))
        return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v < 1 || v > 65535)
        return false;
    *port = (unsigned)v;
    return true;
}

static bool
is_ip_literal(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* Checks an ASCII host name label by label (letters, digits, hyphen, and the
 * underscore some DNS names carry), lower-casing it in place. */
static bool
check_ascii_name(char *s, const char **err)
{
    size_t len = strlen(s), label = 0;
    char *p, *start = s;

    if (len == 0) {
        *err = _("empty host name");
        return false;
    }
    if (len > TARGET_NAME_MAX) {
        *err = _("host name longer than 253 characters");
        return false;
    }
    for (p = s;; p++) {
        if (*p == '.' || *p == '\0') {
            if (label == 0) {
                *err = _("host name has an empty label");
                return false;
            }
            if (label > 63) {
                *err = _("host name has a label longer than 63 characters");
                return false;
            }
            if (*start == '-' || p[-1] == '-') {
                *err = _("host name label starts or ends with a hyphen");
                return false;
            }
            if (*p == '\0')
                break;
            label = 0;
            start = p + 1;
            continue;
        }
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') {
            *err = _("host name contains a character that is not allowed");
            return false;
        }
        *p = (char)tolower((unsigned char)*p);
        label++;
    }
    return true;
}

char *
target_host_ascii(const char *name, const char **err)
{
    size_t len = strlen(name);
    char *copy, *out = NULL;
    const unsigned char *p;
    bool ascii = true;
    gnutls_datum_t idna = {NULL, 0};

    if (len > TARGET_NAME_MAX + 1) {
        *err = _("host name longer than 253 characters");
        return NULL;
    }
    copy = xstrdup(name);
    if (len > 1 && copy[len - 1] == '.')
        copy[len - 1] = '\0'; /* the root label: same name */
    for (p = (const unsigned char *)copy; *p; p++)
        if (*p >= 0x80)
            ascii = false;
    if (!ascii) {
        /* IDNA2008 via GnuTLS (libidn2), the same mapping GnuTLS applies
         * when it checks a certificate's names. */
        if (gnutls_idna_map(copy, (unsigned)strlen(copy), &idna, 0) < 0) {
            *err = _("host name is not a valid internationalised domain name");
            goto out;
        }
        free(copy);
        copy = xstrndup((const char *)idna.data, idna.size);
        gnutls_free(idna.data);
    }
    if (!check_ascii_name(copy, err))
        goto out;
    out = copy;
    copy = NULL;
out:
    free(copy);
    return out;
}

const char *
target_bad_char(const char *input, bool origin)
{
    const char *s = input, *end, *colon, *p;

    if (origin) {
        if (strncasecmp(s, "https://", 8) == 0)
            s += 8;
        if (*s == '[')
            return NULL; /* an IPv6 address: its own messages */
        end = s + strcspn(s, "/");
        /* One colon: the port follows it. */
        colon = memchr(s, ':', (size_t)(end - s));
        if (colon && !memchr(colon + 1, ':', (size_t)(end - colon - 1)))
            end = colon;
    } else {
        end = s + strlen(s);
    }
    for (p = s; p < end; p++)
        /* Bytes past ASCII are IDNA's to judge. */
        if ((unsigned char)*p < 0x80 && !isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
            *p != '.')
            return p;
    return NULL;
}

bool
target_parse(struct target *t, const char *input, unsigned default_port, const char **err)
{
    const char *s = input, *slash;
    char *buf = NULL, *host, *portstr = NULL, *colon;
    bool ok = false;

    target_init(t);
    if (strncasecmp(s, "https://", 8) == 0)
        s += 8;
    else if (strstr(s, "://")) {
        *err = _("only https:// origins can be checked");
        return false;
    }
    slash = strchr(s, '/');
    buf = host = slash ? xstrndup(s, (size_t)(slash - s)) : xstrdup(s);

    if (host[0] == '[') {
        char *close = strchr(host, ']');
        if (!close) {
            *err = _("missing ']' after an IPv6 address");
            goto out;
        }
        *close = '\0';
        if (close[1] == ':')
            portstr = close + 2;
        else if (close[1] != '\0') {
            *err = _("unexpected text after ']'");
            goto out;
        }
        host++; /* buf keeps the allocation */
        if (!is_ip_literal(host) || !strchr(host, ':')) {
            *err = _("not an IPv6 address inside [ ]");
            goto out;
        }
    } else if ((colon = strchr(host, ':')) && !strchr(colon + 1, ':')) {
        *colon = '\0';
        portstr = colon + 1;
    }

    t->https_port = default_port;
    if (portstr && !target_parse_port(portstr, &t->https_port)) {
        *err = _("port must be a number from 1 to 65535");
        goto out;
    }
    if (is_ip_literal(host)) {
        t->name = xstrdup(host);
        t->is_literal = true;
    } else if (strchr(host, ':')) {
        *err = _("not a valid IPv6 address");
        goto out;
    } else if (!(t->name = target_host_ascii(host, err))) {
        goto out;
    }
    t->input = xstrdup(input);
    ok = true;
out:
    free(buf);
    if (!ok)
        target_clear(t);
    return ok;
}

/* Parses one address, with or without [ ] around an IPv6 one, into a fresh
 * numeric string. */
static char *
parse_addr(const char *s, size_t n)
{
    char *a;

    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    a = xstrndup(s, n);
    if (!is_ip_literal(a)) {
        free(a);
        return NULL;
    }
    return a;
}

bool
target_parse_resolve(struct target_resolve *r, const char *spec, const char **err)
{
    const char *c1, *c2, *p, *comma;
    char *port = NULL, *name = NULL;
    bool ok = false;

    memset(r, 0, sizeof *r);
    c1 = strchr(spec, ':');
    c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c1 || !c2 || c2[1] == '\0') {
        *err = _("--resolve wants NAME:PORT:ADDRESS[,ADDRESS...]");
        return false;
    }
    name = xstrndup(spec, (size_t)(c1 - spec));
    if (!(r->name = target_host_ascii(name, err)))
        goto out;
    port = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
    if (!target_parse_port(port, &r->port)) {
        *err = _("--resolve: port must be a number from 1 to 65535");
        goto out;
    }
    for (p = c2 + 1; *p; p = comma ? comma + 1 : p + strlen(p)) {
        char *a;
        /* A bracketed IPv6 address may hold no comma, so split on commas. */
        comma = strchr(p, ',');
        a = parse_addr(p, comma ? (size_t)(comma - p) : strlen(p));
        if (!a) {
            *err = _("--resolve: not a valid IP address");
            goto out;
        }
        r->addrs = xreallocarray(r->addrs, r->naddrs + 1, sizeof *r->addrs);
        r->addrs[r->naddrs++] = a;
        if (!comma)
            break;
        if (comma[1] == '\0') {
            *err = _("--resolve: empty address after ','");
            goto out;
        }
    }
    ok = r->naddrs > 0;
    if (!ok)
        *err = _("--resolve: no address given");
out:
    free(name);
    free(port);
    if (!ok) {
        size_t i;
        for (i = 0; i < r->naddrs; i++)
            free(r->addrs[i]);
        free(r->addrs);
        free(r->name);
        memset(r, 0, sizeof *r);
    }
    return ok;
}

char *
target_parse_dns_servers(const char *spec, const char **err)
{
    char *out = xstrdup(""), *tmp;
    const char *p = spec, *end;

    if (!*spec) {
        *err = _("--dns-server: no server given");
        goto bad;
    }
    while (*p) {
        char *item, *addr, *portstr = NULL;
        unsigned port = 53;
        bool v6;

        end = strchr(p, ',');
        item = xstrndup(p, end ? (size_t)(end - p) : strlen(p));
        if (item[0] == '[') {
            char *close = strchr(item, ']');
            if (!close || (close[1] && close[1] != ':')) {
                free(item);
                *err = _("--dns-server: bad [IPv6]:PORT");
                goto bad;
            }
            *close = '\0';
            addr = item + 1;
            if (close[1] == ':')
                portstr = close + 2;
        } else {
            char *colon = strchr(item, ':');
            addr = item;
            if (colon && !strchr(colon + 1, ':')) {
                *colon = '\0';
                portstr = colon + 1;
            }
        }
        if (!is_ip_literal(addr) || (portstr && !target_parse_port(portstr, &port))) {
            free(item);
            *err = _("--dns-server wants IP[:PORT][,IP[:PORT]...]");
            goto bad;
        }
        v6 = strchr(addr, ':') != NULL;
        tmp = xasprintf("%s%s%s%s%s:%u", out, *out ? "," : "", v6 ? "[" : "", addr, v6 ? "]" : "",
                        port);
        free(out);
        out = tmp;
        free(item);
        if (!end)
            break;
        p = end + 1;
        if (!*p) {
            *err = _("--dns-server: empty entry");
            goto bad;
        }
    }
    return out;
bad:
    free(out);
    return NULL;
}

static const char *const proto_names[TARGET_PROTO_COUNT] = {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"};

bool
target_parse_proto(const char *s, enum target_proto *p)
{
    size_t i;

    for (i = 0; i < TARGET_PROTO_COUNT; i++)
        if (strcasecmp(s, proto_names[i]) == 0) {
            *p = (enum target_proto)i;
            return true;
        }
    if (strcasecmp(s, "TLSv1.0") == 0) {
        *p = TARGET_TLS10;
        return true;
    }
    return false;
}

const char *
target_proto_name(enum target_proto p)
{
    return p < TARGET_PROTO_COUNT ? proto_names[p] : "?";
}

#define X_NAME(e, name, text) name,
#define X_TEXT(e, name, text) text,
static const char *const policy_names[POLICY_COUNT] = {TARGET_POLICY_TABLE(X_NAME)};
static const char *const policy_texts[POLICY_COUNT] = {TARGET_POLICY_TABLE(X_TEXT)};
#undef X_NAME
#undef X_TEXT

bool
target_parse_policy(const char *s, enum target_policy *p)
{
    size_t i;

    for (i = 0; i < POLICY_COUNT; i++)
        if (strcasecmp(s, policy_names[i]) == 0) {
            *p = (enum target_policy)i;
            return true;
        }
    return false;
}

const char *
target_policy_name(enum target_policy p)
{
    return p < POLICY_COUNT ? policy_names[p] : "?";
}

const char *
target_policy_text(enum target_policy p)
{
    return p < POLICY_COUNT ? _(policy_texts[p]) : "?";
}

const char *
target_checked_name(const struct target *t)
{
    return t->host_header ? t->host_header : t->name;
}

const char *
target_sni(const struct target *t)
{
    const char *n = target_checked_name(t);
    return n == t->name && t->is_literal ? NULL : n;
}

bool
target_uses_tls(const struct target *t)
{
    return t->policy != POLICY_HTTP_ONLY;
}

unsigned
target_port(const struct target *t)
{
    return target_uses_tls(t) ? t->https_port : t->http_port;
}

enum target_proto
target_min_proto(const struct target *t)
{
    int p;

    for (p = 0; p < TARGET_PROTO_COUNT; p++)
        if (t->ssl_protocols & TARGET_PROTO_BIT(p))
            return (enum target_proto)p;
    return TARGET_TLS12; /* an empty set is never stored; CloudFront's default */
}

void
target_set_min_proto(struct target *t, enum target_proto min)
{
    int p;

    t->ssl_protocols = 0;
    for (p = (int)min; p < TARGET_PROTO_COUNT; p++)
        t->ssl_protocols |= TARGET_PROTO_BIT(p);
}

void
target_add_header(struct target *t, const char *name, const char *value)
{
    t->headers = xreallocarray(t->headers, t->nheaders + 1, sizeof *t->headers);
    t->headers[t->nheaders].name = xstrdup(name);
    t->headers[t->nheaders].value = xstrdup(value ? value : "");
    t->nheaders++;
}

static char *
dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void
target_copy(struct target *dst, const struct target *src)
{
    size_t i;

    *dst = *src; /* every scalar; the strings and the list below */
    dst->id = dup_or_null(src->id);
    dst->input = dup_or_null(src->input);
    dst->name = dup_or_null(src->name);
    dst->host_header = dup_or_null(src->host_header);
    dst->origin_path = dup_or_null(src->origin_path);
    dst->headers = NULL;
    dst->nheaders = 0;
    for (i = 0; i < src->nheaders; i++)
        target_add_header(dst, src->headers[i].name, src->headers[i].value);
}

void
target_configure(struct target *t, const struct target *defaults)
{
    unsigned given = t->https_port;
    size_t i;

    t->policy = defaults->policy;
    t->https_port = defaults->https_port;
    t->http_port = defaults->http_port;
    if (given && t->policy == POLICY_HTTP_ONLY)
        t->http_port = given;
    else if (given)
        t->https_port = given;
    t->ssl_protocols = defaults->ssl_protocols;
    t->connect_timeout_ms = defaults->connect_timeout_ms;
    t->connect_attempts = defaults->connect_attempts;
    t->read_timeout_ms = defaults->read_timeout_ms;
    t->keepalive_timeout_s = defaults->keepalive_timeout_s;
    free(t->host_header);
    t->host_header = dup_or_null(defaults->host_header);
    for (i = 0; i < defaults->nheaders; i++)
        target_add_header(t, defaults->headers[i].name, defaults->headers[i].value);
}

void
target_clear(struct target *t)
{
    size_t i;

    free(t->id);
    free(t->input);
    free(t->name);
    free(t->host_header);
    free(t->origin_path);
    for (i = 0; i < t->nheaders; i++) {
        free(t->headers[i].name);
        free(t->headers[i].value);
    }
    free(t->headers);
    memset(t, 0, sizeof *t);
}

void
target_settings_clear(struct target_settings *s)
{
    size_t i, j;

    free(s->dns_servers);
    free(s->ca_file);
    for (i = 0; i < s->nresolves; i++) {
        for (j = 0; j < s->resolves[i].naddrs; j++)
            free(s->resolves[i].addrs[j]);
        free(s->resolves[i].addrs);
        free(s->resolves[i].name);
    }
    free(s->resolves);
    memset(s, 0, sizeof *s);
}
