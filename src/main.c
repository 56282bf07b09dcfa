/* origin-doctor: the command line.  Parses options into targets and
 * settings, runs the probe, hands the observation to a presenter. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "awscli.h"
#include "batch.h"
#include "chainfile.h"
#include "demo.h"
#include "diag.h"
#include "distrun.h"
#include "facts.h"
#include "i18n.h"
#include "probe.h"
#include "profile.h"
#include "report.h"
#include "sanitize.h"
#include "target.h"
#include "tls.h"
#include "trust.h"
#include "tui/tui.h"
#include "viewer.h"
#include "xmalloc.h"

enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,
    EXIT_USAGE = 2,
    EXIT_INTERNAL = 3,
};

enum {
    OPT_DNS_SERVER = 256,
    OPT_RESOLVE,
    OPT_CA_FILE,
    OPT_MIN_PROTOCOL,
    OPT_POLICY,
    OPT_HTTP_PORT,
    OPT_CONNECT_TIMEOUT,
    OPT_HANDSHAKE_TIMEOUT,
    OPT_DNS_TIMEOUT,
    OPT_NO_EXPLAIN,
    OPT_READ_TIMEOUT,
    OPT_NO_HTTP,
    OPT_VPC_ORIGIN,
    OPT_FORMAT,
    OPT_BATCH,
    OPT_JSON,
    OPT_AT,
    OPT_DEMO,
    OPT_DEMO_FIXED,
    OPT_CHAIN_FILE,
    OPT_CRL_FILE,
    OPT_CERTIFICATE_ARN,
    OPT_DISTRIBUTION_CONFIG,
    OPT_DISTRIBUTION,
    OPT_ALL_DISTRIBUTIONS,
    OPT_AWS_PROFILE,
    OPT_AWS_ENDPOINT_URL,
    OPT_NO_AWS,
    OPT_AWS,
};

static const struct option long_options[] = {
    {"port", required_argument, NULL, 'p'},
    {"dns-server", required_argument, NULL, OPT_DNS_SERVER},
    {"resolve", required_argument, NULL, OPT_RESOLVE},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"min-protocol", required_argument, NULL, OPT_MIN_PROTOCOL},
    {"origin-protocol-policy", required_argument, NULL, OPT_POLICY},
    {"http-port", required_argument, NULL, OPT_HTTP_PORT},
    {"host-header", required_argument, NULL, 'H'},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"handshake-timeout", required_argument, NULL, OPT_HANDSHAKE_TIMEOUT},
    {"dns-timeout", required_argument, NULL, OPT_DNS_TIMEOUT},
    {"no-explain", no_argument, NULL, OPT_NO_EXPLAIN},
    {"read-timeout", required_argument, NULL, OPT_READ_TIMEOUT},
    {"no-http", no_argument, NULL, OPT_NO_HTTP},
    {"vpc-origin", no_argument, NULL, OPT_VPC_ORIGIN},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"batch", no_argument, NULL, OPT_BATCH},
    {"json", no_argument, NULL, OPT_JSON},
    {"at", required_argument, NULL, OPT_AT},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"demo-fixed", no_argument, NULL, OPT_DEMO_FIXED},
    {"chain-file", required_argument, NULL, OPT_CHAIN_FILE},
    {"crl-file", required_argument, NULL, OPT_CRL_FILE},
    {"certificate-arn", required_argument, NULL, OPT_CERTIFICATE_ARN},
    {"distribution-config", required_argument, NULL, OPT_DISTRIBUTION_CONFIG},
    {"distribution", required_argument, NULL, OPT_DISTRIBUTION},
    {"all-distributions", no_argument, NULL, OPT_ALL_DISTRIBUTIONS},
    {"aws-profile", required_argument, NULL, OPT_AWS_PROFILE},
    {"aws-endpoint-url", required_argument, NULL, OPT_AWS_ENDPOINT_URL},
    {"no-aws", no_argument, NULL, OPT_NO_AWS},
    {"aws", no_argument, NULL, OPT_AWS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* The largest --ca-file read: Mozilla's whole bundle is about 220 KB. */
#define CA_FILE_MAX (4 << 20)

/* One line on stderr, then exit 2: the usage-error path.  The message
 * echoes what the user typed, so it goes out sanitized like any other
 * untrusted text (no escape sequence, bidi override or invalid UTF-8 reaches
 * the terminal). */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
    va_list ap;
    char buf[1024], *clean;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    clean = sanitize(buf);
    fprintf(stderr, "%s: %s\n", PACKAGE, clean);
    free(clean);
    exit(EXIT_USAGE);
}

