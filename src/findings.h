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
    X(FIX_ORIGIN_HTTP, "origin_http")                                                              \
    X(FIX_LB_RULES, "load_balancer_rules")

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
    X(F_TCP_CLOUDFRONT_ONLY, "tcp.cloudfront_only", AREA_CONNECTION, SEV_ERROR, 0, FIX_REACH,      \
      N_("Only CloudFront may connect: this machine's timeout says nothing about CloudFront"),     \
      N_("The connection from this machine timed out, and the load balancer's security groups "    \
         "admit the port from the CloudFront managed prefix list only (read from the account). "   \
         "The timeout is by design; whether CloudFront connects is not known from here: check "    \
         "through the distribution (a viewer URL) or from a machine CloudFront's rule admits."))   \
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
    X(F_CHAIN_SIGNER_NOT_CA, "chain.signer_not_ca", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,    \
      N_("A certificate in the chain is signed by one that is not a CA"),                          \
      N_("Every issuer on the path must be a CA (basicConstraints CA:TRUE, version 3). GnuTLS "    \
         "and every mainstream validator reject the path; CloudFront validates with a real TLS "   \
         "library, so expect 502."))                                                               \
    X(F_CHAIN_NAME_CONSTRAINTS, "chain.name_constraints", AREA_CERTIFICATE, SEV_ERROR, 502,        \
      FIX_CERT, N_("A CA's name constraints exclude the certificate's names"),                     \
      N_("A CA on the path restricts the names it may issue for, and a certificate below it "      \
         "carries a name outside them. Validators reject the path; expect 502."))                  \
    X(F_CHAIN_PATH_LENGTH, "chain.path_length", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,       \
      N_("The chain is longer than a CA allows"),                                                  \
      N_("A CA's pathLenConstraint allows fewer intermediate certificates below it than the "      \
         "path has. Validators reject the path; expect 502."))                                     \
    X(F_CERT_PURPOSE, "cert.purpose", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,                  \
      N_("The certificate is not for TLS servers"),                                                \
      N_("Its extended key usage (or an issuer's) does not include serverAuth, or is empty. "      \
         "Validators checking the server-auth purpose reject it; expect 502."))                    \
    X(F_CERT_INSECURE_ALGORITHM, "cert.insecure_algorithm", AREA_CERTIFICATE, SEV_ERROR, 502,      \
      FIX_CERT, N_("A certificate is signed with an insecure algorithm"),                          \
      N_("A certificate on the path is signed with an algorithm validators no longer accept "      \
         "(SHA-1, MD5). GnuTLS rejects the path; expect 502."))                                    \
    X(F_CERT_CRITICAL_EXTENSION, "cert.critical_extension", AREA_CERTIFICATE, SEV_ERROR, 502,      \
      FIX_CERT, N_("A certificate has an unknown critical extension"),                             \
      N_("A certificate on the path (or its root) marks an extension critical that validators "    \
         "do not know; RFC 5280 says they must then reject it. Expect 502."))                      \
    X(F_CERT_REJECTED, "cert.rejected", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,                \
      N_("A validator rejects the certificate path"),                                              \
      N_("GnuTLS's full verification of the path (as it should be sent, at the time judged, for "  \
         "a TLS server and the name CloudFront checks) rejects it for a reason no other finding "  \
         "names. CloudFront validates with a real TLS library: expect 502."))                      \
    X(F_CERT_REVOKED, "cert.revoked", AREA_CERTIFICATE, SEV_ERROR, 0, FIX_CERT,                    \
      N_("A certificate of the path is revoked"),                                                  \
      N_("A CRL given with --crl-file lists a certificate of the path, and GnuTLS's verification " \
         "rejects it as revoked. CloudFront does not document whether it checks the revocation "  \
         "of origin certificates (OCSP or CRL); strict validators reject a revoked certificate, "  \
         "and a revoked certificate should be replaced."))                                         \
    X(F_CERT_V1_CA, "cert.v1_ca", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CHAIN,                     \
      N_("A version 1 certificate is used as a CA"),                                               \
      N_("A version 1 certificate cannot say it is a CA; validators (OpenSSL, GnuTLS by default) " \
         "reject it as an intermediate. Expect 502."))                                             \
    X(F_CERT_LEAF_CA, "cert.leaf_ca", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                  \
      N_("The server's certificate is marked as a CA"),                                            \
      N_("The leaf has basicConstraints CA:TRUE or key usage keyCertSign. Not documented for "     \
         "CloudFront; strict validators reject this."))                                            \
    X(F_CERT_SERIAL, "cert.serial", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                    \
      N_("A certificate's serial number is zero or too long"),                                     \
      N_("RFC 5280 requires a positive serial number of at most 20 bytes. Not documented for "     \
         "CloudFront; strict validators reject this."))                                            \
    X(F_CERT_SAN_SYNTAX, "cert.san_syntax", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,            \
      N_("A DNS name in the certificate is not a valid host name"),                                \
      N_("A subjectAltName dNSName has an underscore or is an IP address. Not documented for "     \
         "CloudFront; strict validators reject this."))                                            \
    X(F_CERT_WILDCARD_SUFFIX, "cert.wildcard_public_suffix", AREA_CERTIFICATE, SEV_WARNING, 0,     \
      FIX_CERT, N_("A wildcard name covers a whole public suffix"),                                \
      N_("A name such as *.com or *.co.uk. origin-doctor knows every top-level domain and a "      \
         "small built-in list of common public suffixes, not the whole Public Suffix List. Not "   \
         "documented for CloudFront; strict validators reject this."))                             \
    X(F_CERT_AIA, "cert.aia_malformed", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                \
      N_("A certificate's Authority Information Access is malformed"),                             \
      N_("The extension does not parse as a list of URIs. CloudFront fetches nothing from it; "    \
         "strict validators reject this."))                                                        \
    X(F_CERT_RSA_MODULUS, "cert.rsa_modulus", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,          \
      N_("An RSA key's size is not a multiple of 8 bits"),                                         \
      N_("The Web PKI requires RSA moduli of a whole number of bytes. Not documented for "         \
         "CloudFront; strict validators reject this."))                                            \
    X(F_CERT_WEAK_KEY, "cert.weak_key", AREA_CERTIFICATE, SEV_ERROR, 502, FIX_CERT,                \
      N_("A certificate in the chain has a DSA or P-192 key"),                                     \
      N_("CloudFront supports RSA and ECDSA P-256 (P-384 per older guidance) keys; DSA and "       \
         "P-192 are rejected by strict validators and by the libraries CloudFront uses."))         \
    X(F_CERT_CA_EMPTY_SUBJECT, "cert.ca_empty_subject", AREA_CERTIFICATE, SEV_WARNING, 0,          \
      FIX_CHAIN, N_("A CA certificate has an empty subject"),                                      \
      N_("RFC 5280 requires a CA's subject to be a non-empty name. Not documented for "            \
         "CloudFront; strict validators reject this."))                                            \
    X(F_CERT_RSA_1024, "cert.rsa_1024", AREA_CERTIFICATE, SEV_WARNING, 0, FIX_CERT,                \
      N_("A certificate has an RSA key shorter than 2048 bits"),                                   \
      N_("CloudFront documents RSA 1024 as accepted for origin certificates, so this alone does "  \
         "not make it fail; the Web PKI and strict validators require 2048 bits or more."))        \
    X(F_ORIGIN_NOT_CONNECTED, "origin.not_connected", AREA_CONNECTION, SEV_INFO, 0, FIX_REACH,      \
      N_("The origin was not contacted"),                                                          \
      N_("The certificates were read from a file (--chain-file): DNS, the connection, the "       \
         "handshake and CloudFront's request were not checked. The verdict is the chain's and "    \
         "the name's alone; run origin-doctor against the origin itself to check the rest."))     \
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
         "502/503 itself when it has no healthy target."))                                         \
    X(F_HTTP_LB_DEFAULT, "http.lb_default_action", AREA_HTTP, SEV_WARNING, 0, FIX_LB_RULES,        \
      N_("The load balancer's default action answers CloudFront's request"),                       \
      N_("The account shows that the Application Load Balancer's HTTPS listener routes requests "  \
         "by their Host header, and no rule matches the Host CloudFront sends (the Origin Domain " \
         "Name, or the viewer's host when Host is forwarded). Every request from CloudFront gets " \
         "the listener's default action (often a fixed 404 or 503) instead of the application, "   \
         "and CloudFront passes that answer on to viewers."))

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
