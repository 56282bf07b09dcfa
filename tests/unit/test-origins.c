#include "config.h"

/* Two origins of one run with different CloudFront settings, against one
 * real TLS server: the probe builds each origin's priority from its own
 * target.  The server (a child process, GnuTLS, on 127.0.0.1, a port the
 * kernel picks) speaks only TLS 1.1.  The origin whose OriginSslProtocols
 * include TLSv1.1 completes the handshake; the one with TLSv1.2 only does
 * not; an http-only origin on the same port makes no handshake at all.
 * With one run-wide minimum protocol the first two could not differ. */

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "obs.h"
#include "probe.h"
#include "target.h"
#include "tls.h"
#include "unit.h"
#include "xmalloc.h"

static void
need(int ret, const char *what)
{
    if (ret < 0) {
        fprintf(stderr, "fixture: %s: %s\n", what, gnutls_strerror(ret));
        exit(99);
    }
}

/* The server: accept, handshake (blocking), close; forever, until killed. */
static void __attribute__((noreturn)) serve(int lfd)
{
    gnutls_certificate_credentials_t cred;
    gnutls_x509_privkey_t key;
    gnutls_x509_crt_t crt;
    unsigned char serial[1] = {1};
    time_t now = time(NULL);

    need(gnutls_global_init(), "global_init");
    need(gnutls_x509_privkey_init(&key), "privkey_init");
    need(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                      GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
         "generate");
    need(gnutls_x509_crt_init(&crt), "crt_init");
    need(gnutls_x509_crt_set_version(crt, 3), "version");
    need(gnutls_x509_crt_set_serial(crt, serial, 1), "serial");
    need(gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "a.test", 6), "CN");
    need(gnutls_x509_crt_set_activation_time(crt, now - 3600), "activation");
    need(gnutls_x509_crt_set_expiration_time(crt, now + 86400), "expiration");
    need(gnutls_x509_crt_set_key(crt, key), "set_key");
    need(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign");
    need(gnutls_certificate_allocate_credentials(&cred), "cred");
    need(gnutls_certificate_set_x509_key(cred, &crt, 1, key), "set_x509_key");
    for (;;) {
        gnutls_session_t s;
        int fd = accept(lfd, NULL, NULL), r;

        if (fd < 0)
            continue;
        need(gnutls_init(&s, GNUTLS_SERVER), "init");
        need(gnutls_priority_set_direct(s, "NORMAL:-VERS-ALL:+VERS-TLS1.1", NULL), "priority");
        need(gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred), "credentials");
        gnutls_transport_set_int(s, fd);
        gnutls_handshake_set_timeout(s, 5000);
        do
            r = gnutls_handshake(s);
        while (r < 0 && !gnutls_error_is_fatal(r));
        if (r == 0)
            gnutls_bye(s, GNUTLS_SHUT_WR);
        gnutls_deinit(s);
        close(fd);
    }
}

static void
origin(struct target *t, const char *name, unsigned port)
{
    const char *err = NULL;

    if (!target_parse(t, name, port, &err)) {
        fprintf(stderr, "fixture: target_parse %s: %s\n", name, err);
        exit(99);
    }
}

int
main(void)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof sin;
    struct target_settings s;
    struct target t[3];
    struct observation *obs;
    const char *err = NULL;
    unsigned port;
    pid_t pid;
    int lfd, status;
    size_t i;

    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(lfd, 16) < 0 ||
        getsockname(lfd, (struct sockaddr *)&sin, &len) < 0) {
        perror("fixture: listen");
        return 99;
    }
    port = ntohs(sin.sin_port);
    pid = fork();
    if (pid < 0) {
        perror("fixture: fork");
        return 99;
    }
    if (pid == 0)
        serve(lfd);
    close(lfd);

    if (!tls_global_init(&err)) {
        fprintf(stderr, "fixture: %s\n", err);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        return 99;
    }
    memset(&s, 0, sizeof s);
    s.handshake_timeout_ms = 5000;
    s.dns_timeout_ms = 1000;
    s.no_http = true;
    s.explain = false;

    /* 127.0.0.1 three times: TLSv1.1 and up, TLSv1.2 only, http-only. */
    origin(&t[0], "127.0.0.1", port);
    target_set_min_proto(&t[0], TARGET_TLS11);
    origin(&t[1], "127.0.0.1", port);
    origin(&t[2], "127.0.0.1", 0);
    t[2].policy = POLICY_HTTP_ONLY;
    t[2].http_port = port;

    obs = probe_run(NULL, &s, t, 3, &err);
    CHECK_MSG(obs != NULL, "probe_run: %s", unit_show(err));
    if (obs) {
        CHECK_INT("origins", 3, obs->norigins);
        for (i = 0; i < obs->norigins; i++)
            CHECK_INT("one address each", 1, obs->origins[i].naddrs);
        if (obs->norigins == 3 && obs->origins[0].naddrs && obs->origins[1].naddrs &&
            obs->origins[2].naddrs) {
            const struct obs_addr *a = &obs->origins[0].addrs[0], *b = &obs->origins[1].addrs[0],
                                  *c = &obs->origins[2].addrs[0];

            unit_set_case("TLSv1.1 and up against a TLS 1.1 server");
            CHECK_INT("tcp", TCP_CONNECTED, a->tcp);
            CHECK_STR("tls status", "ok", obs_tls_status_name(a->tls.status));
            CHECK_STR("version", "TLS1.1", a->tls.version);
            CHECK_INT("the origin keeps its set", TARGET_TLS11,
                      target_min_proto(&obs->origins[0].target));

            unit_set_case("TLSv1.2 only against the same server, same run");
            CHECK_INT("tcp", TCP_CONNECTED, b->tcp);
            CHECK_MSG(b->tls.status != TLS_OK, "handshake completed with %s",
                      unit_show(b->tls.version));
            CHECK_INT("the origin keeps its set", TARGET_TLS12,
                      target_min_proto(&obs->origins[1].target));

            unit_set_case("http-only on the same port");
            CHECK_INT("tcp", TCP_CONNECTED, c->tcp);
            CHECK_STR("no handshake", "skipped", obs_tls_status_name(c->tls.status));
            CHECK_INT("no certificate", 0, c->tls.ncerts);
            CHECK(obs->origins[2].sni == NULL);
        }
        obs_free(obs);
    }
    for (i = 0; i < 3; i++)
        target_clear(&t[i]);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    tls_global_deinit();
    return unit_result();
}