static void
print_help(void)
{
    printf(_("Usage: %s [OPTION]... [ORIGIN[:PORT]]...\n"), PACKAGE);
    fputs(_("Connect to each ORIGIN the way Amazon CloudFront connects to a custom origin\n"
            "over HTTPS (same SNI, protocol versions, cipher suites), on every address\n"
            "it resolves to, in parallel, and report what the origin presented.\n"),
          stdout);
    fputs(_("On a terminal a step-by-step wizard opens (without ORIGIN, on an empty\n"
            "form); --format (or --batch, --json) prints a report instead.\n"),
          stdout);
    fputs("\n", stdout);
    fputs(_("CloudFront's settings of every ORIGIN:\n"
            "      --origin-protocol-policy=POLICY\n"
            "                             https-only (default), match-viewer (checked as\n"
            "                             for HTTPS viewers) or http-only (no TLS: only\n"
            "                             the TCP connection to the HTTP port)\n"
            "  -p, --port=N               HTTPS port (default 443)\n"
            "      --http-port=N          HTTP port (default 80); a PORT after ORIGIN is\n"
            "                             the port of the protocol the policy uses\n"
            "      --min-protocol=VERSION CloudFront's Minimum Origin SSL Protocol: SSLv3,\n"
            "                             TLSv1, TLSv1.1 or TLSv1.2 (default TLSv1.2)\n"
            "  -H, --host-header=NAME     the behaviour forwards the viewer's Host header\n"
            "                             NAME: SNI and the name check use it\n"
            "      --connect-timeout=SEC  TCP connect timeout (default 10, CloudFront's)\n"),
          stdout);
    fputs("\n", stdout);
    fputs(_("How to look:\n"
            "      --dns-server=IP[:PORT][,...]\n"
            "                             ask these resolvers instead of /etc/resolv.conf\n"
            "      --resolve=NAME:PORT:ADDR[,ADDR...]\n"
            "                             use ADDR for NAME:PORT, skipping DNS (may repeat)\n"
            "      --ca-file=FILE         trust store (default: the system bundle)\n"
            "      --handshake-timeout=SEC  TLS handshake timeout (default 10)\n"
            "      --dns-timeout=SEC      DNS timeout (default 5)\n"
            "  -4, -6                     probe only IPv4 or only IPv6 addresses\n"
            "      --no-explain           no explaining handshakes after a failure\n"
            "      --vpc-origin           the origin is a CloudFront VPC origin: private\n"
            "                             addresses are expected\n"
            "      --at=DATE              judge certificate validity at DATE (YYYY-MM-DD)\n"
            "                             instead of now\n"
            "      --format=FORMAT        print the report as text, json or markdown,\n"
            "                             no user interface\n"
            "      --batch                the same as --format=text\n"
            "      --json                 the same as --format=json\n"
            "      --distribution-config=FILE\n"
            "                             probe every origin of a saved distribution\n"
            "                             configuration (aws cloudfront get-distribution-config\n"
            "                             or get-distribution output; - reads standard input)\n"
            "      --distribution=ID|DOMAIN read the distribution with the AWS CLI (by its id,\n"
            "                             an alternate domain name or its cloudfront.net name)\n"
            "      --all-distributions    every distribution of the account\n"
            "      --aws-profile=NAME     the AWS CLI profile to use (--profile)\n"
            "      --aws-endpoint-url=URL the AWS CLI's --endpoint-url (local emulators)\n"
            "      --aws                  read the account behind each origin with the AWS\n"
            "                             CLI (read-only): the load balancer, its listener\n"
            "                             and certificates, Route 53 records, security\n"
            "                             groups; implied by --distribution,\n"
            "                             --all-distributions, --aws-profile and\n"
            "                             --aws-endpoint-url\n"
            "      --no-aws               never run the AWS CLI (custom policies and the\n"
            "                             account stay unknown)\n"
            "      --demo                 the built-in demo origins on loopback (no network)\n"
            "      --demo-fixed           the demo after the fix: origin.example.com\n"
            "  -h, --help                 display this help and exit\n"
            "  -V, --version              output version information and exit\n"),
          stdout);
    fputs("\n", stdout);
    fputs(_("Offline, from the evidence a customer sends:\n"
            "      --chain-file=FILE      judge the certificates in FILE (- for standard\n"
            "                             input) as the server's chain for ORIGIN: a PEM\n"
            "                             bundle, an openssl s_client -showcerts or\n"
            "                             gnutls-cli --print-cert transcript, DER, or the\n"
            "                             JSON of aws acm get-certificate; no network\n"),
          stdout);
    fputs(_("      --certificate-arn=ARN  judge an ACM certificate and its chain, read with\n"
            "                             the AWS CLI, for ORIGIN before it is attached\n"
            "      --crl-file=FILE        CRLs (PEM or DER) the verification checks: a\n"
            "                             certificate they list is revoked (may repeat)\n"),
          stdout);
    fputs("\n", stdout);
    fputs(_("After the handshake, CloudFront's request (GET /) on the same connection:\n"
            "      --read-timeout=SEC     origin read timeout: first byte and each gap\n"
            "                             (default 30, CloudFront's)\n"
            "      --no-http              send no request, stop after the handshake\n"),
          stdout);
    fputs(_("An argument https://HOST/PATH is a viewer's URL: it is requested as a\n"
            "viewer would (same --resolve, --dns-server and --ca-file), and PATH is\n"
            "what CloudFront's request to the origins asks for.\n"),
          stdout);
    fputs(_("Given alone, with AWS access (no --no-aws), the URL's HOST finds its\n"
            "distribution among the alternate domain names, PATH its cache behaviour\n"
            "(first matching path pattern, else the default), and that behaviour's\n"
            "origin is diagnosed first, the others after it.\n"),
          stdout);
    fputs("\n", stdout);
    fputs(_("Exit status: 0 if CloudFront would connect to every origin (warnings\n"
            "allowed), 1 if it would answer 502 or 504 for any or if something it checks\n"
            "could not be checked, 2 for a usage or input error, 3 for an internal error.\n"),
          stdout);
}

