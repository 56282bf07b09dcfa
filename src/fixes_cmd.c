#include "config.h"

/* The command vocabulary of the fix guides (the contract is in
 * fixes_cmd.h).  Inside, a command is written as shell syntax we own (raw:
 * the program, its flags, numbers) and words made from values (quoted).  A
 * word is built as literal text plus the places where unknowns go, so the
 * quoting is decided once over the whole word. */

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixes_cmd.h"
#include "i18n.h"
#include "sanitize.h"
#include "xmalloc.h"

/* ------------------------------------------------------ string builder */

/* Appends n bytes of s (the text stays NUL-terminated): the plain part of
 * building commands, one character at a time while quoting, without going
 * through vsnprintf twice per character (the fix guides of 10,000 origins
 * spent 20% of the run's CPU there). */
static void
buf_put(struct fixes_cmd_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void
fixes_cmd_vprintf(struct fixes_cmd_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    /* Text with nothing to format, and a lone "%s", are copied (glibc's
     * vsnprintf copies a string argument a byte at a time). */
    if (!strchr(fmt, '%')) {
        buf_put(b, fmt, strlen(fmt));
        return;
    }
    if (strcmp(fmt, "%s") == 0) {
        const char *a = va_arg(ap, const char *);
        if (!a)
            a = "(null)"; /* what glibc's printf writes */
        buf_put(b, a, strlen(a));
        return;
    }
    /* Straight into the room left; formatted again only when it did not fit. */
    va_copy(ap2, ap);
    n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (b->s)
            b->s[b->len] = '\0';
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
        vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    }
    b->len += (size_t)n;
}

void
fixes_cmd_printf(struct fixes_cmd_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fixes_cmd_vprintf(b, fmt, ap);
    va_end(ap);
}

char *
fixes_cmd_take(struct fixes_cmd_buf *b)
{
    char *s = b->s;

    if (!s || b->len == 0) {
        free(s);
        s = NULL;
    } else if (s[b->len - 1] == '\n') {
        s[b->len - 1] = '\0';
    }
    memset(b, 0, sizeof *b);
    return s;
}

void
fixes_cmd_line(struct fixes_cmd_buf *b, char *line)
{
    if (!line)
        return;
    buf_put(b, line, strlen(line));
    buf_put(b, "\n", 1);
    free(line);
}

static void
buf_putc(struct fixes_cmd_buf *b, char c)
{
    buf_put(b, &c, 1);
}

/* ------------------------------------------------------------ unknowns */

#define X_TEXT(id, text) "$" text,
static const char unknown_text[FIXES_CMD_U_COUNT][24] = {FIXES_CMD_UNKNOWN_TABLE(X_TEXT)};
#undef X_TEXT

const char *
fixes_cmd_unknown(enum fixes_cmd_unknown u)
{
    return unknown_text[u < FIXES_CMD_U_COUNT ? u : 0];
}

bool
fixes_cmd_is_unknown(const char *s)
{
    size_t i;

    /* By address: equality is defined between any two pointers. */
    for (i = 0; i < FIXES_CMD_U_COUNT; i++)
        if (s == unknown_text[i])
            return true;
    return false;
}

/* ------------------------------------------------------------- quoting */

enum style { STYLE_RAW, STYLE_DOUBLE, STYLE_SINGLE, STYLE_ANSI };

static bool
plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("._-:/=,+@%", c));
}

static enum style
style_of(const char *s, size_t len, bool has_unknown)
{
    bool all_plain = true, quote = false, expands = false;
    size_t i;

    if (len == 0)
        return has_unknown ? STYLE_RAW : STYLE_SINGLE;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x20 || c == 0x7f)
            return STYLE_ANSI;
        if (!plain(c))
            all_plain = false;
        if (c == '\'')
            quote = true;
        /* What double quotes would still expand ($ ` \) or history (!). */
        if (c == '"' || c == '$' || c == '`' || c == '\\' || c == '!')
            expands = true;
    }
    if (all_plain)
        return STYLE_RAW;
    return quote && !expands ? STYLE_DOUBLE : STYLE_SINGLE;
}

static void
put_char(struct fixes_cmd_buf *b, enum style st, unsigned char c)
{
    if (st == STYLE_SINGLE && c == '\'') {
        buf_put(b, "'\\''", 4);
    } else if (st == STYLE_ANSI) {
        if (c == '\\' || c == '\'')
            fixes_cmd_printf(b, "\\%c", c);
        else if (c == '\n')
            buf_put(b, "\\n", 2);
        else if (c == '\t')
            buf_put(b, "\\t", 2);
        else if (c < 0x20 || c == 0x7f)
            fixes_cmd_printf(b, "\\x%02X", c);
        else
            buf_putc(b, (char)c);
    } else {
        buf_putc(b, (char)c);
    }
}

/* A space before the next word: not at the start of a line, nor right
 * after the "$(" of an assignment (NAME=$(command ...)). */
static bool
need_space(const struct fixes_cmd_buf *b)
{
    return b->len && b->s[b->len - 1] != '\n' && b->s[b->len - 1] != '(';
}

/* One word: literal text, and unknowns to write verbatim at offsets of it. */
#define WORD_UNKNOWNS 4
struct word {
    struct fixes_cmd_buf lit;
    size_t at[WORD_UNKNOWNS];
    const char *unknown[WORD_UNKNOWNS];
    size_t n;
};

