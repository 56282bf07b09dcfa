/* The finding catalogue: every problem origin-doctor can name, once, with a
 * stable id (a public contract: JSON, docs, tests), its area, severity, what
 * CloudFront does about it, and the fix guide it points to. */
#ifndef FINDINGS_H
#define FINDINGS_H

enum severity { SEV_ERROR, SEV_WARNING, SEV_INFO };

/* Fix guides (fixes.c turns them into steps). */
#define FIX_TABLE(X)                                                                               \
    X(FIX_NONE, "none")                                                                            \
    X(FIX_DNS, "dns")                                                                              \
    X(FIX_REACH, "reachability")                                                                   \
    X(FIX_CUSTOM_DOMAIN, "custom_domain")                                                          \
    X(FIX_CERT, "certificate")                                                                     \
    X(FIX_CHAIN, "chain")                                                                          \
    X(FIX_TLS_POLICY, "tls_policy")                                                                \
    X(FIX_CLIENT_CERT, "client_certificate")                                                       \
    X(FIX_PORT_PROTOCOL, "port_protocol")                                                          \
    X(FIX_CONSISTENCY, "consistency")                                                              \
    X(FIX_ORIGIN_HTTP, "origin_http")

#define X_ENUM(e, name) e,
enum fix_kind { FIX_TABLE(X_ENUM) FIX_COUNT };
#undef X_ENUM

/* Areas: which part of the path from CloudFront to the origin a finding is
 * about.  The wizard shows a finding on the step that claims its area (the
 * step table in tui/app.c); JSON names are public, words are N_(). */
#define AREA_TABLE(X)                                                                              \
    X(AREA_DNS, "dns", N_("DNS"))                                                                  \
    X(AREA_CONNECTION, "connection", N_("Connection"))                                             \
    X(AREA_CERTIFICATE, "certificate", N_("Certificate"))                                          \
    X(AREA_ORIGIN, "origin", N_("Origin"))                                                         \
    X(AREA_HTTP, "http", N_("HTTP"))                                                               \
    X(AREA_DISTRIBUTION, "distribution", N_("Distribution"))

#define X_ENUM(e, name, word) e,
enum finding_area { AREA_TABLE(X_ENUM) AREA_COUNT };
#undef X_ENUM
/* A set of areas, as the wizard's steps claim them. */
#define AREA_BIT(a) (1u << (a))

/* id, JSON name, area, severity, CloudFront status (0 = none), fix,
 * title, explanation.  Titles and explanations are N_() here, _() when shown. */