static void
print_version(void)
{
    printf("%s %s\n", PACKAGE, VERSION);
    fputs("Copyright (C) 2026 The origin-doctor authors.\n"
          "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
          "This is free software: you are free to change and redistribute it.\n"
          "There is NO WARRANTY, to the extent permitted by law.\n",
          stdout);
}

/* Seconds, decimals allowed, to milliseconds in 1 ms .. 1 hour. */
static unsigned
parse_seconds(const char *opt, const char *s)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0.001 && v <= 3600))
        usage_error(_("%s wants a number of seconds from 0.001 to 3600, not '%s'"), opt, s);
    return (unsigned)(v * 1000 + 0.5);
}

/* --at's range: 2000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the end of
 * X.509's GeneralizedTime.  0 stays "now" inside the program, so no date
 * may be 0; and the range keeps certificate date arithmetic far from
 * overflow. */
#define AT_MIN ((long long)946684800)
#define AT_MAX ((long long)253402300799)

/* YYYY-MM-DD[THH:MM:SS] (UTC) or @EPOCH, within AT_MIN..AT_MAX. */
static time_t
parse_date(const char *s)
{
    struct tm tm, back;
    const char *end;
    char *e;
    long long v;

    if (s[0] == '@') {
        errno = 0;
        v = strtoll(s + 1, &e, 10);
        if (*e || e == s + 1 || !(s[1] == '-' || (s[1] >= '0' && s[1] <= '9')))
            usage_error(_("--at wants YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @SECONDS, not '%s'"), s);
        if (errno == ERANGE || v < AT_MIN || v > AT_MAX)
            usage_error(_("--at wants a time from 2000-01-01 to 9999-12-31, not '%s'"), s);
        return (time_t)v;
    }
    memset(&tm, 0, sizeof tm);
    end = strptime(s, "%Y-%m-%d", &tm);
    if (end && *end == 'T')
        end = strptime(end + 1, "%H:%M:%S", &tm);
    if (!end || *end)
        usage_error(_("--at wants YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @SECONDS, not '%s'"), s);
    back = tm;
    v = (long long)timegm(&back);
    /* timegm() normalises (February 31 is March 3): only real dates. */
    if (back.tm_mday != tm.tm_mday || back.tm_mon != tm.tm_mon || back.tm_year != tm.tm_year ||
        back.tm_hour != tm.tm_hour || back.tm_min != tm.tm_min || back.tm_sec != tm.tm_sec)
        usage_error(_("--at wants YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @SECONDS, not '%s'"), s);
    if (v < AT_MIN || v > AT_MAX)
        usage_error(_("--at wants a time from 2000-01-01 to 9999-12-31, not '%s'"), s);
    return (time_t)v;
}

/* Where the translations are: $ORIGIN_DOCTOR_LOCALEDIR, else the locale/
 * tree that `make` builds beside an uninstalled binary (so that the
 * README's first command speaks Japanese too), else the installed one. */
static void
bind_catalogues(void)
{
    const char *env = getenv("ORIGIN_DOCTOR_LOCALEDIR");
    char exe[4096], *slash, *dir = NULL;
    ssize_t n;
    struct stat st;

    if (env && *env) {
        bindtextdomain(PACKAGE, env);
        return;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/'))) {
            *slash = '\0';
            dir = xasprintf("%s/locale", exe);
        }
    }
    bindtextdomain(PACKAGE, dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : LOCALEDIR);
    free(dir);
}