static void w_lit(struct word *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
w_lit(struct word *w, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    fixes_cmd_vprintf(&w->lit, fmt, ap);
    va_end(ap);
}

/* How a value is written inside the word: as it is, inside a JMESPath raw
 * string literal ('...'), or inside a JSON (jq) string ("..."). */
enum esc { ESC_NONE, ESC_JMESPATH, ESC_JSON };

static void
w_val(struct word *w, const char *v, enum esc e)
{
    const unsigned char *p;

    if (fixes_cmd_is_unknown(v)) {
        if (w->n < WORD_UNKNOWNS) {
            w->at[w->n] = w->lit.len;
            w->unknown[w->n++] = v;
        }
        return;
    }
    for (p = (const unsigned char *)(v ? v : ""); *p; p++) {
        char c = (char)*p;
        if ((e == ESC_JMESPATH && (*p == '\'' || *p == '\\')) ||
            (e == ESC_JSON && (*p == '"' || *p == '\\'))) {
            buf_put(&w->lit, "\\", 1);
            buf_put(&w->lit, &c, 1);
        } else if (e == ESC_JSON && (*p < 0x20 || *p == 0x7f)) {
            w_lit(w, "\\u%04x", *p);
        } else {
            buf_put(&w->lit, &c, 1);
        }
    }
}

/* A reference to the shell variable an unknown ("$NAME") stands for, in a
 * word quoted in style st: always inside double quotes (one word, whatever
 * it holds) and with :? (bash stops, naming it, when it is not set). */
static void
put_ref(struct fixes_cmd_buf *b, enum style st, const char *unknown)
{
    const char *name = unknown + 1;

    switch (st) {
    case STYLE_DOUBLE:
        fixes_cmd_printf(b, "${%s:?}", name);
        break;
    case STYLE_SINGLE:
        fixes_cmd_printf(b, "'\"${%s:?}\"'", name);
        break;
    case STYLE_ANSI:
        fixes_cmd_printf(b, "'\"${%s:?}\"$'", name);
        break;
    default:
        fixes_cmd_printf(b, "\"${%s:?}\"", name);
    }
}

/* Appends the word, quoted, after a space unless at the start of a line;
 * empties w. */
static void
put_word(struct fixes_cmd_buf *b, struct word *w)
{
    const char *s = w->lit.s ? w->lit.s : "";
    enum style st = style_of(s, w->lit.len, w->n > 0);
    size_t i, k = 0;

    if (need_space(b))
        buf_putc(b, ' ');
    {
        const char *open = st == STYLE_DOUBLE   ? "\""
                           : st == STYLE_SINGLE ? "'"
                           : st == STYLE_ANSI   ? "$'"
                                                : "";
        buf_put(b, open, strlen(open));
    }
    for (i = 0; i <= w->lit.len; i++) {
        while (k < w->n && w->at[k] == i)
            put_ref(b, st, w->unknown[k++]);
        if (i < w->lit.len)
            put_char(b, st, (unsigned char)s[i]);
    }
    if (st == STYLE_DOUBLE)
        buf_putc(b, '"');
    else if (st != STYLE_RAW)
        buf_putc(b, '\'');
    free(w->lit.s);
    memset(w, 0, sizeof *w);
}

char *
fixes_cmd_quote(const char *s)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    w_val(&w, s ? s : "", ESC_NONE);
    put_word(&b, &w);
    if (!b.s)
        return xstrdup("");
    return b.s;
}

/* Shell syntax we own (program, flags, numbers, redirections), after a
 * space unless at the start of a line. */
static void raw(struct fixes_cmd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
raw(struct fixes_cmd_buf *b, const char *fmt, ...)
{
    va_list ap;

    if (need_space(b))
        buf_putc(b, ' ');
    va_start(ap, fmt);
    fixes_cmd_vprintf(b, fmt, ap);
    va_end(ap);
}

/* One value as one word. */
static void
arg(struct fixes_cmd_buf *b, const char *v)
{
    struct word w = {0};

    w_val(&w, v, ESC_NONE);
    put_word(b, &w);
}

/* A flag and its value. */
static void
opt(struct fixes_cmd_buf *b, const char *flag, const char *v)
{
    raw(b, "%s", flag);
    arg(b, v);
}

/* A word made of a literal prefix, a value and a literal suffix, such as
 * CertificateArn="${CERT_ARN:?}". */
static void
kv(struct fixes_cmd_buf *b, const char *pre, const char *v, const char *post)
{
    struct word w = {0};

    w_lit(&w, "%s", pre);
    w_val(&w, v, ESC_NONE);
    w_lit(&w, "%s", post);
    put_word(b, &w);
}

/* A flag and such a word. */
static void
opt_kv(struct fixes_cmd_buf *b, const char *flag, const char *pre, const char *v, const char *post)
{
    raw(b, "%s", flag);
    kv(b, pre, v, post);
}

static char *
take(struct fixes_cmd_buf *b)
{
    return fixes_cmd_take(b);
}

#define U(id) fixes_cmd_unknown(FIXES_CMD_U_##id)
#define OR(v, id) ((v) ? (v) : U(id))

/* "host:port", "[v6]:port" */
static void
w_hostport(struct word *w, const char *host, unsigned port)
{
    bool v6 = !fixes_cmd_is_unknown(host) && host && strchr(host, ':');

    w_lit(w, "%s", v6 ? "[" : "");
    w_val(w, host, ESC_NONE);
    w_lit(w, "%s:%u", v6 ? "]" : "", port);
}

/* --------------------------------------------------- origin-doctor, DNS */

char *
fixes_cmd_retest(const struct fixes_cmd_retest *r)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "origin-doctor");
    if (r->policy)
        opt(&b, "--origin-protocol-policy", r->policy);
    if (r->host)
        opt(&b, "--host-header", r->host);
    if (r->min_protocol)
        opt(&b, "--min-protocol", r->min_protocol);
    if (r->resolve) {
        bool http = r->policy && strcmp(r->policy, "http-only") == 0;

        raw(&b, "--resolve");
        w_val(&w, r->name, ESC_NONE);
        w_lit(&w, ":%u:", r->port ? r->port : http ? 80u : 443u);
        w_val(&w, r->resolve, ESC_NONE);
        put_word(&b, &w);
    }
    /* The port after the name is the policy's protocol's (HTTP's with
     * http-only); its default is not written. */
    if (r->port == 0 || r->port == (r->policy && strcmp(r->policy, "http-only") == 0 ? 80u : 443u))
        w_val(&w, r->name, ESC_NONE);
    else
        w_hostport(&w, r->name, r->port);
    put_word(&b, &w);
    return take(&b);
}