#define FINDING_TABLE(X)                                                                           \
    X(F_DNS_NXDOMAIN, "dns.nxdomain", AREA_DNS, SEV_ERROR, 502, FIX_DNS,                           \
      N_("The origin name does not exist in DNS"),                                                 \
      N_("The resolver answered NXDOMAIN. CloudFront resolves the Origin Domain Name in public "   \
         "DNS and answers 502 (NonS3OriginDnsError) when it cannot."))                             \
    X(F_DNS_NO_ADDRESS, "dns.no_address", AREA_DNS, SEV_ERROR, 502, FIX_DNS,                       \
      N_("The origin name has no address"),                                                        \
      N_("The name exists but has no A or AAAA record (NODATA), so CloudFront has nowhere to "     \
         "connect and answers 502."))                                                              \
    X(F_DNS_FAILURE, "dns.failure", AREA_DNS, SEV_ERROR, 502, FIX_DNS,                             \
      N_("The origin name could not be resolved"),                                                 \
      N_("The resolver failed (SERVFAIL, REFUSED or no answer). Broken delegation or DNSSEC "      \
         "makes CloudFront answer 502 too."))                                                      \
    X(F_NET_PRIVATE, "net.private_address", AREA_DNS, SEV_WARNING, 504, FIX_REACH,                 \
      N_("The origin resolves to a private address"),                                              \
      N_("CloudFront connects over the internet and cannot reach private or loopback "             \
         "addresses unless the origin is a VPC origin; expect 504."))                              \
    X(F_TCP_REFUSED, "tcp.refused", AREA_CONNECTION, SEV_ERROR, 502, FIX_REACH,                    \
      N_("The origin refused the connection"),                                                     \
      N_("Nothing listens on the HTTPS port, or a firewall rejects it. CloudFront answers 502."))  \
    X(F_TCP_TIMEOUT, "tcp.timeout", AREA_CONNECTION, SEV_ERROR, 504, FIX_REACH,                    \
      N_("The connection timed out"),                                                              \
      N_("No answer to the TCP connection within the connection timeout: a security group or "     \
         "firewall drops the packets. CloudFront tries ConnectionAttempts times, then answers "    \
         "504."))                                                                                  \
    X(F_TCP_UNREACHABLE, "tcp.unreachable", AREA_CONNECTION, SEV_ERROR, 502, FIX_REACH,            \
      N_("The origin address is unreachable"),                                                     \
      N_("The network reported the host or network unreachable."))                                 \
    X(F_TLS_NOT_TLS, "tls.not_tls", AREA_CONNECTION, SEV_ERROR, 502, FIX_PORT_PROTOCOL,            \
      N_("The HTTPS port does not speak TLS"),                                                     \
      N_("Something that is not a TLS server (often plain HTTP) answers on the origin's HTTPS "    \
         "port. Check the HTTPS port and the Origin Protocol Policy."))                            \
    X(F_TLS_PROTOCOL, "tls.protocol", AREA_CONNECTION, SEV_ERROR, 502, FIX_TLS_POLICY,             \
      N_("No protocol version in common with CloudFront"),                                         \
      N_("CloudFront speaks TLS 1.0 to 1.2 toward origins (from the Minimum Origin SSL "           \
         "Protocol up), never TLS 1.3. The server accepts none of the versions CloudFront "        \
         "offers."))                                                                               \
    X(F_TLS_CIPHER, "tls.cipher", AREA_CONNECTION, SEV_ERROR, 502, FIX_TLS_POLICY,                 \
      N_("No cipher suite in common with CloudFront"),                                             \
      N_("The server accepts none of the 16 suites CloudFront offers to origins (no ChaCha20, "    \
         "no DHE, no static-RSA AES-GCM)."))                                                       \
    X(F_TLS_CLIENT_CERT, "tls.client_cert", AREA_CONNECTION, SEV_ERROR, 502, FIX_CLIENT_CERT,      \
      N_("The server demands a client certificate"),                                               \
      N_("CloudFront sends no client certificate unless origin mutual TLS is configured, so "      \
         "the handshake fails."))                                                                  \
    X(F_TLS_HANDSHAKE, "tls.handshake", AREA_CONNECTION, SEV_ERROR, 502, FIX_TLS_POLICY,           \
      N_("The TLS handshake failed"),                                                              \
      N_("The server ended the handshake for a reason the explaining handshakes could not "        \
         "narrow down."))                                                                          \
    X(F_TLS_TIMEOUT, "tls.timeout", AREA_CONNECTION, SEV_ERROR, 504, FIX_REACH,                    \
      N_("The TLS handshake timed out"),                                                           \
      N_("The server accepted the connection but never finished the handshake."))                  \
    X(F_TLS_OVERSIZED, "tls.oversized", AREA_CONNECTION, SEV_ERROR, 0, FIX_CHAIN,                  \
      N_("The handshake is larger than origin-doctor reads"),                                      \
      N_("The server sent more than 160 KiB before its handshake was done (a huge Certificate "    \
         "message, say), so origin-doctor stopped reading and could not check the certificate. "   \
         "How much CloudFront reads is not documented; GnuTLS refuses handshake messages over "    \
         "128 KiB. The verdict is unknown, not a pass."))                                         \
    X(F_CERT_NAME_MISMATCH, "cert.name_mismatch", AREA_CERTIFICATE, SEV_ERROR, 502,                \
      FIX_CUSTOM_DOMAIN, N_("The certificate does not cover the name CloudFront checks"),          \
      N_("CloudFront checks the certificate against the Origin Domain Name (or the forwarded "     \
         "Host header) and drops the connection when no name in it matches."))                     \
    X(F_CERT_CN_ONLY, "cert.cn_only", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                  \
      N_("The name matches only the Common Name"),                                                 \
      N_("The certificate has no Subject Alternative Name; the name matches its CN. Whether "      \
         "CloudFront accepts CN-only certificates is not documented; ACM certificates always "     \
         "carry SANs."))                                                                           \
    X(F_ORIGIN_ELB_NAME, "origin.elb_name", AREA_ORIGIN, SEV_ERROR, 502, FIX_CUSTOM_DOMAIN,        \
      N_("The Origin Domain Name is a load balancer's DNS name"),                                  \
      N_("Nobody can get a certificate for *.elb.amazonaws.com, so the load balancer's own name "  \
         "can never match its certificate. Use a custom domain that points to the load "           \
         "balancer as the Origin Domain Name."))                                                   \
    X(F_ORIGIN_AWS_NAME, "origin.aws_name", AREA_ORIGIN, SEV_ERROR, 502, FIX_CUSTOM_DOMAIN,        \
      N_("The Origin Domain Name is an AWS-owned name"),                                           \
      N_("No certificate you can obtain covers an AWS-owned name such as *.amazonaws.com or "      \
         "*.elasticbeanstalk.com. Use a custom domain as the Origin Domain Name."))                \
    X(F_CERT_EXPIRED, "cert.expired", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,                  \
      N_("The certificate has expired"), N_("CloudFront rejects an expired origin certificate."))  \
    X(F_CERT_NOT_YET_VALID, "cert.not_yet_valid", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,      \
      N_("The certificate is not valid yet"),                                                      \
      N_("Its validity starts in the future (or the server's clock is wrong)."))                   \
    X(F_CERT_EXPIRING, "cert.expiring", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                \
      N_("The certificate expires within 30 days"),                                                \
      N_("CloudFront will answer 502 from the day it expires; renew it now."))                     \
    X(F_CERT_SELF_SIGNED, "cert.self_signed", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,          \
      N_("The certificate is self-signed"),                                                        \
      N_("CloudFront accepts only certificates from a CA in Mozilla's list; a self-signed one "    \
         "(for example on an nginx behind a TLS-passthrough load balancer) always fails."))        \
    X(F_CERT_UNTRUSTED, "cert.untrusted", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,              \
      N_("The chain does not lead to a trusted CA"),                                               \
      N_("The chain ends at a CA that is not in the trust store (Mozilla's list for "              \
         "CloudFront), such as a private CA."))                                                    \
    X(F_CERT_KEY, "cert.key", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,                          \
      N_("The certificate's key or signature is not one CloudFront supports"),                     \
      N_("CloudFront supports RSA keys of 1024 to 4096 bits and ECDSA P-256 (P-384 per older "     \
         "guidance), with PKCS#1 v1.5 or ECDSA signatures; no RSA-PSS, no EdDSA."))                \
    X(F_CHAIN_ORDER, "chain.order", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,                   \
      N_("The certificate chain is out of order"),                                                 \
      N_("Each certificate must be followed by the one that issued it. Browsers and OpenSSL "      \
         "quietly re-sort a chain; CloudFront does not."))                                         \
    X(F_CHAIN_INCOMPLETE, "chain.incomplete", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,         \
      N_("The chain is missing an intermediate certificate"),                                      \
      N_("CloudFront does not fetch missing intermediates; the server must send the leaf and "     \
         "every intermediate."))                                                                   \
    X(F_CHAIN_UNCHECKED, "chain.unchecked", AREA_CERTIFICATE, SEV_ERROR, 0, FIX_CHAIN,             \
      N_("The certificate chain could not be checked in full"),                                    \
      N_("Part of what the server sent is beyond what origin-doctor keeps (32 certificates, each "  \
         "up to 128 KiB, as much as GnuTLS accepts), so the chain was not checked to its end, or "  \
         "the certificate not at all. What CloudFront does with so long a chain is not "           \
         "documented; send only the leaf and its intermediates. The verdict is unknown, not a "    \
         "pass."))                                                                                 \
    X(F_CHAIN_EXPIRED, "chain.expired", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,               \
      N_("An intermediate certificate has expired or is not valid yet"),                           \
      N_("Every certificate in the chain must be valid now."))                                     \
    X(F_CHAIN_ROOT, "chain.root_included", AREA_CERTIFICATE, SEV_INFO, 0, FIX_CHAIN,               \
      N_("The chain includes the root certificate"),                                               \
      N_("Harmless but unneeded: clients have the root already."))                                 \
    X(F_CHAIN_EXTRA, "chain.extra", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CHAIN,                   \
      N_("The chain contains unrelated certificates"),                                             \
      N_("Certificates that are not part of the path from the leaf to the root. How CloudFront "   \
         "treats them is not documented; remove them."))                                           \
    X(F_ORIGIN_INCONSISTENT, "origin.inconsistent", AREA_CONNECTION, SEV_ERROR, 502,               \
      FIX_CONSISTENCY, N_("The origin's addresses disagree"),                                      \
      N_("Some addresses of this origin work and others fail, or they serve different "            \
         "certificates: CloudFront's 502s will be intermittent."))                                 \
    X(F_HTTP_TIMEOUT, "http.timeout", AREA_HTTP, SEV_ERROR, 504, FIX_ORIGIN_HTTP,                  \
      N_("The origin does not answer CloudFront's request in time"),                               \
      N_("The handshake completed, but no response came within the origin read timeout (30 s "     \
         "by default; it also bounds each gap between packets). CloudFront drops the connection, " \
         "retries a GET, and answers 504."))                                                       \
    X(F_HTTP_CLOSED, "http.closed", AREA_HTTP, SEV_ERROR, 502, FIX_ORIGIN_HTTP,                    \
      N_("The origin closes the connection before a response"),                                    \
      N_("The handshake completed, but the origin closed or reset the connection before a "        \
         "complete response head. CloudFront answers 502."))                                       \
    X(F_HTTP_MALFORMED, "http.malformed", AREA_HTTP, SEV_ERROR, 502, FIX_ORIGIN_HTTP,              \
      N_("The origin's answer is not a valid HTTP response"),                                      \
      N_("What came back after CloudFront's request is not an HTTP/1.1 response head, or its "     \
         "header block runs past 64 KiB (origin-doctor's cap; CloudFront's own limit is not "      \
         "documented, its logs name it OriginHeaderTooBigError). CloudFront answers 502."))        \
    X(F_HTTP_ORIGIN_ERROR, "http.origin_error", AREA_HTTP, SEV_WARNING, 0, FIX_ORIGIN_HTTP,        \
      N_("The origin answers with a server error itself"),                                         \
      N_("CloudFront reached the origin, and the origin answered 5xx. CloudFront passes that "     \
         "answer on: viewers get the origin's error, not CloudFront's. A load balancer answers "   \
         "502/503 itself when it has no healthy target."))

#define X_ENUM(e, id, area, sev, status, fix, title, text) e,
enum finding_id { FINDING_TABLE(X_ENUM) FINDING_COUNT };
#undef X_ENUM

struct finding_def {
    const char *id;
    enum finding_area area;
    enum severity severity;
    int cloudfront_status;
    enum fix_kind fix;
    const char *title; /* untranslated; _() it */
    const char *text;
};

const struct finding_def *findings_def(enum finding_id f);
const char *findings_severity_name(enum severity s); /* "error" ... */
const char *findings_severity_text(enum severity s); /* translated */
const char *findings_fix_name(enum fix_kind k);
const char *findings_area_name(enum finding_area a); /* "dns" ... */
const char *findings_area_text(enum finding_area a); /* translated */

#endif
