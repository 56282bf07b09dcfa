/* The observation: facts the probe recorded, nothing judged.  The probe fills
 * it, analysis and every presenter only read it.  All strings that came from
 * the network are stored raw here and pass through sanitize_*() on the way out. */
#ifndef OBS_H
#define OBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "target.h"

/* Caps on what a hostile peer can make us keep. */
#define OBS_MAX_CERTS 32          /* certificates recorded per handshake */
#define OBS_MAX_CERT_SIZE 131072  /* bytes of one DER certificate: GnuTLS's limit */
#define OBS_MAX_HANDSHAKE 163840  /* bytes read from the server per handshake */
#define OBS_MAX_CNAMES 16         /* CNAME links followed in an answer */
#define OBS_MAX_ADDRS 64          /* addresses probed per origin */
#define OBS_FIRST_BYTES 64        /* bytes kept of the server's first flight */

/* X-macro tables: value, JSON/stable name, human text (translated when shown). */
#define DNS_STATUS_TABLE(X)                                                    \
    X(DNS_PENDING, "pending", N_("not resolved yet"))                          \
    X(DNS_OK, "ok", N_("resolved"))                                            \
    X(DNS_LITERAL, "literal", N_("IP address, no DNS lookup"))                 \
    X(DNS_OVERRIDE, "override", N_("address given with --resolve"))           \
    X(DNS_NXDOMAIN, "nxdomain", N_("no such name (NXDOMAIN)"))                 \
    X(DNS_NODATA, "nodata", N_("the name exists but has no address (NODATA)")) \
    X(DNS_SERVFAIL, "servfail", N_("the resolver failed (SERVFAIL)"))          \
    X(DNS_REFUSED, "refused", N_("the resolver refused the query (REFUSED)"))  \
    X(DNS_TIMEOUT, "timeout", N_("no answer from the resolver (timeout)"))     \
    X(DNS_ERROR, "error", N_("DNS lookup failed"))                             \
    X(DNS_CANCELLED, "cancelled", N_("cancelled"))                           \
    X(DNS_NOT_CHECKED, "not_checked", N_("not checked (certificates read from a file)"))

#define TCP_STATUS_TABLE(X)                                                    \
    X(TCP_PENDING, "pending", N_("not tried yet"))                             \
    X(TCP_CONNECTED, "connected", N_("connected"))                             \
    X(TCP_REFUSED, "refused", N_("connection refused"))                        \
    X(TCP_TIMEOUT, "timeout", N_("connection timed out"))                      \
    X(TCP_UNREACHABLE, "unreachable", N_("network or host unreachable"))       \
    X(TCP_ERROR, "error", N_("connection failed"))                             \
    X(TCP_SKIPPED, "skipped", N_("not tried"))                                 \
    X(TCP_CANCELLED, "cancelled", N_("cancelled"))

#define TLS_STATUS_TABLE(X)                                                    \
    X(TLS_PENDING, "pending", N_("not tried yet"))                             \
    X(TLS_OK, "ok", N_("handshake completed"))                                 \
    X(TLS_FAILED, "failed", N_("handshake failed"))                            \
    X(TLS_ALERT, "alert", N_("the server sent a fatal alert"))                 \
    X(TLS_CLOSED, "closed", N_("the server closed the connection"))            \
    X(TLS_NOT_TLS, "not_tls", N_("the server does not speak TLS"))             \
    X(TLS_TIMEOUT, "timeout", N_("handshake timed out"))                       \
    X(TLS_OVERSIZED, "oversized", N_("the server sent more than is read"))     \
    X(TLS_SKIPPED, "skipped", N_("not tried"))                                 \
    X(TLS_CANCELLED, "cancelled", N_("cancelled"))

/* CloudFront's HTTP request after its handshake (http.c). */
#define HTTP_RESULT_TABLE(X)                                                                       \
    X(HTTP_PENDING, "pending", N_("not tried yet"))                                                \
    X(HTTP_OK, "ok", N_("the origin answered"))                                                    \
    X(HTTP_TIMEOUT, "timeout", N_("no response within the read timeout"))                          \
    X(HTTP_CLOSED, "closed", N_("the connection closed before a response"))                        \
    X(HTTP_MALFORMED, "malformed", N_("the answer is not an HTTP response"))                       \
    X(HTTP_OVERSIZED, "oversized", N_("the header block is larger than is read"))                  \
    X(HTTP_SKIPPED, "skipped", N_("not tried"))                                                    \
    X(HTTP_CANCELLED, "cancelled", N_("cancelled"))