char *
fixes_cmd_dig(const struct fixes_cmd_dig *q)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "dig %s", q->query);
    arg(&b, q->name);
    if (q->server) {
        w_lit(&w, "@");
        w_val(&w, q->server, ESC_NONE);
        put_word(&b, &w);
    }
    return take(&b);
}

/* ------------------------------------------------------------- Route 53 */

char *
fixes_cmd_r53_zones(const struct fixes_cmd_r53 *r)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "aws route53 list-hosted-zones-by-name");
    opt(&b, "--dns-name", r->name);
    opt(&b, "--query", "HostedZones[].[Id,Name,Config.PrivateZone]");
    raw(&b, "--output table");
    return take(&b);
}

char *
fixes_cmd_r53_records(const struct fixes_cmd_r53 *r)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "aws route53 list-resource-record-sets");
    opt(&b, "--hosted-zone-id", OR(r->zone_id, ZONE_ID));
    w_lit(&w, "ResourceRecordSets[?Name=='");
    w_val(&w, r->name, ESC_JMESPATH);
    w_lit(&w, ".']");
    raw(&b, "--query");
    put_word(&b, &w);
    return take(&b);
}

/* The index of the unknown whose "$NAME" starts at s, or -1. */
static int
unknown_at(const char *s)
{
    size_t i, n;

    for (i = 0; i < FIXES_CMD_U_COUNT; i++) {
        n = strlen(unknown_text[i]);
        if (!strncmp(s, unknown_text[i], n) && !(isalnum((unsigned char)s[n]) || s[n] == '_'))
            return (int)i;
    }
    return -1;
}

/* A here-document holding text.  Quoted ('EOF': nothing expands) unless
 * text holds an unknown's "$NAME": then unquoted, with every \ $ ` of the
 * text escaped and each unknown written "${NAME:?}", so that the values the
 * step set earlier land in the file. */
static void
heredoc(struct fixes_cmd_buf *b, const char *text)
{
    const char *p;
    int u;
    bool refs = false;

    for (p = text; *p && !refs; p++)
        refs = *p == '$' && unknown_at(p) >= 0;
    if (!refs) {
        raw(b, "<<'EOF'\n%s\nEOF\n", text);
        return;
    }
    raw(b, "<<EOF\n");
    for (p = text; *p; p++) {
        if (*p == '$' && (u = unknown_at(p)) >= 0) {
            fixes_cmd_printf(b, "${%s:?}", unknown_text[u] + 1);
            p += strlen(unknown_text[u]) - 1;
        } else if (*p == '\\' || *p == '$' || *p == '`') {
            fixes_cmd_printf(b, "\\%c", *p);
        } else {
            buf_putc(b, *p);
        }
    }
    fixes_cmd_printf(b, "\nEOF\n");
}

char *
fixes_cmd_r53_change(const struct fixes_cmd_r53 *r)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "cat >");
    arg(&b, r->file);
    heredoc(&b, r->batch ? r->batch : "");
    raw(&b, "aws route53 change-resource-record-sets");
    opt(&b, "--hosted-zone-id", OR(r->zone_id, ZONE_ID));
    opt_kv(&b, "--change-batch", "file://", r->file, "");
    return take(&b);
}

/* Serialise a change batch; NULL only when jansson runs out of memory. */
static char *
batch_dump(json_t *batch)
{
    char *text = NULL;

    if (batch)
        text = json_dumps(batch, JSON_INDENT(2));
    json_decref(batch);
    return text;
}

char *
fixes_cmd_r53_alias_batch(const struct fixes_cmd_alias *a)
{
    const char *types[] = {"A", "AAAA"};
    const char *zone = OR(a->lb_zone, LB_ZONE_ID), *target = OR(a->lb_dns, LB_DNS_NAME);
    json_t *changes = json_array();
    size_t i;

    if (!changes)
        return NULL;
    for (i = 0; i < (a->dualstack ? 2u : 1u); i++)
        json_array_append_new(changes,
                              json_pack("{s:s, s:{s:s, s:s, s:{s:s, s:s, s:b}}}", "Action",
                                        "UPSERT", "ResourceRecordSet", "Name", a->name, "Type",
                                        types[i], "AliasTarget", "HostedZoneId", zone, "DNSName",
                                        target, "EvaluateTargetHealth", 0));
    return batch_dump(json_pack("{s:s, s:o}", "Comment",
                                "origin name for CloudFront -> load balancer", "Changes", changes));
}