/* Enough descriptors for many origins at once; the soft limit is often 1024. */
static void
raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* The certificates of one origin read offline (a file or ACM), judged with
 * no network at all.  Takes t and cf. */
static int
judge_offline(struct target_settings *s, const struct target *tg, struct obs_tls *t,
              struct chainfile *cf, gnutls_x509_trust_list_t trust, time_t at,
              const struct report_format *fmt)
{
    struct observation *obs = chainfile_observation(tg, t, cf);
    struct diagnosis *d = diagnose(obs, s, trust, at ? at : time(NULL));
    int status = diag_all_ok(d) ? EXIT_OK : EXIT_FAIL;

    errno = 0;
    if (fmt->write(stdout, obs, d, s) < 0 || fflush(stdout) != 0) {
        fprintf(stderr, _("%s: cannot write the report: %s\n"), PACKAGE,
                strerror(errno ? errno : EIO));
        status = EXIT_INTERNAL;
    }
    diag_free(d);
    obs_free(obs);
    return status;
}

/* Can the report format show distributions (no --format yet: text can)? */
static bool
fmt_can_run(const struct report_format *fmt)
{
    return !fmt || fmt->write_run;
}

/* --chain-file: the certificates in path judged for the one target, with
 * no network at all.  Exit 2 when nothing usable is in the file. */
static int
chain_file_run(struct target_settings *s, const struct target *tg, const char *path,
               gnutls_x509_trust_list_t trust, time_t at, const struct report_format *fmt)
{
    struct obs_tls t;
    struct chainfile cf;
    char *err = NULL;

    memset(&cf, 0, sizeof cf);
    if (!chainfile_read(path, &t, &cf, &err)) {
        fprintf(stderr, "%s: %s\n", PACKAGE, err);
        free(err);
        return EXIT_USAGE;
    }
    if (cf.truncated)
        fprintf(stderr, _("%s: warning: the last certificate in '%s' is cut short\n"), PACKAGE,
                path);
    return judge_offline(s, tg, &t, &cf, trust, at, fmt);
}

/* --certificate-arn: the ACM certificate and its chain, read with the AWS
 * CLI (`aws acm get-certificate` in the ARN's Region), judged for the one
 * target before it is attached to anything.  A refused or failed call is
 * exit 2 with the CLI's reason. */
static int
certificate_arn_run(struct target_settings *s, const struct target *tg, const char *arn,
                    const struct awscli_opts *o, gnutls_x509_trust_list_t trust, time_t at,
                    const struct report_format *fmt)
{
    struct loop *l;
    struct awscli_result r;
    struct obs_tls t;
    struct chainfile cf;
    const char *err = NULL;
    char *region = NULL;
    int status;

    if (!awscli_arn_region(arn, "acm", &region)) /* checked with the options */
        return EXIT_USAGE;
    {
        const char *args[] = {
            "acm", "get-certificate", "--certificate-arn", arn, "--region", region, NULL};
        l = loop_new();
        memset(&r, 0, sizeof r);
        awscli_run(l, o, args, &r);
        loop_free(l);
    }
    free(region);
    memset(&cf, 0, sizeof cf);
    if (r.status != AWSCLI_OK) {
        fprintf(stderr, _("%s: cannot read the certificate %s from ACM: %s\n"), PACKAGE, arn,
                r.message ? r.message : "?");
        status = r.status == AWSCLI_CANCELLED ? EXIT_INTERNAL : EXIT_USAGE;
    } else if (!chainfile_from_acm(r.json, arn, &t, &cf, &err)) {
        fprintf(stderr, _("%s: the certificate %s from ACM: %s\n"), PACKAGE, arn, err);
        status = EXIT_USAGE;
    } else {
        status = judge_offline(s, tg, &t, &cf, trust, at, fmt);
    }
    awscli_result_clear(&r);
    return status;
}