#define X_ENUM(e, name, text) e,
enum dns_status { DNS_STATUS_TABLE(X_ENUM) DNS_STATUS_COUNT };
enum tcp_status { TCP_STATUS_TABLE(X_ENUM) TCP_STATUS_COUNT };
enum tls_status { TLS_STATUS_TABLE(X_ENUM) TLS_STATUS_COUNT };
enum http_result { HTTP_RESULT_TABLE(X_ENUM) HTTP_RESULT_COUNT };
#undef X_ENUM

const char *obs_dns_status_name(enum dns_status);
const char *obs_dns_status_text(enum dns_status); /* translated */
const char *obs_tcp_status_name(enum tcp_status);
const char *obs_tcp_status_text(enum tcp_status);
const char *obs_tls_status_name(enum tls_status);
const char *obs_tls_status_text(enum tls_status);
const char *obs_http_result_name(enum http_result);
const char *obs_http_result_text(enum http_result);
/* The name of a TLS alert into buf: GnuTLS's, or "unknown alert N". */
void obs_alert_name(int alert, char *buf, size_t size);

/* What the server does speak, learned by explaining handshakes after
 * CloudFront's failed.  Tri-state: -1 not tried, 0 refused, 1 accepted. */
enum obs_version { OBS_TLS10, OBS_TLS11, OBS_TLS12, OBS_TLS13, OBS_VERSION_COUNT };
const char *obs_version_name(enum obs_version);

struct obs_explain {
    bool ran;
    int version_ok[OBS_VERSION_COUNT];
    /* Handshake with CloudFront's versions but any cipher suite GnuTLS has. */
    int any_cipher_ok;
    char *any_cipher_suite; /* suite the server picked then, or NULL */
    bool any_cipher_in_profile; /* ...and it is one of CloudFront's: then the
                                   refusal was about signatures or groups */
    char *any_cipher_version;
};

struct obs_cert {
    unsigned char *der; /* NULL when the certificate exceeded OBS_MAX_CERT_SIZE */
    size_t size;        /* size as received */
};

/* One TLS handshake attempt (CloudFront's, or one explaining attempt). */
struct obs_tls {
    enum tls_status status;
    int gnutls_error;     /* 0 or the GNUTLS_E_* code that ended it */
    int alert;            /* received alert number, -1 for none */
    char *version;        /* "TLS1.2" */
    char *cipher_suite;   /* GnuTLS name, "TLS_ECDHE_RSA_AES_128_GCM_SHA256" */
    unsigned char suite_id[2];
    bool suite_in_profile; /* one of CloudFront's 16 suites */
    char *group;          /* key exchange group, "SECP256R1", or NULL */
    bool client_cert_requested;
    double elapsed_ms;
    struct obs_cert *certs; /* as received, in received order */
    size_t ncerts;
    size_t certs_received; /* may exceed ncerts when capped */
    unsigned char first_bytes[OBS_FIRST_BYTES];
    size_t nfirst_bytes;
};

/* CloudFront's request on the session of its handshake, and what came back.
 * Network text (server, first_bytes) is raw here. */
struct obs_http {
    enum http_result status;
    char *host;           /* the Host sent */
    char *path;           /* the path sent (OriginPath + path) */
    char *cf_id;          /* the X-Amz-Cf-Id sent: find it in the origin's logs */
    unsigned timeout_ms;  /* the read timeout applied */
    int code;             /* the status code, 0 when none was read */
    char *server;         /* the Server header, capped, or NULL */
    double elapsed_ms;    /* request sent -> head complete, or the end */
    double first_byte_ms; /* request sent -> first byte, -1 when none came */
    size_t bytes_read;    /* plaintext bytes read */
    size_t head_bytes;    /* bytes of the head consumed by the parser */
    char *parser_error;   /* the parser's error name when malformed */
    int gnutls_error;     /* what ended a closed exchange, or 0 */
    unsigned char first_bytes[OBS_FIRST_BYTES];
    size_t nfirst_bytes;
};

struct obs_addr {
    int family;         /* AF_INET or AF_INET6 */
    char text[64];      /* numeric address */
    struct sockaddr_storage sa;
    socklen_t salen;
    uint32_t ttl;       /* 0 for --resolve and literals */
    bool probed;        /* false when excluded by -4/-6 or the cap */
    enum tcp_status tcp;
    int tcp_errno;
    double connect_ms;
    struct obs_tls tls; /* CloudFront's handshake */
    struct obs_explain explain;
    struct obs_http http; /* CloudFront's request, when the handshake succeeded */
};

struct obs_cname {
    char *name;
    char *target;
    uint32_t ttl;
};

struct chainfile;      /* chainfile.h */
struct account_origin; /* account.h */