char *
fixes_cmd_r53_cname_batch(const char *name, const char *value, const char *comment)
{
    return batch_dump(json_pack("{s:s, s:[{s:s, s:{s:s, s:s, s:i, s:[{s:s}]}}]}", "Comment",
                                comment, "Changes", "Action", "UPSERT", "ResourceRecordSet", "Name",
                                name, "Type", "CNAME", "TTL", 300, "ResourceRecords", "Value",
                                value));
}

/* ---------------------------------------------------------------- ELB */

static void
elbv2(struct fixes_cmd_buf *b, const char *what, const struct fixes_cmd_elb *e)
{
    raw(b, "aws elbv2 %s", what);
    opt(b, "--region", OR(e->region, REGION));
}

static void
clb(struct fixes_cmd_buf *b, const char *what, const struct fixes_cmd_elb *e)
{
    raw(b, "aws elb %s", what);
    opt(b, "--region", OR(e->region, REGION));
    opt(b, "--load-balancer-name", OR(e->lb_name, LB_NAME));
}

char *
fixes_cmd_elb_describe(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    /* One field that later lines use: set its variable. */
    const char *var = !strcmp(e->query, "LoadBalancerArn")         ? "LB_ARN"
                      : !strcmp(e->query, "CanonicalHostedZoneId") ? "ELB_HOSTED_ZONE_ID"
                      : !strcmp(e->query, "DNSName")               ? "ELB_DNS_NAME"
                                                                   : NULL;

    if (var)
        raw(&b, "%s=$(", var);
    elbv2(&b, "describe-load-balancers", e);
    if (e->dns_name) {
        w_lit(&w, "LoadBalancers[?DNSName=='");
        w_val(&w, e->dns_name, ESC_JMESPATH);
        w_lit(&w, "'].%s", e->query);
    } else {
        opt(&b, "--names", OR(e->lb_name, LB_NAME));
        w_lit(&w, "LoadBalancers[].%s", e->query);
    }
    raw(&b, "--query");
    put_word(&b, &w);
    raw(&b, "--output text%s", var ? ")" : "");
    return take(&b);
}

char *
fixes_cmd_elb_list(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-load-balancers", e);
    opt(&b, "--query", "LoadBalancers[].[LoadBalancerName,DNSName,Type,Scheme]");
    raw(&b, "--output table");
    return take(&b);
}

char *
fixes_cmd_clb_describe(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};
    bool var = strcmp(e->query, "LoadBalancerName") == 0;

    if (var)
        raw(&b, "LB_NAME=$(");
    raw(&b, "aws elb describe-load-balancers");
    opt(&b, "--region", OR(e->region, REGION));
    if (e->dns_name) {
        w_lit(&w, "LoadBalancerDescriptions[?DNSName=='");
        w_val(&w, e->dns_name, ESC_JMESPATH);
        w_lit(&w, "'].%s", e->query);
    } else {
        opt(&b, "--load-balancer-names", OR(e->lb_name, LB_NAME));
        w_lit(&w, "LoadBalancerDescriptions[].%s", e->query);
    }
    raw(&b, "--query");
    put_word(&b, &w);
    raw(&b, "--output text%s", var ? ")" : "");
    return take(&b);
}

char *
fixes_cmd_elb_target_group_protocols(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-target-groups", e);
    opt(&b, "--load-balancer-arn", OR(e->lb_arn, LB_ARN));
    opt(&b, "--query", "TargetGroups[].[TargetGroupName,Protocol,Port]");
    raw(&b, "--output table");
    return take(&b);
}

char *
fixes_cmd_elb_listeners(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    if (e->port && e->listener_arn)
        return NULL; /* known: nothing to look up */
    if (e->port) {
        raw(&b, "LISTENER_ARN=$(");
    }
    elbv2(&b, "describe-listeners", e);
    opt(&b, "--load-balancer-arn", OR(e->lb_arn, LB_ARN));
    raw(&b, "--query");
    if (e->port) {
        w_lit(&w, "Listeners[?Port==`%u`].ListenerArn", e->port);
        put_word(&b, &w);
        raw(&b, "--output text)\n");
        raw(&b, "echo \"$LISTENER_ARN\"");
    } else {
        arg(&b, "Listeners[].[Port,Protocol,SslPolicy,ListenerArn]");
        raw(&b, "--output table");
    }
    return take(&b);
}

char *
fixes_cmd_elb_target_groups(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-target-groups", e);
    opt(&b, "--load-balancer-arn", OR(e->lb_arn, LB_ARN));
    opt(&b, "--query", "TargetGroups[].TargetGroupArn");
    raw(&b, "--output text");
    return take(&b);
}

char *
fixes_cmd_elb_target_health(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-target-health", e);
    opt(&b, "--target-group-arn", OR(e->tg_arn, TG_ARN));
    return take(&b);
}

static void
certificates(struct fixes_cmd_buf *b, const struct fixes_cmd_elb *e)
{
    opt_kv(b, "--certificates", "CertificateArn=", OR(e->cert_arn, CERT_ARN), "");
}

char *
fixes_cmd_elb_create_listener(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "create-listener", e);
    opt(&b, "--load-balancer-arn", OR(e->lb_arn, LB_ARN));
    opt(&b, "--protocol", e->protocol ? e->protocol : "HTTPS");
    raw(&b, "--port %u", e->port);
    certificates(&b, e);
    if (e->ssl_policy)
        opt(&b, "--ssl-policy", e->ssl_policy);
    opt_kv(&b, "--default-actions", "Type=forward,TargetGroupArn=", OR(e->tg_arn, TG_ARN), "");
    return take(&b);
}

