#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "distconfig.h"
#include "i18n.h"
#include "names.h"
#include "xmalloc.h"

#define X_NAME(e, name) name,
static const char *const kind_names[] = {DISTCONFIG_KIND_TABLE(X_NAME)};
static const char *const policy_names[] = {DISTCONFIG_POLICY_TABLE(X_NAME)};
static const char *const viewer_names[] = {DISTCONFIG_VIEWER_TABLE(X_NAME)};
static const char *const host_names[] = {DISTCONFIG_HOST_TABLE(X_NAME)};
#undef X_NAME

const char *
distconfig_kind_name(enum distconfig_kind k)
{
    return kind_names[k];
}
const char *
distconfig_policy_name(enum distconfig_policy p)
{
    return policy_names[p];
}
const char *
distconfig_viewer_name(enum distconfig_viewer v)
{
    return viewer_names[v];
}
const char *
distconfig_host_name(enum distconfig_host h)
{
    return host_names[h];
}

/* Managed policies, by id (CLOUDFRONT.md §11; AWS's pages "Use managed
 * origin request policies" and "Use managed cache policies"). */
static const struct {
    const char *id;
    const char *name;
    enum distconfig_host host;
} managed_policies[] = {
    /* origin request policies */
    {"216adef6-5c7f-47e4-b989-5492eafa07d3", "AllViewer", DC_HOST_YES},
    {"33f36d7e-f396-46d9-90e0-52428a34d9dc", "AllViewerAndCloudFrontHeaders-2022-06", DC_HOST_YES},
    {"bf0718e1-ba1e-49d1-88b1-f726733018ae", "HostHeaderOnly", DC_HOST_YES},
    {"b689b0a8-53d0-40ab-baf2-68738e2966ac", "AllViewerExceptHostHeader", DC_HOST_NO},
    {"59781a5b-3903-41f3-afcb-af62929ccde1", "CORS-CustomOrigin", DC_HOST_NO},
    {"88a5eaf4-2fd4-4709-b370-b4c650ea3fcf", "CORS-S3Origin", DC_HOST_NO},
    {"acba4595-bd28-49b8-b9fe-13317c0390fa", "UserAgentRefererHeaders", DC_HOST_NO},
    {"775133bc-15f2-49f9-abea-afb2e0bf67d2", "Elemental-MediaTailor-PersonalizedManifests",
     DC_HOST_NO},
    /* cache policies (headers in the cache key are sent to the origin) */
    {"658327ea-f89d-4fab-a63d-7e88639e58f6", "CachingOptimized", DC_HOST_NO},
    {"4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "CachingDisabled", DC_HOST_NO},
    {"2e54312d-136d-493c-8eb9-b001f22f67d2", "Amplify", DC_HOST_YES},
};

struct ctx {
    char *err;
};

static bool __attribute__((format(printf, 2, 3))) fail(struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    if (c->err)
        return false;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    c->err = xstrdup(buf);
    return false;
}

/* A printable, bounded string: no C0/C1 controls, no DEL, valid UTF-8. */
static bool
clean_string(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;

    while (p < end) {
        unsigned c = *p;
        size_t n, i;
        unsigned cp;
        if (c < 0x20 || c == 0x7f)
            return false;
        if (c < 0x80) {
            p++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if ((size_t)(end - p) <= n)
            return false;
        for (i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if (cp >= 0x80 && cp < 0xa0) /* C1 */
            return false;
        p += n + 1;
    }
    return true;
}

/* The member key of obj; required ones missing are an error. */
static const json_t *
member(struct ctx *c, const json_t *obj, const char *path, const char *key, bool required)
{
    const json_t *v = json_object_get(obj, key);
    if (!v && required)
        fail(c, _("%s%s%s is missing"), path, *path ? "." : "", key);
    return v;
}

static const json_t *
get_object(struct ctx *c, const json_t *obj, const char *path, const char *key, bool required)
{
    const json_t *v = member(c, obj, path, key, required);
    if (v && !json_is_object(v)) {
        fail(c, _("%s%s%s must be an object"), path, *path ? "." : "", key);
        return NULL;
    }
    return v;
}

/* A string member, validated and copied; NULL when absent (and not
 * required) or on error (c->err set). */
static char *
get_string(struct ctx *c, const json_t *obj, const char *path, const char *key, bool required)
{
    const json_t *v = member(c, obj, path, key, required);
    size_t len;

    if (!v)
        return NULL;
    if (!json_is_string(v)) {
        fail(c, _("%s%s%s must be a string"), path, *path ? "." : "", key);
        return NULL;
    }
    len = json_string_length(v);
    if (len > DISTCONFIG_MAX_STRING) {
        fail(c, _("%s%s%s is longer than %d bytes"), path, *path ? "." : "", key,
             DISTCONFIG_MAX_STRING);
        return NULL;
    }
    if (!clean_string(json_string_value(v), len)) {
        fail(c, _("%s%s%s contains control characters or invalid UTF-8"), path, *path ? "." : "",
             key);
        return NULL;
    }
    return xstrndup(json_string_value(v), len);
}

/* An integer member in [lo, hi]; def when absent and not required. */
static bool
get_uint(struct ctx *c, const json_t *obj, const char *path, const char *key, bool required,
         unsigned lo, unsigned hi, unsigned def, unsigned *out)
{
    const json_t *v = member(c, obj, path, key, required);
    json_int_t i;

    *out = def;
    if (!v)
        return !c->err;
    if (!json_is_integer(v))
        return fail(c, _("%s%s%s must be a whole number"), path, *path ? "." : "", key);
    i = json_integer_value(v);
    if (i < (json_int_t)lo || i > (json_int_t)hi)
        return fail(c, _("%s%s%s must be from %u to %u, not %lld"), path, *path ? "." : "", key, lo,
                    hi, (long long)i);
    *out = (unsigned)i;
    return true;
}

static bool
get_bool(struct ctx *c, const json_t *obj, const char *path, const char *key, bool *out)
{
    const json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v)
        return true;
    if (!json_is_boolean(v))
        return fail(c, _("%s%s%s must be true or false"), path, *path ? "." : "", key);
    *out = json_is_true(v);
    return true;
}

/* CloudFront's list shape {"Quantity": n, "Items": [...]}; Items may be
 * absent when Quantity is 0.  Returns the Items array (NULL when empty),
 * checked against Quantity and max. *ok false on error. */
static const json_t *
get_list(struct ctx *c, const json_t *obj, const char *path, const char *key, bool required,
         size_t max, bool *ok)
{
    char p[512];
    const json_t *l = get_object(c, obj, path, key, required), *items;
    unsigned q;

    *ok = !c->err;
    if (!l)
        return NULL;
    snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", key);
    if (!get_uint(c, l, p, "Quantity", true, 0, 1000000, 0, &q)) {
        *ok = false;
        return NULL;
    }
    items = json_object_get(l, "Items");
    if (!items) {
        if (q != 0) {
            *ok = fail(c, _("%s.Items is missing (Quantity is %u)"), p, q);
            return NULL;
        }
        return NULL;
    }
    if (!json_is_array(items)) {
        *ok = fail(c, _("%s.Items must be an array"), p);
        return NULL;
    }
    if (json_array_size(items) != q) {
        *ok = fail(c, _("%s.Items has %zu entries but Quantity says %u"), p, json_array_size(items),
                   q);
        return NULL;
    }
    if (q > max) {
        *ok = fail(c, _("%s has %u entries; origin-doctor reads at most %zu"), p, q, max);
        return NULL;
    }
    return q ? items : NULL;
}

static char *
host_name(struct ctx *c, const char *path, const char *raw)
{
    const char *e = NULL;
    char *h = target_host_ascii(raw, &e);
    if (!h)
        fail(c, _("%s is not a valid host name (%s)"), path, e);
    return h;
}

static bool
parse_ssl_protocols(struct ctx *c, const json_t *coc, const char *path, struct distconfig_origin *o)
{
    char p[512];
    bool ok;
    const json_t *items;
    size_t i;

    snprintf(p, sizeof p, "%s", path);
    items = get_list(c, coc, p, "OriginSslProtocols", true, 8, &ok);
    if (!ok)
        return false;
    o->ssl_protocols = 0;
    for (i = 0; items && i < json_array_size(items); i++) {
        const json_t *v = json_array_get(items, i);
        enum target_proto tp;
        if (!json_is_string(v) || !target_parse_proto(json_string_value(v), &tp))
            return fail(c,
                        _("%s.OriginSslProtocols.Items[%zu] must be SSLv3, TLSv1, TLSv1.1 or "
                          "TLSv1.2"),
                        p, i);
        o->ssl_protocols |= 1u << tp;
    }
    if (o->policy != DC_HTTP_ONLY && o->ssl_protocols == 0)
        return fail(c, _("%s.OriginSslProtocols lists no protocol"), p);
    for (i = TARGET_SSLV3; i <= TARGET_TLS12; i++)
        if (o->ssl_protocols & (1u << i)) {
            o->min_proto = (enum target_proto)i;
            break;
        }
    return true;
}

static bool
is_s3_name(const char *d)
{
    size_t n = strlen(d);
    return (n > 17 && strcmp(d + n - 17, ".s3.amazonaws.com") == 0) ||
           (strstr(d, ".s3.") && n > 14 && strcmp(d + n - 14, ".amazonaws.com") == 0) ||
           (strstr(d, ".s3-") && n > 14 && strcmp(d + n - 14, ".amazonaws.com") == 0);
}

static bool
parse_origin(struct ctx *c, const json_t *j, size_t idx, struct distconfig_origin *o)
{
    char p[128], q[192];
    const json_t *coc, *s3, *vpc, *shield, *hdrs;
    char *raw;
    bool ok;
    size_t i;

    snprintf(p, sizeof p, "Origins.Items[%zu]", idx);
    if (!json_is_object(j))
        return fail(c, _("%s must be an object"), p);
    o->connection_attempts = 3;
    o->connection_timeout_s = 10;
    o->read_timeout_s = 30;
    o->keepalive_timeout_s = 5;
    o->http_port = 80;
    o->https_port = 443;
    o->policy = DC_HTTPS_ONLY;
    o->min_proto = TARGET_TLS12;
    if (!(o->id = get_string(c, j, p, "Id", true)))
        return false;
    if (!*o->id)
        return fail(c, _("%s.Id is empty"), p);
    if (!(raw = get_string(c, j, p, "DomainName", true)))
        return false;
    snprintf(q, sizeof q, "%s.DomainName", p);
    o->domain_name = host_name(c, q, raw);
    free(raw);
    if (!o->domain_name)
        return false;
    o->origin_path = get_string(c, j, p, "OriginPath", false);
    if (c->err)
        return false;
    if (!get_uint(c, j, p, "ConnectionAttempts", false, 1, 3, 3, &o->connection_attempts) ||
        !get_uint(c, j, p, "ConnectionTimeout", false, 1, 10, 10, &o->connection_timeout_s))
        return false;
    if ((shield = get_object(c, j, p, "OriginShield", false)) != NULL) {
        snprintf(q, sizeof q, "%s.OriginShield", p);
        if (!get_bool(c, shield, q, "Enabled", &o->origin_shield))
            return false;
    } else if (c->err) {
        return false;
    }
    hdrs = get_list(c, j, p, "CustomHeaders", false, DISTCONFIG_MAX_HEADERS, &ok);
    if (!ok)
        return false;
    for (i = 0; hdrs && i < json_array_size(hdrs); i++) {
        const json_t *h = json_array_get(hdrs, i);
        snprintf(q, sizeof q, "%s.CustomHeaders.Items[%zu]", p, i);
        if (!json_is_object(h))
            return fail(c, _("%s must be an object"), q);
        o->headers = xreallocarray(o->headers, o->nheaders + 1, sizeof *o->headers);
        o->headers[o->nheaders].name = get_string(c, h, q, "HeaderName", true);
        o->headers[o->nheaders].value = get_string(c, h, q, "HeaderValue", true);
        o->nheaders++;
        if (c->err)
            return false;
    }

    coc = get_object(c, j, p, "CustomOriginConfig", false);
    s3 = get_object(c, j, p, "S3OriginConfig", false);
    vpc = get_object(c, j, p, "VpcOriginConfig", false);
    if (c->err)
        return false;
    if ((coc != NULL) + (s3 != NULL) + (vpc != NULL) > 1)
        return fail(c,
                    _("%s has more than one of CustomOriginConfig, S3OriginConfig and "
                      "VpcOriginConfig"),
                    p);
    if (s3) {
        o->kind = DC_S3;
        o->skip_reason = N_("an Amazon S3 bucket origin: CloudFront reaches it inside AWS, "
                            "with no custom-origin TLS check to reproduce");
        return true;
    }
    if (vpc) {
        o->kind = DC_VPC;
        o->skip_reason = N_("a VPC origin: CloudFront reaches it inside the VPC, which this "
                            "machine cannot do");
        return true;
    }
    if (!coc) {
        /* AWS always writes one of the three; a saved or emulated config
         * may carry none.  An S3 endpoint name is still an S3 origin. */
        o->kind = is_s3_name(o->domain_name) ? DC_S3 : DC_OTHER;
        o->skip_reason = o->kind == DC_S3
                             ? N_("an Amazon S3 bucket origin: CloudFront reaches it inside "
                                  "AWS, with no custom-origin TLS check to reproduce")
                             : N_("no CustomOriginConfig: not a custom origin, so not probed");
        return true;
    }
    o->kind = DC_CUSTOM;
    snprintf(q, sizeof q, "%s.CustomOriginConfig", p);
    {
        char *pol = get_string(c, coc, q, "OriginProtocolPolicy", true);
        size_t k;
        if (!pol)
            return false;
        for (k = 0; k < sizeof policy_names / sizeof *policy_names; k++)
            if (strcmp(pol, policy_names[k]) == 0)
                break;
        free(pol);
        if (k == sizeof policy_names / sizeof *policy_names)
            return fail(c,
                        _("%s.OriginProtocolPolicy must be https-only, match-viewer or "
                          "http-only"),
                        q);
        o->policy = (enum distconfig_policy)k;
    }
    /* Ports: 80, 443 or 1024-65535 (CLOUDFRONT.md §5). */
    if (!get_uint(c, coc, q, "HTTPPort", true, 1, 65535, 80, &o->http_port) ||
        !get_uint(c, coc, q, "HTTPSPort", true, 1, 65535, 443, &o->https_port))
        return false;
    if ((o->http_port != 80 && o->http_port != 443 && o->http_port < 1024) ||
        (o->https_port != 80 && o->https_port != 443 && o->https_port < 1024))
        return fail(c, _("%s: CloudFront allows ports 80, 443 and 1024-65535 only"), q);
    if (!get_uint(c, coc, q, "OriginReadTimeout", false, 1, 180, 30, &o->read_timeout_s) ||
        !get_uint(c, coc, q, "OriginKeepaliveTimeout", false, 1, 180, 5, &o->keepalive_timeout_s))
        return false;
    if (json_object_get(coc, "OriginSslProtocols") || o->policy != DC_HTTP_ONLY) {
        if (!parse_ssl_protocols(c, coc, q, o))
            return false;
    }
    o->mtls = json_object_get(coc, "OriginMtlsConfig") != NULL;
    return true;
}

static enum distconfig_host
managed_host(const char *id, const char **name)
{
    size_t i;
    for (i = 0; i < sizeof managed_policies / sizeof *managed_policies; i++)
        if (strcmp(id, managed_policies[i].id) == 0) {
            *name = managed_policies[i].name;
            return managed_policies[i].host;
        }
    return DC_HOST_UNKNOWN;
}

static int
find_origin(const struct distconfig *dc, const char *id)
{
    size_t i;
    for (i = 0; i < dc->norigins; i++)
        if (strcmp(dc->origins[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_group(const struct distconfig *dc, const char *id)
{
    size_t i;
    for (i = 0; i < dc->ngroups; i++)
        if (strcmp(dc->groups[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* The Host decision of a behaviour: legacy ForwardedValues, then the
 * origin request policy, then the cache policy.  Forwarded by any of
 * them wins; else unknown if one is unknown; else not forwarded. */
static bool
decide_host(struct ctx *c, const json_t *j, const char *p, struct distconfig_behavior *b)
{
    const json_t *fv;
    char q[256];
    char *orp = NULL, *cp = NULL;
    bool ok, legacy = false;
    const char *name = NULL;
    enum distconfig_host h;
    size_t i;

    b->host = DC_HOST_NO;
    b->host_why = N_("no header forwarding configured: CloudFront sends the origin's own name");
    if ((fv = get_object(c, j, p, "ForwardedValues", false)) != NULL) {
        const json_t *items;
        snprintf(q, sizeof q, "%s.ForwardedValues", p);
        items = get_list(c, fv, q, "Headers", false, 1000, &ok);
        if (!ok)
            return false;
        for (i = 0; items && i < json_array_size(items); i++) {
            const json_t *v = json_array_get(items, i);
            if (!json_is_string(v))
                return fail(c, _("%s.Headers.Items[%zu] must be a string"), q, i);
            if (strcasecmp(json_string_value(v), "Host") == 0 ||
                strcmp(json_string_value(v), "*") == 0)
                legacy = true;
        }
        b->host_why = N_("ForwardedValues.Headers does not list Host: CloudFront sends the "
                         "origin's own name");
    } else if (c->err) {
        return false;
    }
    if (legacy) {
        b->host = DC_HOST_YES;
        b->host_why = N_("ForwardedValues.Headers lists Host (or *): the viewer's Host is "
                         "forwarded");
        return true;
    }
    if (!(orp = get_string(c, j, p, "OriginRequestPolicyId", false)) && c->err)
        return false;
    if (!(cp = get_string(c, j, p, "CachePolicyId", false)) && c->err) {
        free(orp);
        return false;
    }
    if (orp && *orp) {
        h = managed_host(orp, &name);
        if (h == DC_HOST_YES) {
            b->host = DC_HOST_YES;
            b->host_why = N_("a managed origin request policy that forwards the viewer's Host");
            goto out;
        }
        if (h == DC_HOST_UNKNOWN) {
            b->host = DC_HOST_UNKNOWN;
            b->host_why = N_("a custom origin request policy not read yet: Host may or may not "
                             "be forwarded");
            b->policy_id = orp;
            orp = NULL;
        } else {
            b->host_why = N_("a managed origin request policy that does not forward Host");
        }
    }
    if (cp && *cp) {
        h = managed_host(cp, &name);
        if (h == DC_HOST_YES) {
            b->host = DC_HOST_YES;
            b->host_why = N_("a managed cache policy with Host in the cache key: the viewer's "
                             "Host is forwarded");
            free(b->policy_id);
            b->policy_id = NULL;
        } else if (h == DC_HOST_UNKNOWN) {
            b->host = DC_HOST_UNKNOWN;
            if (!b->policy_id)
                b->host_why = N_("a cache policy not read yet: Host may or may not be in its "
                                 "cache key");
            b->cache_policy_id = cp;
            cp = NULL;
        }
    }
out:
    free(orp);
    free(cp);
    return true;
}

static bool
parse_behavior(struct ctx *c, struct distconfig *dc, const json_t *j, const char *p,
               bool is_default, struct distconfig_behavior *b)
{
    char *v;
    size_t k;
    bool ok;
    const json_t *l;

    b->origin = b->group = -1;
    if (!json_is_object(j))
        return fail(c, _("%s must be an object"), p);
    if (is_default)
        b->path = xstrdup("*");
    else if (!(b->path = get_string(c, j, p, "PathPattern", true)))
        return false;
    if (!(b->target_id = get_string(c, j, p, "TargetOriginId", true)))
        return false;
    b->origin = find_origin(dc, b->target_id);
    if (b->origin < 0)
        b->group = find_group(dc, b->target_id);
    if (b->origin < 0 && b->group < 0)
        return fail(c, _("%s.TargetOriginId names no origin or origin group"), p);
    if (!(v = get_string(c, j, p, "ViewerProtocolPolicy", true)))
        return false;
    for (k = 0; k < sizeof viewer_names / sizeof *viewer_names; k++)
        if (strcmp(v, viewer_names[k]) == 0)
            break;
    free(v);
    if (k == sizeof viewer_names / sizeof *viewer_names)
        return fail(c,
                    _("%s.ViewerProtocolPolicy must be allow-all, redirect-to-https or "
                      "https-only"),
                    p);
    b->viewer = (enum distconfig_viewer)k;
    if (!decide_host(c, j, p, b))
        return false;
    l = get_list(c, j, p, "LambdaFunctionAssociations", false, 100, &ok);
    if (!ok)
        return false;
    b->edge_code = l != NULL;
    l = get_list(c, j, p, "FunctionAssociations", false, 100, &ok);
    if (!ok)
        return false;
    b->edge_code = b->edge_code || l != NULL;
    return true;
}

static bool
parse_groups(struct ctx *c, struct distconfig *dc, const json_t *cfg)
{
    bool ok;
    const json_t *items = get_list(c, cfg, "", "OriginGroups", false, DISTCONFIG_MAX_GROUPS, &ok);
    size_t i, k;

    if (!ok)
        return false;
    for (i = 0; items && i < json_array_size(items); i++) {
        const json_t *g = json_array_get(items, i), *fc, *members, *codes;
        struct distconfig_group *dg;
        char p[96], q[160];

        snprintf(p, sizeof p, "OriginGroups.Items[%zu]", i);
        if (!json_is_object(g))
            return fail(c, _("%s must be an object"), p);
        dc->groups = xreallocarray(dc->groups, dc->ngroups + 1, sizeof *dc->groups);
        dg = &dc->groups[dc->ngroups++];
        memset(dg, 0, sizeof *dg);
        if (!(dg->id = get_string(c, g, p, "Id", true)))
            return false;
        if (find_origin(dc, dg->id) >= 0 || find_group(dc, dg->id) != (int)dc->ngroups - 1)
            return fail(c, _("%s.Id is the id of another origin or group"), p);
        members = get_list(c, g, p, "Members", true, 8, &ok);
        if (!ok)
            return false;
        for (k = 0; members && k < json_array_size(members); k++) {
            const json_t *m = json_array_get(members, k);
            char *oid;
            int o;
            snprintf(q, sizeof q, "%s.Members.Items[%zu]", p, k);
            if (!json_is_object(m))
                return fail(c, _("%s must be an object"), q);
            if (!(oid = get_string(c, m, q, "OriginId", true)))
                return false;
            o = find_origin(dc, oid);
            free(oid);
            if (o < 0)
                return fail(c, _("%s.OriginId names no origin"), q);
            dg->members = xreallocarray(dg->members, dg->nmembers + 1, sizeof *dg->members);
            dg->members[dg->nmembers++] = (size_t)o;
        }
        if (!(fc = get_object(c, g, p, "FailoverCriteria", false)) && c->err)
            return false;
        if (fc) {
            snprintf(q, sizeof q, "%s.FailoverCriteria", p);
            codes = get_list(c, fc, q, "StatusCodes", true, 32, &ok);
            if (!ok)
                return false;
            for (k = 0; codes && k < json_array_size(codes); k++) {
                const json_t *v = json_array_get(codes, k);
                if (!json_is_integer(v) || json_integer_value(v) < 100 ||
                    json_integer_value(v) > 599)
                    return fail(c, _("%s.StatusCodes.Items[%zu] must be an HTTP status code"), q,
                                k);
                dg->status_codes =
                    xreallocarray(dg->status_codes, dg->ncodes + 1, sizeof *dg->status_codes);
                dg->status_codes[dg->ncodes++] = (int)json_integer_value(v);
            }
        }
    }
    return true;
}

static bool
parse_config(struct ctx *c, struct distconfig *dc, const json_t *cfg)
{
    const json_t *items, *def;
    bool ok;
    size_t i;

    if (!get_bool(c, cfg, "", "Enabled", &dc->enabled))
        return false;
    items = get_list(c, cfg, "", "Aliases", false, DISTCONFIG_MAX_ALIASES, &ok);
    if (!ok)
        return false;
    for (i = 0; items && i < json_array_size(items); i++) {
        const json_t *v = json_array_get(items, i);
        char p[64], *h;
        snprintf(p, sizeof p, "Aliases.Items[%zu]", i);
        if (!json_is_string(v))
            return fail(c, _("%s must be a string"), p);
        if (json_string_length(v) > DISTCONFIG_MAX_STRING ||
            !clean_string(json_string_value(v), json_string_length(v)))
            return fail(c, _("%s contains control characters, invalid UTF-8 or is too long"), p);
        /* A wildcard alias ("*.example.com") is kept for the look-up of
         * a viewer's host; no viewer sends it, so it is never probed. */
        if (strncmp(json_string_value(v), "*.", 2) == 0) {
            char *d = host_name(c, p, json_string_value(v) + 2);
            if (!d)
                return false;
            h = xasprintf("*.%s", d);
            free(d);
        } else if (!(h = host_name(c, p, json_string_value(v)))) {
            return false;
        }
        dc->aliases = xreallocarray(dc->aliases, dc->naliases + 1, sizeof *dc->aliases);
        dc->aliases[dc->naliases++] = h;
    }
    items = get_list(c, cfg, "", "Origins", true, DISTCONFIG_MAX_ORIGINS, &ok);
    if (!ok)
        return false;
    if (!items)
        return fail(c, _("Origins lists no origin"));
    dc->origins = xcalloc(json_array_size(items), sizeof *dc->origins);
    for (i = 0; i < json_array_size(items); i++) {
        dc->norigins++;
        if (!parse_origin(c, json_array_get(items, i), i, &dc->origins[i]))
            return false;
        if (find_origin(dc, dc->origins[i].id) != (int)i)
            return fail(c, _("Origins.Items[%zu].Id repeats the id of another origin"), i);
    }
    if (!parse_groups(c, dc, cfg))
        return false;
    items = get_list(c, cfg, "", "CacheBehaviors", false, DISTCONFIG_MAX_BEHAVIORS, &ok);
    if (!ok)
        return false;
    if (!(def = get_object(c, cfg, "", "DefaultCacheBehavior", true)))
        return false;
    dc->behaviors = xcalloc((items ? json_array_size(items) : 0) + 1, sizeof *dc->behaviors);
    for (i = 0; items && i < json_array_size(items); i++) {
        char p[64];
        snprintf(p, sizeof p, "CacheBehaviors.Items[%zu]", i);
        dc->nbehaviors++;
        if (!parse_behavior(c, dc, json_array_get(items, i), p, false, &dc->behaviors[i]))
            return false;
    }
    dc->nbehaviors++;
    return parse_behavior(c, dc, def, "DefaultCacheBehavior", true, &dc->behaviors[i]);
}

bool
distconfig_parse(const json_t *doc, struct distconfig *dc, char **err)
{
    struct ctx c = {NULL};
    const json_t *cfg = NULL, *dist;

    memset(dc, 0, sizeof *dc);
    *err = NULL;
    if (!json_is_object(doc)) {
        *err = xstrdup(_("the document is not a JSON object"));
        return false;
    }
    if ((dist = json_object_get(doc, "Distribution")) != NULL) {
        /* get-distribution */
        if (!json_is_object(dist)) {
            fail(&c, _("Distribution must be an object"));
            goto out;
        }
        if (!(dc->id = get_string(&c, dist, "Distribution", "Id", true)))
            goto out;
        if (!(dc->domain_name = get_string(&c, dist, "Distribution", "DomainName", false)) && c.err)
            goto out;
        if (!(dc->status = get_string(&c, dist, "Distribution", "Status", false)) && c.err)
            goto out;
        cfg = get_object(&c, dist, "Distribution", "DistributionConfig", true);
    } else if (json_object_get(doc, "DistributionConfig")) {
        /* get-distribution-config */
        cfg = get_object(&c, doc, "", "DistributionConfig", true);
    } else if (json_object_get(doc, "Origins")) {
        cfg = doc; /* a bare DistributionConfig */
    } else {
        fail(&c, _("neither Distribution, DistributionConfig nor Origins found: not a CloudFront "
                   "distribution configuration"));
        goto out;
    }
    if (!cfg)
        goto out;
    if (!(dc->etag = get_string(&c, doc, "", "ETag", false)) && c.err)
        goto out;
    parse_config(&c, dc, cfg);
out:
    if (c.err) {
        *err = c.err;
        distconfig_clear(dc);
        return false;
    }
    return true;
}

bool
distconfig_set_policy(struct distconfig *dc, const char *id, const json_t *policy)
{
    const json_t *cfg, *hc = NULL, *hl;
    const char *behavior;
    bool yes = false, listed = false, is_cache;
    size_t i, k;

    /* get-origin-request-policy: OriginRequestPolicy.OriginRequestPolicyConfig.HeadersConfig;
     * get-cache-policy:
     * CachePolicy.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig. */
    if ((cfg = json_object_get(json_object_get(policy, "OriginRequestPolicy"),
                               "OriginRequestPolicyConfig"))) {
        hc = json_object_get(cfg, "HeadersConfig");
        is_cache = false;
    } else if ((cfg =
                    json_object_get(json_object_get(policy, "CachePolicy"), "CachePolicyConfig"))) {
        hc = json_object_get(json_object_get(cfg, "ParametersInCacheKeyAndForwardedToOrigin"),
                             "HeadersConfig");
        is_cache = true;
    } else {
        return false;
    }
    behavior = json_string_value(json_object_get(hc, "HeaderBehavior"));
    if (!behavior)
        return false;
    hl = json_object_get(json_object_get(hc, "Headers"), "Items");
    for (k = 0; json_is_array(hl) && k < json_array_size(hl); k++) {
        const char *h = json_string_value(json_array_get(hl, k));
        if (h && strcasecmp(h, "Host") == 0)
            listed = true;
    }
    if (strcmp(behavior, "allViewer") == 0 ||
        strcmp(behavior, "allViewerAndWhitelistCloudFront") == 0)
        yes = true;
    else if (strcmp(behavior, "whitelist") == 0)
        yes = listed;
    else if (strcmp(behavior, "allExcept") == 0)
        yes = !listed;
    else if (strcmp(behavior, "none") == 0)
        yes = false;
    else
        return false;
    for (i = 0; i < dc->nbehaviors; i++) {
        struct distconfig_behavior *b = &dc->behaviors[i];
        char **slot = is_cache ? &b->cache_policy_id : &b->policy_id;
        if (!*slot || strcmp(*slot, id) != 0)
            continue;
        free(*slot);
        *slot = NULL;
        if (yes) {
            b->host = DC_HOST_YES;
            b->host_why = is_cache ? N_("the custom cache policy has Host in its cache key: the "
                                        "viewer's Host is forwarded")
                                   : N_("the custom origin request policy forwards the viewer's "
                                        "Host");
            free(b->policy_id);
            free(b->cache_policy_id);
            b->policy_id = b->cache_policy_id = NULL;
        } else if (!b->policy_id && !b->cache_policy_id && b->host == DC_HOST_UNKNOWN) {
            b->host = DC_HOST_NO;
            b->host_why = N_("the custom policies do not forward Host: CloudFront sends the "
                             "origin's own name");
        }
    }
    return true;
}

static void
add_target(struct distconfig_target **ts, size_t *n, size_t origin, bool tls, unsigned port,
           const char *host, bool assumed, const char *behavior)
{
    struct distconfig_target *t = NULL;
    size_t i;

    for (i = 0; i < *n; i++) {
        struct distconfig_target *x = &(*ts)[i];
        if (x->origin == origin && x->tls == tls && x->port == port &&
            ((!x->host_header && !host) ||
             (x->host_header && host && strcmp(x->host_header, host) == 0))) {
            t = x;
            break;
        }
    }
    if (!t) {
        *ts = xreallocarray(*ts, *n + 1, sizeof **ts);
        t = &(*ts)[(*n)++];
        memset(t, 0, sizeof *t);
        t->origin = origin;
        t->tls = tls;
        t->port = port;
        t->host_header = host ? xstrdup(host) : NULL;
        t->host_assumed = assumed;
    } else if (!assumed) {
        t->host_assumed = false; /* some behaviour sends it for certain */
    }
    for (i = 0; i < t->nbehaviors; i++)
        if (strcmp(t->behaviors[i], behavior) == 0)
            return;
    t->behaviors = xreallocarray(t->behaviors, t->nbehaviors + 1, sizeof *t->behaviors);
    t->behaviors[t->nbehaviors++] = xstrdup(behavior);
}

/* The probes one behaviour implies for one (custom) origin. */
static void
behavior_targets(const struct distconfig *dc, const struct distconfig_behavior *b, size_t oi,
                 struct distconfig_target **ts, size_t *n)
{
    const struct distconfig_origin *o = &dc->origins[oi];
    bool https = o->policy == DC_HTTPS_ONLY || o->policy == DC_MATCH_VIEWER;
    bool http = o->policy == DC_HTTP_ONLY ||
                (o->policy == DC_MATCH_VIEWER && b->viewer == DC_VIEWER_ALLOW_ALL);
    size_t a;

    if (http)
        add_target(ts, n, oi, false, o->http_port, NULL, false, b->path);
    if (!https)
        return;
    if (b->host == DC_HOST_NO || b->host == DC_HOST_UNKNOWN)
        add_target(ts, n, oi, true, o->https_port, NULL, b->host == DC_HOST_UNKNOWN, b->path);
    if (b->host == DC_HOST_YES || b->host == DC_HOST_UNKNOWN) {
        /* The viewer's Host: each alternate domain name a viewer can
         * send (not a wildcard one) and the viewer's host that only a
         * wildcard covers, or the distribution's own name when there is
         * none of these. */
        size_t names = 0;
        for (a = 0; a < dc->naliases; a++)
            if (strncmp(dc->aliases[a], "*.", 2) != 0) {
                add_target(ts, n, oi, true, o->https_port, dc->aliases[a],
                           b->host == DC_HOST_UNKNOWN, b->path);
                names++;
            }
        if (dc->viewer_host) {
            add_target(ts, n, oi, true, o->https_port, dc->viewer_host, b->host == DC_HOST_UNKNOWN,
                       b->path);
            names++;
        }
        if (names == 0 && dc->domain_name)
            add_target(ts, n, oi, true, o->https_port, dc->domain_name, b->host == DC_HOST_UNKNOWN,
                       b->path);
        if (names == 0 && !dc->domain_name && b->host == DC_HOST_YES)
            /* No viewer name known at all: the origin's own name is the
             * only one there is to check. */
            add_target(ts, n, oi, true, o->https_port, NULL, false, b->path);
    }
}

void
distconfig_targets(const struct distconfig *dc, struct distconfig_target **out, size_t *n)
{
    struct distconfig_target *ts = NULL;
    size_t nt = 0, oi, bi, m;

    /* Origin by origin, so that the list follows the configuration. */
    for (oi = 0; oi < dc->norigins; oi++) {
        if (dc->origins[oi].kind != DC_CUSTOM)
            continue;
        for (bi = 0; bi < dc->nbehaviors; bi++) {
            const struct distconfig_behavior *b = &dc->behaviors[bi];
            bool reaches = b->origin == (int)oi;
            if (b->group >= 0)
                for (m = 0; m < dc->groups[b->group].nmembers; m++)
                    reaches = reaches || dc->groups[b->group].members[m] == oi;
            if (reaches)
                behavior_targets(dc, b, oi, &ts, &nt);
        }
    }
    *out = ts;
    *n = nt;
}

size_t
distconfig_origin_behaviors(const struct distconfig *dc, size_t origin, size_t *out, size_t max)
{
    size_t bi, m, n = 0;

    for (bi = 0; bi < dc->nbehaviors; bi++) {
        const struct distconfig_behavior *b = &dc->behaviors[bi];
        bool reaches = b->origin == (int)origin;
        if (b->group >= 0)
            for (m = 0; m < dc->groups[b->group].nmembers; m++)
                reaches = reaches || dc->groups[b->group].members[m] == origin;
        if (reaches) {
            if (n < max)
                out[n] = bi;
            n++;
        }
    }
    return n;
}

bool
distconfig_path_match(const char *pattern, const char *path)
{
    const char *p = pattern, *s = path;

    /* "/images/x*" and "images/x*" are the same pattern; the viewer's path
     * always starts with '/', so both lose it.  The query string is not
     * matched; case is. */
    if (*p == '/')
        p++;
    if (*s == '/')
        s++;
    return names_glob(p, s, strcspn(s, "?"), false);
}

size_t
distconfig_behavior_for(const struct distconfig *dc, const char *path)
{
    size_t i;

    /* The default behaviour is the last, and its "*" matches anything. */
    for (i = 0; i + 1 < dc->nbehaviors; i++)
        if (distconfig_path_match(dc->behaviors[i].path, path ? path : "/"))
            return i;
    return dc->nbehaviors ? dc->nbehaviors - 1 : 0;
}

int
distconfig_alias_rank(const char *alias, const char *host)
{
    size_t na, nh;

    if (strcasecmp(alias, host) == 0)
        return DISTCONFIG_RANK_EXACT;
    if (strncmp(alias, "*.", 2) != 0)
        return -1;
    /* "*.D" covers "X.D" for any non-empty X (one label or several). */
    na = strlen(alias + 1); /* ".D" */
    nh = strlen(host);
    if (na < 2 || nh <= na || host[nh - na - 1] == '.' ||
        strcasecmp(host + nh - na, alias + 1) != 0)
        return -1;
    return (int)(na - 1 < DISTCONFIG_RANK_EXACT ? na - 1 : DISTCONFIG_RANK_EXACT - 1);
}

int
distconfig_host_rank(const struct distconfig *dc, const char *host)
{
    int best = -1, r;
    size_t i;

    if (dc->domain_name && strcasecmp(dc->domain_name, host) == 0)
        return DISTCONFIG_RANK_EXACT;
    for (i = 0; i < dc->naliases; i++)
        if ((r = distconfig_alias_rank(dc->aliases[i], host)) > best)
            best = r;
    return best;
}

bool
distconfig_serves_host(const struct distconfig *dc, const char *host)
{
    return distconfig_host_rank(dc, host) >= 0;
}

void
distconfig_set_viewer_host(struct distconfig *dc, const char *host)
{
    size_t i;
    int r = distconfig_host_rank(dc, host);

    if (r < 0 || r == DISTCONFIG_RANK_EXACT)
        return;
    free(dc->viewer_host);
    dc->viewer_host = xstrdup(host);
    for (i = 0; dc->viewer_host[i]; i++)
        dc->viewer_host[i] = (char)tolower((unsigned char)dc->viewer_host[i]);
}

bool
distconfig_target_serves(const struct distconfig *dc, const struct distconfig_target *t, size_t b)
{
    size_t k;

    if (b >= dc->nbehaviors)
        return false;
    for (k = 0; k < t->nbehaviors; k++)
        if (strcmp(t->behaviors[k], dc->behaviors[b].path) == 0)
            return true;
    return false;
}

void
distconfig_targets_free(struct distconfig_target *t, size_t n)
{
    size_t i, k;
    for (i = 0; i < n; i++) {
        free(t[i].host_header);
        for (k = 0; k < t[i].nbehaviors; k++)
            free(t[i].behaviors[k]);
        free(t[i].behaviors);
    }
    free(t);
}

void
distconfig_clear(struct distconfig *dc)
{
    size_t i, k;

    free(dc->id);
    free(dc->domain_name);
    free(dc->status);
    free(dc->etag);
    for (i = 0; i < dc->naliases; i++)
        free(dc->aliases[i]);
    free(dc->aliases);
    free(dc->viewer_host);
    for (i = 0; i < dc->norigins; i++) {
        struct distconfig_origin *o = &dc->origins[i];
        free(o->id);
        free(o->domain_name);
        free(o->origin_path);
        for (k = 0; k < o->nheaders; k++) {
            free(o->headers[k].name);
            free(o->headers[k].value);
        }
        free(o->headers);
    }
    free(dc->origins);
    for (i = 0; i < dc->ngroups; i++) {
        free(dc->groups[i].id);
        free(dc->groups[i].members);
        free(dc->groups[i].status_codes);
    }
    free(dc->groups);
    for (i = 0; i < dc->nbehaviors; i++) {
        free(dc->behaviors[i].path);
        free(dc->behaviors[i].target_id);
        free(dc->behaviors[i].policy_id);
        free(dc->behaviors[i].cache_policy_id);
    }
    free(dc->behaviors);
    memset(dc, 0, sizeof *dc);
}