struct obs_origin {
    struct target target; /* copy: what was asked */
    /* --chain-file: where the certificates came from (then nothing was
     * resolved, connected or requested), else NULL. */
    struct chainfile *chain_file;
    char *sni;            /* server name sent, NULL for IP literals */
    enum dns_status dns;
    char *dns_message;    /* resolver detail, or NULL */
    double dns_ms;
    struct obs_cname *cnames;
    size_t ncnames;
    struct obs_addr *addrs;
    size_t naddrs;
    size_t addrs_dropped; /* beyond OBS_MAX_ADDRS */
    /* When the leaf does not cover the name CloudFront checks: the DNS
     * names of the leaf, resolved (DNS only), to find the custom domain
     * that points to the same place. */
    struct obs_origin *lookups;
    size_t nlookups;
    /* What the AWS account says about the origin (the load balancer, its
     * listener and certificates, Route 53, security groups), read after
     * the probe when the run may use the AWS CLI; NULL: not read. */
    struct account_origin *account;
};

#define OBS_MAX_LOOKUPS 16

/* The viewer's request (viewer.c): a URL fetched as a browser would, through
 * whatever answers for its name (CloudFront, normally).  Network text raw. */
#define OBS_VIEWER_BODY 16384 /* bytes of the answer's body kept */
#define OBS_VIEWER_HEADER 256 /* bytes kept of each header recorded */
struct obs_viewer {
    char *url;            /* as given */
    char *host;           /* ASCII, from the URL */
    unsigned port;
    char *path;
    enum dns_status dns;  /* how the host was resolved */
    char *address;        /* the address connected to, or NULL */
    bool done;
    int curl_code;        /* CURLE_*: 0 when an answer came */
    char *curl_error;     /* libcurl's message when it failed (may quote the peer) */
    int status;           /* HTTP status, 0 when none */
    char *http_version;   /* "HTTP/1.1", "HTTP/2" */
    char *server, *x_cache, *pop, *cf_id, *via, *content_type;
    unsigned char *body;  /* the first OBS_VIEWER_BODY bytes */
    size_t nbody;
    size_t body_bytes;    /* as received (may exceed nbody) */
    double dns_ms, connect_ms, tls_ms, first_byte_ms, total_ms;
};
void obs_viewer_free(struct obs_viewer *v);

struct observation {
    struct obs_origin *origins;
    size_t norigins;
    struct obs_viewer *viewer; /* the viewer URL's request, or NULL */
    int64_t started;      /* Unix time, seconds */
    double elapsed_ms;
    bool cancelled;
};

/* Frees the dynamic parts of t and leaves it empty (reusable). */
void obs_tls_clear(struct obs_tls *t);
void obs_http_clear(struct obs_http *h);
/* What kind of address an answer holds (a fact about the number, no
 * judgement): value, JSON name, the words a message uses. */
#define ADDR_CLASS_TABLE(X)                                                                        \
    X(ADDR_PUBLIC, "public", N_("a public address"))                                              \
    X(ADDR_PRIVATE, "private", N_("a private or loopback address"))                               \
    X(ADDR_THIS_NETWORK, "this_network", N_("a \"this network\" address (0.0.0.0/8 or ::)"))     \
    X(ADDR_BROADCAST, "broadcast", N_("the broadcast address"))                                   \
    X(ADDR_MULTICAST, "multicast", N_("a multicast address"))                                     \
    X(ADDR_RESERVED, "reserved", N_("a reserved address (240.0.0.0/4)"))
#define X_ENUM(e, name, text) e,
enum addr_class { ADDR_CLASS_TABLE(X_ENUM) };
#undef X_ENUM
/* IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are classed as a.b.c.d. */
enum addr_class obs_addr_class(const struct obs_addr *a);
const char *obs_addr_class_text(enum addr_class c); /* translated */
/* Nobody can connect to it (this network, broadcast, multicast, reserved):
 * CloudFront cannot, and the probe does not try. */
bool obs_addr_unconnectable(const struct obs_addr *a);

/* Frees everything reachable from obs, and obs itself. */
void obs_free(struct observation *obs);
/* True when every probed address of o completed CloudFront's handshake
 * (with http-only, its TCP connection). */
bool obs_origin_ok(const struct obs_origin *o);
/* An address appended to o (zeroed, statuses pending); owned by o. */
struct obs_addr *obs_origin_add_addr(struct obs_origin *o);
/* Set a's address from raw bytes (4 or 16 by family) or numeric text. */
void obs_addr_set_bytes(struct obs_addr *a, int family, const void *bytes);
bool obs_addr_set_text(struct obs_addr *a, const char *text);

#endif