char *
fixes_cmd_elb_modify_listener(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "modify-listener", e);
    opt(&b, "--listener-arn", OR(e->listener_arn, LISTENER_ARN));
    if (e->protocol)
        opt(&b, "--protocol", e->protocol);
    if (e->certificate)
        certificates(&b, e);
    if (e->ssl_policy)
        opt(&b, "--ssl-policy", e->ssl_policy);
    if (e->mutual_authentication)
        opt_kv(&b, "--mutual-authentication", "Mode=", e->mutual_authentication, "");
    return take(&b);
}

char *
fixes_cmd_elb_add_certificate(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "add-listener-certificates", e);
    opt(&b, "--listener-arn", OR(e->listener_arn, LISTENER_ARN));
    certificates(&b, e);
    return take(&b);
}

char *
fixes_cmd_elb_rules(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-rules", e);
    opt(&b, "--listener-arn", OR(e->listener_arn, LISTENER_ARN));
    raw(&b, "--query");
    arg(&b, "Rules[].[Priority,Actions[-1].Type,join(`,`,Conditions[?Field==`host-header`]."
            "HostHeaderConfig.Values[])]");
    raw(&b, "--output table");
    return take(&b);
}

char *
fixes_cmd_elb_rule_add_host(const struct fixes_cmd_elb *e, const char *rule_arn, const char *host,
                            const char *file)
{
    struct fixes_cmd_buf b = {0};

    /* modify-rule replaces every condition: the rule's own, read back,
     * with host added to its host-header values (in the current form,
     * HostHeaderConfig, never beside the older Values, which ELB
     * refuses); the other conditions as they are. */
    elbv2(&b, "describe-rules", e);
    opt(&b, "--rule-arns", rule_arn);
    raw(&b, "--query");
    arg(&b, "Rules[0].Conditions");
    raw(&b, "--output json |");
    raw(&b, "jq -e");
    opt(&b, "--arg", "host");
    arg(&b, host);
    arg(&b, "map(if .Field == \"host-header\" then {Field, HostHeaderConfig: {Values: "
            "(((.HostHeaderConfig.Values // .Values) + [$host]) | unique)}} elif "
            ".PathPatternConfig then del(.Values) else . end)");
    raw(&b, ">");
    arg(&b, file);
    raw(&b, "&&\n");
    elbv2(&b, "modify-rule", e);
    opt(&b, "--rule-arn", rule_arn);
    kv(&b, "--conditions=file://", file, "");
    raw(&b, "--query");
    arg(&b, "Rules[0].Conditions");
    return take(&b);
}

char *
fixes_cmd_elb_certificates(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    elbv2(&b, "describe-listener-certificates", e);
    opt(&b, "--listener-arn", OR(e->listener_arn, LISTENER_ARN));
    return take(&b);
}

char *
fixes_cmd_clb_instance_health(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    clb(&b, "describe-instance-health", e);
    return take(&b);
}

char *
fixes_cmd_clb_set_certificate(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    clb(&b, "set-load-balancer-listener-ssl-certificate", e);
    raw(&b, "--load-balancer-port %u", e->port);
    opt(&b, "--ssl-certificate-id", OR(e->cert_arn, CERT_ARN));
    return take(&b);
}

char *
fixes_cmd_clb_delete_listener(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    clb(&b, "delete-load-balancer-listeners", e);
    raw(&b, "--load-balancer-ports %u", e->port);
    return take(&b);
}

char *
fixes_cmd_clb_create_listener(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};
    char *pre;

    clb(&b, "create-load-balancer-listeners", e);
    pre = xasprintf("Protocol=HTTPS,LoadBalancerPort=%u,InstanceProtocol=HTTPS,InstancePort=443,"
                    "SSLCertificateId=",
                    e->port);
    opt_kv(&b, "--listeners", pre, OR(e->cert_arn, CERT_ARN), "");
    free(pre);
    return take(&b);
}

char *
fixes_cmd_clb_create_policy(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    clb(&b, "create-load-balancer-policy", e);
    opt(&b, "--policy-name", e->policy_name);
    raw(&b, "--policy-type-name SSLNegotiationPolicyType");
    opt_kv(&b, "--policy-attributes",
           "AttributeName=Reference-Security-Policy,AttributeValue=", e->ssl_policy, "");
    return take(&b);
}

char *
fixes_cmd_clb_set_policy(const struct fixes_cmd_elb *e)
{
    struct fixes_cmd_buf b = {0};

    clb(&b, "set-load-balancer-policies-of-listener", e);
    raw(&b, "--load-balancer-port %u", e->port);
    opt(&b, "--policy-names", e->policy_name);
    return take(&b);
}

/* ----------------------------------------------------------------- ACM */

static void
acm(struct fixes_cmd_buf *b, const char *what, const struct fixes_cmd_acm *a)
{
    raw(b, "aws acm %s", what);
    opt(b, "--region", OR(a->region, REGION));
}

char *
fixes_cmd_acm_request(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "CERT_ARN=$(");
    acm(&b, "request-certificate", a);
    opt(&b, "--domain-name", a->domain);
    if (a->san || a->nsans) {
        size_t i;

        raw(&b, "--subject-alternative-names");
        if (a->san)
            arg(&b, a->san);
        for (i = 0; i < a->nsans; i++)
            arg(&b, a->sans[i]);
    }
    if (a->key_algorithm)
        opt(&b, "--key-algorithm", a->key_algorithm);
    raw(&b, "--validation-method DNS --query CertificateArn --output text)\n");
    raw(&b, "echo \"$CERT_ARN\"");
    return take(&b);
}