int
main(int argc, char **argv)
{
    struct target_settings s;
    struct target defaults; /* what the command line sets for every origin */
    struct target *targets = NULL;
    size_t ntargets = 0, i, j, noperands = 0;
    char **operands = NULL; /* the ORIGIN and URL arguments, in order */
    const char *host_header = NULL, *err = NULL, *bad_port = NULL, *bad_http_port = NULL;
    const struct report_format *fmt = NULL;
    gnutls_x509_trust_list_t trust = NULL;
    struct loop *loop = NULL;
    const char *url = NULL;
    struct demo *demo = NULL;
    int want_demo = 0; /* 1 --demo, 2 --demo-fixed */
    const char *chain_file = NULL, *cert_arn = NULL;
    const char **crl_files = NULL;
    size_t ncrl_files = 0;
    time_t at = 0;
    int c, status;
    const char **dist_files = NULL, **dist_names = NULL;
    size_t ndist_files = 0, ndist_names = 0;
    bool all_dists = false, no_aws = false, want_dist, want_aws = false, url_lookup = false;
    struct awscli_opts aws_opts;
    struct distrun run;
    struct origin_facts *facts = NULL; /* one per target: the distribution behind it */

    /* Of the user's locale, what the program uses: the character set
     * (LC_CTYPE: wide characters, the terminal) and the language of the
     * messages (LC_MESSAGES).  Numbers and dates stay as in the C locale,
     * the same in the text report as in JSON; and loading the other ten
     * categories cost some 60 system calls of every run. */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    bind_catalogues();
    textdomain(PACKAGE);

    memset(&s, 0, sizeof s);
    memset(&aws_opts, 0, sizeof aws_opts);
    memset(&run, 0, sizeof run);
    target_init(&defaults);
    s.handshake_timeout_ms = PROFILE_HANDSHAKE_TIMEOUT_MS;
    s.dns_timeout_ms = PROFILE_DNS_TIMEOUT_MS;
    s.explain = true;

    opterr = 0; /* our own one-line messages */
    /* "-": each operand comes back in its place as the argument of option
     * 1.  Without it, GNU getopt moves the operands behind the options as
     * it goes, one exchange of the whole run each time: quadratic in the
     * command line, 50 ms for 10,000 origins each given with --resolve. */
    operands = xcalloc((size_t)argc + 1, sizeof *operands);
    while ((c = getopt_long(argc, argv, "-:p:H:46hV", long_options, NULL)) != -1) {
        switch (c) {
        case 1:
            operands[noperands++] = optarg;
            break;
        case 'p':
            if (!target_parse_port(optarg, &defaults.https_port))
                bad_port = optarg;
            break;
        case OPT_HTTP_PORT:
            if (!target_parse_port(optarg, &defaults.http_port))
                bad_http_port = optarg;
            break;
        case OPT_POLICY:
            if (!target_parse_policy(optarg, &defaults.policy))
                usage_error(_("--origin-protocol-policy wants https-only, match-viewer or "
                              "http-only, not '%s'"),
                            optarg);
            break;
        case OPT_DNS_SERVER:
            free(s.dns_servers);
            if (!(s.dns_servers = target_parse_dns_servers(optarg, &err)))
                usage_error("%s: '%s'", err, optarg);
            break;
        case OPT_RESOLVE:
            s.resolves = xreallocarray(s.resolves, s.nresolves + 1, sizeof *s.resolves);
            if (!target_parse_resolve(&s.resolves[s.nresolves], optarg, &err))
                usage_error("%s: '%s'", err, optarg);
            s.nresolves++;
            break;
        case OPT_CA_FILE: {
            /* A regular file of bounded size: a FIFO would hang the read,
             * /dev/zero never ends, and GnuTLS holds a PEM file in memory
             * many times over.  Checked on the open descriptor. */
            struct stat st;
            int fd = open(optarg, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0 && (errno == EMFILE || errno == ENFILE || errno == ENOMEM)) {
                /* This machine's shortage, not a bad argument. */
                fprintf(stderr, _("%s: cannot open CA file: %s\n"), PACKAGE, strerror(errno));
                exit(EXIT_INTERNAL);
            }
            if (fd < 0)
                usage_error(_("cannot read CA file '%s': %s"), optarg, strerror(errno));
            if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
                close(fd);
                usage_error(_("CA file '%s' is not a regular file"), optarg);
            }
            close(fd);
            if (st.st_size > CA_FILE_MAX)
                usage_error(_("CA file '%s' is larger than %d MiB"), optarg, CA_FILE_MAX >> 20);
            free(s.ca_file);
            s.ca_file = xstrdup(optarg);
            break;
        }
        case OPT_MIN_PROTOCOL: {
            enum target_proto min;
            if (!target_parse_proto(optarg, &min))
                usage_error(_("--min-protocol wants SSLv3, TLSv1, TLSv1.1 or TLSv1.2, not '%s'"),
                            optarg);
            target_set_min_proto(&defaults, min);
            break;
        }
        case 'H':
            host_header = optarg;
            break;
        case OPT_CONNECT_TIMEOUT:
            defaults.connect_timeout_ms = parse_seconds("--connect-timeout", optarg);
            break;
        case OPT_HANDSHAKE_TIMEOUT:
            s.handshake_timeout_ms = parse_seconds("--handshake-timeout", optarg);
            break;
        case OPT_DNS_TIMEOUT:
            s.dns_timeout_ms = parse_seconds("--dns-timeout", optarg);
            break;
        case '4':
            s.family = 4;
            break;
        case '6':
            s.family = 6;
            break;
        case OPT_READ_TIMEOUT:
            defaults.read_timeout_ms = parse_seconds("--read-timeout", optarg);
            break;
        case OPT_NO_HTTP:
            s.no_http = true;
            break;
        case OPT_NO_EXPLAIN:
            s.explain = false;
            break;
        case OPT_VPC_ORIGIN:
            s.private_ok = true;
            break;
        case OPT_FORMAT:
        case OPT_BATCH:
        case OPT_JSON: {
            /* --batch and --json are --format=text and --format=json. */
            const char *name = c == OPT_FORMAT ? optarg : c == OPT_JSON ? "json" : "text";
            const struct report_format *f = report_format_find(name);
            if (!f)
                usage_error(_("--format wants text, json or markdown, not '%s'"), name);
            if (fmt && fmt != f)
                usage_error(_("two report formats asked for: %s and %s"), fmt->name, f->name);
            fmt = f;
            break;
        }
        case OPT_AT:
            at = parse_date(optarg);
            break;
        case OPT_CHAIN_FILE:
            chain_file = optarg;
            break;
        case OPT_CERTIFICATE_ARN: {
            char *region = NULL;
            if (!awscli_arn_region(optarg, "acm", &region))
                usage_error(_("--certificate-arn wants the ARN of an ACM certificate "
                              "(arn:aws:acm:REGION:ACCOUNT:certificate/ID), not '%s'"),
                            optarg);
            free(region);
            cert_arn = optarg;
            break;
        }
        case OPT_CRL_FILE:
            crl_files = xreallocarray(crl_files, ncrl_files + 1, sizeof *crl_files);
            crl_files[ncrl_files++] = optarg;
            break;
        case OPT_DEMO:
        case OPT_DEMO_FIXED:
            if (want_demo < (c == OPT_DEMO_FIXED ? 2 : 1))
                want_demo = c == OPT_DEMO_FIXED ? 2 : 1;
            break;
        case OPT_DISTRIBUTION_CONFIG:
            dist_files = xreallocarray(dist_files, ndist_files + 1, sizeof *dist_files);
            dist_files[ndist_files++] = optarg;
            break;
        case OPT_DISTRIBUTION:
            if (!*optarg)
                usage_error(_("--distribution wants a distribution id or domain name"));
            dist_names = xreallocarray(dist_names, ndist_names + 1, sizeof *dist_names);
            dist_names[ndist_names++] = optarg;
            break;
        case OPT_ALL_DISTRIBUTIONS:
            all_dists = true;
            break;
        case OPT_AWS_PROFILE:
            if (!*optarg)
                usage_error(_("--aws-profile wants a profile name"));
            aws_opts.profile = optarg;
            break;
        case OPT_AWS_ENDPOINT_URL:
            if (!*optarg)
                usage_error(_("--aws-endpoint-url wants a URL"));
            aws_opts.endpoint_url = optarg;
            break;
        case OPT_NO_AWS:
            no_aws = true;
            break;
        case OPT_AWS:
            want_aws = true;
            break;
        case 'h':
            print_help();
            free(operands);
            return EXIT_OK;
        case 'V':
            print_version();
            free(operands);
            return EXIT_OK;
        case ':':
            usage_error(_("option '%s' needs an argument (try --help)"), argv[optind - 1]);
        default:
            if (optopt)
                usage_error(_("unknown option '-%c' (try --help)"), optopt);
            usage_error(_("unknown option '%s' (try --help)"), argv[optind - 1]);
        }
    }
    while (optind < argc) /* after "--" */
        operands[noperands++] = argv[optind++];
    if (bad_port)
        usage_error(_("--port wants a number from 1 to 65535, not '%s'"), bad_port);
    if (bad_http_port)
        usage_error(_("--http-port wants a number from 1 to 65535, not '%s'"), bad_http_port);
    if (want_demo && noperands)
        usage_error(_("--demo checks its own origins; no ORIGIN argument is allowed with it"));
    want_dist = ndist_files || ndist_names || all_dists;
    if (want_demo && ncrl_files)
        usage_error(_("--demo trusts its own CA; no --crl-file with it"));
    if (want_demo && want_dist)
        usage_error(_("--demo checks its own origins; no distribution is allowed with it"));
    if (want_dist && fmt && !fmt->write_run)
        usage_error(_("the %s report cannot show distributions yet (use --format=text or json)"),
                    fmt->name);
    if (no_aws && cert_arn)
        usage_error(_("--certificate-arn reads ACM with the AWS CLI, which --no-aws forbids"));
    if (cert_arn && chain_file)
        usage_error(_("--certificate-arn and --chain-file: give one source of certificates"));
    if (no_aws && (ndist_names || all_dists))
        usage_error(_("--distribution and --all-distributions need the AWS CLI, which --no-aws "
                      "forbids"));
    if (no_aws && want_aws)
        usage_error(_("--aws and --no-aws contradict each other"));
    /* The account is read only when the user gave AWS access explicitly:
     * never a surprise CLI run (and its credential prompt or wait) for a
     * plain origin name, and not for a saved configuration alone, which
     * may come from another account. */
    if (!no_aws &&
        (want_aws || aws_opts.profile || aws_opts.endpoint_url || ndist_names || all_dists))
        s.account = &aws_opts;
    for (i = 0; i < ndist_files; i++)
        if (strcmp(dist_files[i], "-") == 0 && i != 0)
            usage_error(_("--distribution-config=- (standard input) may be given once"));
    /* A URL (https://host/path) is the viewer's: requested as a viewer
     * would, through whatever answers for its name. */
    for (i = 0; i < noperands; i++)
        if (viewer_is_url(operands[i])) {
            char *h, *pth;
            unsigned prt;
            if (url)
                usage_error(_("only one URL can be requested (two given: '%.80s' and '%.80s')"),
                            url, operands[i]);
            if (!viewer_parse_url(operands[i], &h, &prt, &pth, &err))
                usage_error(_("invalid URL '%.80s%s': %s"), operands[i],
                            strlen(operands[i]) > 80 ? "..." : "", err);
            free(h);
            free(pth);
            url = operands[i];
        }
    /* On a terminal the wizard can start from an empty Origin form. */
    if (!want_demo && !want_dist && !noperands &&
        (fmt || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
        usage_error(_("no origin given (try --help)"));

    if (host_header && !(defaults.host_header = target_host_ascii(host_header, &err)))
        usage_error(_("--host-header: %s: '%s'"), err, host_header);

    targets = xcalloc(noperands ? noperands : 1, sizeof *targets);
    for (i = 0, j = 0; j < noperands; j++) {
        if (operands[j] == url)
            continue;
        /* Port 0: none typed; target_configure then takes the policy's. */
        if (!target_parse(&targets[i], operands[j], 0, &err))
            usage_error(_("invalid origin '%.80s%s': %s"), operands[j],
                        strlen(operands[j]) > 80 ? "..." : "", err);
        target_configure(&targets[i], &defaults);
        ntargets++;
        i++;
    }
    free(operands);
    operands = NULL;

    /* A viewer URL on its own (or with distributions): the distribution
     * serving its host is looked up (with AWS access), and the behaviour
     * its path selects decides which origin is diagnosed first (with
     * origins given on the command line, those are probed instead). */
    if (url && !want_demo && !chain_file && fmt_can_run(fmt))
        url_lookup = true;
    if (want_dist || url_lookup) {
        /* The distributions, read before anything is probed: a broken
         * file or a refused CLI call is an input error (exit 2). */
        enum distrun_error drc = DISTRUN_OK;
        char *derr = NULL;
        loop = loop_new();
        for (i = 0; drc == DISTRUN_OK && i < ndist_files; i++)
            drc = distrun_add_file(&run, dist_files[i], &derr);
        for (i = 0; drc == DISTRUN_OK && i < ndist_names; i++)
            drc = distrun_add_aws(&run, loop, &aws_opts, dist_names[i], &derr);
        if (drc == DISTRUN_OK && all_dists)
            drc = distrun_add_all(&run, loop, &aws_opts, &derr);
        if (drc != DISTRUN_OK) {
            fprintf(stderr, "%s: %s\n", PACKAGE, derr ? derr : "?");
            free(derr);
            free(dist_files);
            free(dist_names);
            status = drc == DISTRUN_INPUT ? EXIT_USAGE : EXIT_INTERNAL;
            goto out_early; /* TLS is not initialised yet */
        }
        if (url_lookup) {
            char *h = NULL, *pth = NULL;
            unsigned prt;
            if (viewer_parse_url(url, &h, &prt, &pth, &err))
                distrun_viewer(&run, loop, no_aws || want_dist ? NULL : &aws_opts, h, pth,
                               strncasecmp(url, "https://", 8) == 0);
            free(h);
            free(pth);
            /* Origins given: they are what is probed; the distribution
             * found only says which one serves the URL. */
            if (ntargets)
                distrun_viewer_only(&run);
            want_dist = want_dist || run.ndists > 0;
        }
        distrun_read_policies(&run, loop, no_aws ? NULL : &aws_opts);
        distrun_targets(&run, &targets, &ntargets);
    }
    free(dist_files);
    free(dist_names);

    /* A terminal on both ends and no report asked for: the wizard (the
     * demo after the fix too), which starts from the distributions or the
     * certificate file given.  Otherwise the text report. */
    int wizard = !fmt && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    /* With a URL and the origins given, the wizard's Verify step requests
     * the URL again (and reads the distribution's deployment status); a
     * URL alone is a report. */
    if (url && ntargets == 0)
        wizard = 0;
    if (cert_arn) {
        if (want_demo || url || want_dist)
            usage_error(_("--certificate-arn judges a certificate for one ORIGIN: no --demo, no "
                          "URL and no distribution with it"));
        if (ntargets != 1)
            usage_error(
                _("--certificate-arn wants exactly one ORIGIN: the name CloudFront checks"));
        wizard = 0;
    }
    if (chain_file) {
        if (want_demo || url || want_dist)
            usage_error(_("--chain-file judges a file for one ORIGIN: no --demo and no URL with it"));
        if (ntargets != 1)
            usage_error(_("--chain-file wants exactly one ORIGIN: the name CloudFront checks"));
    }
    if (!fmt)
        fmt = report_formats[0];

    raise_fd_limit();
    if (!tls_global_init(&err)) {
        fprintf(stderr, "%s: %s\n", PACKAGE, err);
        return EXIT_INTERNAL;
    }
    if (want_demo && !wizard) {
        /* The demo trusts its own private CA, and nothing else. */
        free(targets);
        targets = NULL;
        loop = loop_new();
        if (!(demo = demo_setup(loop, &s, want_demo == 2, &targets, &ntargets, &err))) {
            fprintf(stderr, "%s: %s\n", PACKAGE, err);
            status = EXIT_INTERNAL;
            goto out;
        }
        for (i = 0; i < ntargets; i++)
            target_configure(&targets[i], &defaults);
    } else if (!want_demo && !(trust = trust_load(s.ca_file, &err))) {
        /* The trust store is read before any probing: a bad --ca-file is an
         * input error. */
        if (s.ca_file)
            usage_error("%s: '%s'", err, s.ca_file);
        fprintf(stderr, _("%s: warning: %s; no certificate will be trusted\n"), PACKAGE, err);
    }
    for (i = 0; i < ncrl_files; i++) {
        /* Into the trust list, so GnuTLS's verification sees them. */
        char *cerr = NULL;
        if (!trust)
            usage_error(_("--crl-file needs a trust store to verify against"));
        if (!trust_add_crls(trust, crl_files[i], &cerr)) {
            fprintf(stderr, "%s: %s\n", PACKAGE, cerr);
            free(cerr);
            status = EXIT_USAGE;
            goto out;
        }
    }
    if (wizard) {
        char *vhost = NULL, *vpath = NULL;
        unsigned vport;
        if (url &&
            (!viewer_global_init(&err) || !viewer_parse_url(url, &vhost, &vport, &vpath, &err))) {
            fprintf(stderr, "%s: %s\n", PACKAGE, err);
            status = EXIT_INTERNAL;
            goto out;
        }
        if (url) {
            s.viewer_url = url;
            s.http_path = vpath; /* CloudFront's request asks for the URL's path */
            s.viewer_distribution = run.viewer_id;
            s.aws = no_aws ? NULL : &aws_opts;
        }
        /* With --demo the wizard starts the demo on its own loop. */
        struct tui_start start = {chain_file, want_dist ? &run : NULL, &aws_opts, no_aws};
        status = tui_run(&s, &defaults, targets, ntargets, trust, at, want_demo, &start);
        s.viewer_url = s.http_path = s.viewer_distribution = NULL;
        s.aws = NULL;
        if (url)
            viewer_global_deinit();
        free(vhost);
        free(vpath);
        goto out;
    }
    if (cert_arn) {
        status = certificate_arn_run(&s, &targets[0], cert_arn, &aws_opts, trust, at, fmt);
        goto out;
    }
    if (chain_file) {
        status = chain_file_run(&s, &targets[0], chain_file, trust, at, fmt);
        goto out;
    }
    if (want_dist) {
        /* What the fix guides fill in: the distribution id, the origin's
         * Id, the behaviours that reach each probe. */
        facts = xcalloc(ntargets ? ntargets : 1, sizeof *facts);
        facts_from_distrun(facts, ntargets, &run);
    }
    s.viewer_distribution = run.viewer_id; /* for the last fix step's deployment check */
    status = batch_run(loop, &s, targets, ntargets, demo ? demo_trust(demo) : trust, at, url, fmt,
                       want_dist || (url && fmt_can_run(fmt)) ? &run : NULL, facts, stdout);
out:
    demo_stop(demo);
    loop_free(loop);
    loop = NULL;
    if (trust)
        gnutls_x509_trust_list_deinit(trust, 1);
    tls_global_deinit();
out_early:
    loop_free(loop);
    for (i = 0; i < ntargets; i++)
        target_clear(&targets[i]);
    free(targets);
    target_clear(&defaults);
    target_settings_clear(&s);
    free(facts);
    distrun_free(&run);
    free(crl_files);
    return status;
}
