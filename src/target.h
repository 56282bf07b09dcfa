/* What to check: an origin as CloudFront has it configured, and the run's
 * settings that shape every probe (resolvers, overrides, timeouts). */
#ifndef TARGET_H
#define TARGET_H

#include <stdbool.h>
#include <stddef.h>

#define TARGET_NAME_MAX 253

enum target_proto { TARGET_SSLV3, TARGET_TLS10, TARGET_TLS11, TARGET_TLS12 };

struct target {
    char *input;       /* as typed */
    char *name;        /* ASCII form (IDNA A-labels), no trailing dot */
    bool is_literal;   /* name is an IP address */
    unsigned port;
    char *host_header; /* forwarded viewer Host, or NULL */
};

/* One --resolve NAME:PORT:ADDR[,ADDR...] entry. */
struct target_resolve {
    char *name;
    unsigned port;
    char **addrs;
    size_t naddrs;
};

struct target_settings {
    enum target_proto min_proto;
    unsigned connect_timeout_ms;
    unsigned handshake_timeout_ms;
    unsigned dns_timeout_ms;
    char *dns_servers;   /* c-ares CSV "ip:port,[ip6]:port", or NULL */
    char *ca_file;       /* NULL: the system bundle */
    int family;          /* 0 any, 4 or 6 */
    struct target_resolve *resolves;
    size_t nresolves;
    bool explain;        /* run explaining handshakes on failure */
    bool private_ok;     /* a VPC origin (or the demo): private addresses are fine */
    bool no_http;        /* --no-http: stop after the handshake */
    unsigned read_timeout_ms; /* --read-timeout; 0: CloudFront's default, 30 s */
    const char *http_path;    /* the viewer URL's path for CloudFront's request; borrowed */
};

/* Parse "NAME[:PORT]", "[V6]:PORT", "V4:PORT", a bare IPv6 literal, optionally
 * with "https://" in front and a path after.  default_port applies when none is
 * given.  On error returns false and sets *err to a translated, static message. */
bool target_parse(struct target *t, const char *input, unsigned default_port, const char **err);
/* Parse a port number 1..65535. */
bool target_parse_port(const char *s, unsigned *port);
/* Validate and convert a host name to its ASCII form; caller frees. NULL and
 * *err set when invalid. */
char *target_host_ascii(const char *name, const char **err);
bool target_parse_resolve(struct target_resolve *r, const char *spec, const char **err);
/* Validate "IP[:PORT][,...]" and turn it into c-ares's CSV form; caller frees. */
char *target_parse_dns_servers(const char *spec, const char **err);
bool target_parse_proto(const char *s, enum target_proto *p);
const char *target_proto_name(enum target_proto p);

void target_copy(struct target *dst, const struct target *src);
void target_clear(struct target *t);
void target_settings_clear(struct target_settings *s);

#endif