char *
fixes_cmd_acm_validation(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    static const char *const field[2][2] = {{"VALIDATION_NAME", "Name"},
                                            {"VALIDATION_VALUE", "Value"}};
    size_t i;

    for (i = 0; i < 2; i++) {
        raw(&b, "%s=$(", field[i][0]);
        acm(&b, "describe-certificate", a);
        opt(&b, "--certificate-arn", OR(a->cert_arn, CERT_ARN));
        {
            char *q =
                xasprintf("Certificate.DomainValidationOptions[0].ResourceRecord.%s", field[i][1]);
            opt(&b, "--query", q);
            free(q);
        }
        raw(&b, "--output text)\n");
    }
    raw(&b, "echo \"$VALIDATION_NAME CNAME $VALIDATION_VALUE\"");
    return take(&b);
}

char *
fixes_cmd_acm_wait_validated(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    acm(&b, "wait certificate-validated", a);
    opt(&b, "--certificate-arn", OR(a->cert_arn, CERT_ARN));
    return take(&b);
}

char *
fixes_cmd_acm_status(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    acm(&b, "describe-certificate", a);
    opt(&b, "--certificate-arn", OR(a->cert_arn, CERT_ARN));
    opt(&b, "--query", "Certificate.Status");
    return take(&b);
}

char *
fixes_cmd_acm_import(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    if (a->client)
        raw(&b, "CLIENT_CERT_ARN=$(");
    acm(&b, "import-certificate", a);
    if (a->reimport)
        opt(&b, "--certificate-arn", OR(a->cert_arn, CERT_ARN));
    opt_kv(&b, "--certificate", "fileb://", a->certificate ? a->certificate : "Certificate.pem",
           "");
    opt_kv(&b, "--certificate-chain", "fileb://", a->chain ? a->chain : "CertificateChain.pem", "");
    opt_kv(&b, "--private-key", "fileb://", a->private_key ? a->private_key : "PrivateKey.pem", "");
    if (a->client)
        raw(&b, "--query CertificateArn --output text)\necho \"$CLIENT_CERT_ARN\"");
    return take(&b);
}

char *
fixes_cmd_acm_list(const struct fixes_cmd_acm *a)
{
    struct fixes_cmd_buf b = {0};

    acm(&b, "list-certificates", a);
    opt(&b, "--query", "CertificateSummaryList[].[DomainName,Type,NotAfter,CertificateArn]");
    raw(&b, "--output table");
    return take(&b);
}

/* ------------------------------------------------------------ CloudFront */

/* DIST_ID=$(...): the distribution whose origins hold f->origin, when the
 * distribution id is not known; nothing when it is. */
static void
dist_id_lookup(struct fixes_cmd_buf *b, const struct fixes_cmd_cf *f)
{
    struct word w = {0};

    if (f->dist_id && !fixes_cmd_is_unknown(f->dist_id))
        return;
    raw(b, "DIST_ID=$(aws cloudfront list-distributions --query");
    w_lit(&w, "DistributionList.Items[?Origins.Items[?DomainName=='");
    w_val(&w, f->origin ? f->origin : U(ORIGIN), ESC_JMESPATH);
    w_lit(&w, "']] | [0].Id");
    put_word(b, &w);
    raw(b, "--output text)\n");
}

char *
fixes_cmd_cf_origins(const struct fixes_cmd_cf *f)
{
    struct fixes_cmd_buf b = {0};

    dist_id_lookup(&b, f);
    raw(&b, "aws cloudfront get-distribution-config");
    opt(&b, "--id", OR(f->dist_id, DIST_ID));
    opt(&b, "--query",
        "DistributionConfig.Origins.Items[].[Id,DomainName,CustomOriginConfig.HTTPPort,"
        "CustomOriginConfig.HTTPSPort,CustomOriginConfig.OriginProtocolPolicy]");
    raw(&b, "--output table");
    return take(&b);
}

/* The jq filter: the origin whose DomainName is f->origin gets the edits. */
static void
jq_filter(struct word *w, const struct fixes_cmd_cf *f)
{
    const char *sep = "";
    size_t i;

    /* The origin by its Id when known, else by its domain name; no match
     * is an error (jq exits 5), not an unchanged config to upload. */
    const char *key = f->origin_id ? "Id" : "DomainName";
    const char *val = f->origin_id ? f->origin_id : f->origin;

    w_lit(w, "if any(.DistributionConfig.Origins.Items[]; .%s==\"", key);
    w_val(w, val, ESC_JSON);
    w_lit(w, "\") then .DistributionConfig | (.Origins.Items[] | select(.%s==\"", key);
    w_val(w, val, ESC_JSON);
    w_lit(w, "\")) |= (");
    if (f->domain) {
        w_lit(w, ".DomainName=\"");
        w_val(w, f->domain, ESC_JSON);
        w_lit(w, "\"");
        sep = " | ";
    }
    if (f->protocol_policy) {
        w_lit(w, "%s.CustomOriginConfig.OriginProtocolPolicy=\"", sep);
        w_val(w, f->protocol_policy, ESC_JSON);
        w_lit(w, "\"");
        sep = " | ";
    }
    if (f->nssl_protocols) {
        w_lit(w, "%s.CustomOriginConfig.OriginSslProtocols={\"Quantity\":%zu,\"Items\":[", sep,
              f->nssl_protocols);
        for (i = 0; i < f->nssl_protocols; i++) {
            w_lit(w, "%s\"", i ? "," : "");
            w_val(w, f->ssl_protocols[i], ESC_JSON);
            w_lit(w, "\"");
        }
        w_lit(w, "]}");
        sep = " | ";
    }
    if (f->client_cert_arn) {
        w_lit(w, "%s.CustomOriginConfig.OriginMtlsConfig={\"ClientCertificateArn\":\"", sep);
        w_val(w, f->client_cert_arn, ESC_JSON);
        w_lit(w, "\"}");
    }
    w_lit(w, ") else error(\"no origin with %s ", key);
    w_val(w, val, ESC_JSON);
    w_lit(w, " in dist.json\") end");
}

/* The jq filter for edit_host: the behaviours named by PathPattern ("*"
 * is DefaultCacheBehavior) get Host forwarded or not; every pattern must
 * exist. */
static void
jq_host_filter(struct word *w, const struct fixes_cmd_cf *f, bool forward)
{
    size_t i;

    w_lit(w, "[");
    for (i = 0; i < f->nbehaviors; i++) {
        w_lit(w, "%s\"", i ? "," : "");
        w_val(w, f->behaviors[i], ESC_JSON);
        w_lit(w, "\"");
    }
    w_lit(w, "] as $p | .DistributionConfig | ");
    if (forward)
        w_lit(w,
              "def edit: if (.CachePolicyId // \"\") != \"\" then .OriginRequestPolicyId = "
              "\"%s\" else .ForwardedValues.Headers |= ((.Items // []) + [\"Host\"] | unique "
              "| {Quantity: length, Items: .}) end; ",
              FIXES_CMD_POLICY_ALL_VIEWER);
    else
        w_lit(w,
              "def edit: if (.CachePolicyId // \"\") != \"\" then .OriginRequestPolicyId = "
              "\"%s\" elif (.ForwardedValues.Headers.Items // []) | index(\"*\") then "
              "error(\"a behaviour forwards every header (*): list the ones it needs, without "
              "Host\") else .ForwardedValues.Headers |= ((.Items // []) - [\"Host\", "
              "\"host\"] | {Quantity: length, Items: .}) end; ",
              FIXES_CMD_POLICY_ALL_VIEWER_EXCEPT_HOST);
    w_lit(w, "($p - ([.CacheBehaviors.Items[]?.PathPattern] + [\"*\"])) as $missing | if "
             "$missing != [] then error(\"no behaviour \\($missing) in dist.json\") else "
             "(if any($p[]; . == \"*\") then .DefaultCacheBehavior |= edit else . end) | "
             "((.CacheBehaviors.Items[]? | select(.PathPattern as $x | any($p[]; . == $x))) |= "
             "edit) end");
}

/* The steps around a jq edit of the distribution config: save it, read
 * its ETag, edit, and only when jq succeeded upload it and wait. */
static char *
edit_config(const struct fixes_cmd_cf *f, struct word *filter)
{
    struct fixes_cmd_buf b = {0};
    char *c;

    dist_id_lookup(&b, f);
    raw(&b, "aws cloudfront get-distribution-config");
    opt(&b, "--id", OR(f->dist_id, DIST_ID));
    raw(&b, "> dist.json\n");
    c = fixes_cmd_comment(_("the ETag of this config, to pass as --if-match below:"));
    fixes_cmd_line(&b, c);
    raw(&b, "ETAG=$(jq -r .ETag dist.json)\n");
    raw(&b, "jq -e");
    put_word(&b, filter);
    raw(&b, "dist.json > dist-config.json &&\n");
    raw(&b, "aws cloudfront update-distribution");
    opt(&b, "--id", OR(f->dist_id, DIST_ID));
    opt(&b, "--if-match", U(ETAG));
    raw(&b, "--distribution-config file://dist-config.json &&\n");
    raw(&b, "aws cloudfront wait distribution-deployed");
    opt(&b, "--id", OR(f->dist_id, DIST_ID));
    return take(&b);
}

char *
fixes_cmd_cf_edit_origin(const struct fixes_cmd_cf *f)
{
    struct word w = {0};

    jq_filter(&w, f);
    return edit_config(f, &w);
}

char *
fixes_cmd_cf_edit_host(const struct fixes_cmd_cf *f, bool forward)
{
    struct word w = {0};

    jq_host_filter(&w, f, forward);
    return edit_config(f, &w);
}

char *
fixes_cmd_cf_create_vpc_origin(const struct fixes_cmd_cf *f)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "aws cloudfront create-vpc-origin --vpc-origin-endpoint-config");
    w_lit(&w, "Name=origin-doctor-vpc-origin,Arn=");
    w_val(&w, OR(f->lb_arn, LB_ARN), ESC_NONE);
    w_lit(&w, ",HTTPPort=%u,HTTPSPort=%u,OriginProtocolPolicy=%s,",
          f->http_port ? f->http_port : 80, f->https_port,
          f->protocol_policy ? f->protocol_policy : "https-only");
    if (f->nssl_protocols) {
        size_t i;
        w_lit(&w, "OriginSslProtocols={Quantity=%zu,Items=[", f->nssl_protocols);
        for (i = 0; i < f->nssl_protocols; i++)
            w_lit(&w, "%s%s", i ? "," : "", f->ssl_protocols[i]);
        w_lit(&w, "]}");
    } else {
        w_lit(&w, "OriginSslProtocols={Quantity=1,Items=[TLSv1.2]}");
    }
    put_word(&b, &w);
    return take(&b);
}

/* ---------------------------------------------------------------- EC2 */

char *
fixes_cmd_ec2_prefix_list(const struct fixes_cmd_ec2 *e)
{
    struct fixes_cmd_buf b = {0};

    if (e->pl_id)
        return NULL; /* known: nothing to look up */
    raw(&b, "PL_ID=$(aws ec2 describe-managed-prefix-lists");
    opt(&b, "--region", OR(e->region, REGION));
    opt_kv(&b, "--filters", "Name=prefix-list-name,Values=", e->prefix_list, "");
    opt(&b, "--query", "PrefixLists[0].PrefixListId");
    raw(&b, "--output text)\n");
    raw(&b, "echo \"$PL_ID\"");
    return take(&b);
}

char *
fixes_cmd_ec2_instance_groups(const struct fixes_cmd_ec2 *e)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "aws ec2 describe-instances");
    opt(&b, "--region", OR(e->region, REGION));
    opt_kv(&b, "--filters", "Name=ip-address,Values=", e->address, "");
    opt(&b, "--query", "Reservations[].Instances[].SecurityGroups");
    raw(&b, "--output table");
    return take(&b);
}

char *
fixes_cmd_ec2_allow_prefix_list(const struct fixes_cmd_ec2 *e)
{
    struct fixes_cmd_buf b = {0};
    char *pre;

    raw(&b, "aws ec2 authorize-security-group-ingress");
    opt(&b, "--region", OR(e->region, REGION));
    opt(&b, "--group-id", OR(e->sg_id, SG_ID));
    pre = xasprintf("IpProtocol=tcp,FromPort=%u,ToPort=%u,PrefixListIds=[{PrefixListId=", e->port,
                    e->port);
    opt_kv(&b, "--ip-permissions", pre, OR(e->pl_id, PL_ID), "}]");
    free(pre);
    return take(&b);
}

/* ------------------------------------------------------- on the server */

char *
fixes_cmd_certbot(const char *webroot, const char *domain)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "certbot certonly --webroot");
    opt(&b, "-w", webroot);
    opt(&b, "-d", domain);
    return take(&b);
}

char *
fixes_cmd_nginx_reload(void)
{
    return xstrdup("nginx -t && nginx -s reload");
}

char *
fixes_cmd_listening(unsigned port)
{
    return xasprintf("ss -ltnp 'sport = :%u'", port);
}

char *
fixes_cmd_cat(const char *const *files, size_t nfiles, const char *out)
{
    struct fixes_cmd_buf b = {0};
    size_t i;

    raw(&b, "cat");
    for (i = 0; i < nfiles; i++)
        arg(&b, files[i]);
    raw(&b, ">");
    arg(&b, out);
    return take(&b);
}

char *
fixes_cmd_curl_http_status(const char *host, unsigned port)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "curl -sS -o /dev/null -w '%%{http_code}\\n'");
    w_lit(&w, "http://");
    w_hostport(&w, host, port);
    w_lit(&w, "/");
    put_word(&b, &w);
    return take(&b);
}

char *
fixes_cmd_curl_viewer(const char *domain)
{
    struct fixes_cmd_buf b = {0};

    raw(&b, "curl -sI");
    kv(&b, "https://", OR(domain, DIST_DOMAIN), "/");
    return take(&b);
}

char *
fixes_cmd_curl_head(const char *host, const char *path)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "curl -sI");
    w_lit(&w, "https://");
    w_val(&w, OR(host, DIST_DOMAIN), ESC_NONE);
    w_val(&w, path ? path : "/", ESC_NONE);
    put_word(&b, &w);
    return take(&b);
}

char *
fixes_cmd_cf_domain_lookup(const char *origin)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "DISTRIBUTION_DOMAIN=$(aws cloudfront list-distributions --query");
    w_lit(&w, "DistributionList.Items[?Origins.Items[?DomainName=='");
    w_val(&w, origin ? origin : U(ORIGIN), ESC_JMESPATH);
    w_lit(&w, "']] | [0].DomainName");
    put_word(&b, &w);
    raw(&b, "--output text)");
    return take(&b);
}

char *
fixes_cmd_cli_version(void)
{
    return xstrdup("aws --version");
}

char *
fixes_cmd_peer_cert(const char *address, unsigned port, const char *sni)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "openssl s_client -connect");
    w_hostport(&w, address, port);
    put_word(&b, &w);
    if (sni)
        opt(&b, "-servername", sni);
    raw(&b, "</dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -enddate "
            "-fingerprint -sha256");
    return take(&b);
}

char *
fixes_cmd_save_chain(const char *address, unsigned port, const char *sni)
{
    struct fixes_cmd_buf b = {0};
    struct word w = {0};

    raw(&b, "openssl s_client -connect");
    w_hostport(&w, address, port);
    put_word(&b, &w);
    if (sni)
        opt(&b, "-servername", sni);
    raw(&b, "-showcerts </dev/null 2>/dev/null | awk '/-----BEGIN CERTIFICATE-----/ { f = "
            "sprintf(\"sent%%d.pem\", n++) } f { print > f } /-----END CERTIFICATE-----/ { "
            "close(f); f = \"\" }'");
    return take(&b);
}

char *
fixes_cmd_assign(const char *var, const char *value)
{
    char *q = fixes_cmd_quote(value), *r = xasprintf("%s=%s", var, q);

    free(q);
    return r;
}

char *
fixes_cmd_comment(const char *text)
{
    struct fixes_cmd_buf b = {0};
    const char *p = text ? text : "", *nl;

    do {
        char *line, *clean;

        nl = strchr(p, '\n');
        line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
        clean = sanitize(line);
        fixes_cmd_printf(&b, "# %s\n", clean);
        free(clean);
        free(line);
        p = nl ? nl + 1 : NULL;
    } while (p);
    return take(&b);
}
