#include "config.h"

/* awscli_*: the classification of the CLI's failures (pure, from the
 * messages the CLI prints), and what only a fake `aws` can do: hang, print
 * garbage, print too much, be missing.  The real CLI against a local AWS
 * emulator is exercised by tests/scenario/distribution_aws.sh.  The fakes
 * are small shell scripts this test writes into its own temporary
 * directory and names as the program to run. */

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "awscli.h"
#include "loop.h"
#include "unit.h"

static void
test_classify(void)
{
    static const struct {
        const char *err;
        enum awscli_status status;
        const char *in_message;
    } cases[] = {
        {"\nAn error occurred (NoSuchDistribution) when calling the GetDistribution operation: "
         "The specified distribution does not exist.\n",
         AWSCLI_NO_SUCH_DISTRIBUTION, "NoSuchDistribution"},
        {"\nAn error occurred (AccessDenied) when calling the GetDistribution operation: User: "
         "arn:aws:iam::123456789012:user/x is not authorized to perform: "
         "cloudfront:GetDistribution\n",
         AWSCLI_ACCESS_DENIED, "cloudfront:GetDistribution"},
        {"An error occurred (AccessDenied) when calling the ListDistributions operation: no\n",
         AWSCLI_ACCESS_DENIED, "calling ListDistributions"},
        {"Unable to locate credentials. You can configure credentials by running \"aws "
         "configure\".\n",
         AWSCLI_CREDENTIALS, "Unable to locate credentials"},
        {"\nAn error occurred (ExpiredToken) when calling the GetDistribution operation: The "
         "security token included in the request is expired\n",
         AWSCLI_CREDENTIALS, "ExpiredToken"},
        {"\nAn error occurred (InvalidClientTokenId) when calling the ListDistributions "
         "operation: The security token included in the request is invalid.\n",
         AWSCLI_CREDENTIALS, "InvalidClientTokenId"},
        {"Error when retrieving token from sso: Token has expired and refresh failed\n",
         AWSCLI_CREDENTIALS, "Token has expired"},
        {"\nThe config profile (nope) could not be found\n", AWSCLI_CREDENTIALS,
         "The config profile (nope)"},
        {"\nAn error occurred (404) when calling the GetOriginRequestPolicy operation: Not Found\n",
         AWSCLI_NOT_FOUND, "Not Found"},
        {"\nAn error occurred (NoSuchOriginRequestPolicy) when calling the "
         "GetOriginRequestPolicy operation: x\n",
         AWSCLI_NOT_FOUND, "NoSuchOriginRequestPolicy"},
        {"\nAn error occurred (Throttling) when calling the ListDistributions operation: Rate "
         "exceeded\n",
         AWSCLI_FAILED, "Rate exceeded"},
        {"\nAn error occurred (ResourceNotFoundException) when calling the GetCertificate "
         "operation: Certificate with arn arn:aws:acm:eu-west-1:1:certificate/x not found\n",
         AWSCLI_NOT_FOUND, "ResourceNotFoundException"},
        {"\nAn error occurred (AccessDeniedException) when calling the GetCertificate operation: "
         "no\n",
         AWSCLI_ACCESS_DENIED, "GetCertificate"},
        /* An HTTP status with an XML error body (moto's answer for ACM). */
        {"\nAn error occurred (403) when calling the GetCertificate operation: <?xml "
         "version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>AccessDenied"
         "</Code><Message>User: x is not authorized</Message></Error></Errors></ErrorResponse>\n",
         AWSCLI_ACCESS_DENIED, "GetCertificate"},
        {"\nAn error occurred (403) when calling the GetCertificate operation: <?xml "
         "version=\"1.0\"?>\n<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>"
         "</Error></Errors></ErrorResponse>\n",
         AWSCLI_CREDENTIALS, "403"},
        /* Control bytes in the CLI's message are shown escaped. */
        {"boom\x1b[2Jboom\nsecond line\n", AWSCLI_FAILED, "boom\\x1B[2Jboom"},
        {"", AWSCLI_FAILED, "said nothing"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *msg = NULL;
        enum awscli_status st;
        char label[64];

        snprintf(label, sizeof label, "classify %zu", i);
        unit_set_case(label);
        st = awscli_classify(255, cases[i].err, "cloudfront", &msg);
        CHECK_STR("status", awscli_status_name(cases[i].status), awscli_status_name(st));
        CHECK_MSG(msg && strstr(msg, cases[i].in_message), "message %s lacks %s", unit_show(msg),
                  unit_show(cases[i].in_message));
        CHECK_MSG(msg && !strchr(msg, '\n') && !strchr(msg, '\x1b'),
                  "message %s is not one clean line", unit_show(msg));
        free(msg);
    }
}

static void
test_arn_region(void)
{
    static const struct {
        const char *arn, *region; /* region NULL: refused */
    } cases[] = {
        {"arn:aws:acm:eu-west-1:123456789012:certificate/0b2c-11", "eu-west-1"},
        {"arn:aws-cn:acm:cn-north-1:123456789012:certificate/x", "cn-north-1"},
        {"arn:aws-us-gov:acm:us-gov-west-1:1:certificate/x", "us-gov-west-1"},
        {"arn:aws:acm::123456789012:certificate/x", NULL},        /* no Region */
        {"arn:aws:iam::123456789012:server-certificate/x", NULL}, /* not ACM */
        {"arn:aws:acm:eu-west-1:123456789012:", NULL},            /* no resource */
        {"arn:aws:acm:EU-WEST-1:1:certificate/x", NULL},          /* not a Region */
        {"arn:aws:acm:eu-west-1:1:certificate/x y", NULL},        /* a space */
        {"arn:aws:acm:eu-west-1:1:certificate/\x1b[2J", NULL},    /* a control byte */
        {"arn:aws:acm:eu-west-1", NULL},
        {"0b2c-11", NULL},
        {"", NULL},
    };
    size_t i;

    unit_set_case("ARN Region");
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *r = NULL;
        bool ok = awscli_arn_region(cases[i].arn, "acm", &r);
        CHECK_MSG(ok == (cases[i].region != NULL), "%s: %s", unit_show(cases[i].arn),
                  ok ? "accepted" : "refused");
        if (ok && cases[i].region)
            CHECK_STR("region", cases[i].region, r);
        free(r);
    }
}

static char dir[] = "/tmp/od-test-awscli.XXXXXX";

/* A fake `aws` in the test's directory; returns its path (static buffer
 * per call site is not needed: the caller copies). */
static char *
fake(const char *name, const char *body)
{
    char *path = NULL;
    FILE *f;

    if (asprintf(&path, "%s/%s", dir, name) < 0)
        abort();
    f = fopen(path, "w");
    if (!f)
        abort();
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    chmod(path, 0755);
    return path;
}

static void
run(const char *prog, unsigned timeout_ms, size_t max_output, struct awscli_result *r)
{
    struct loop *l = loop_new();
    struct awscli_opts o = {prog, NULL, NULL, timeout_ms, max_output};
    static const char *const args[] = {"cloudfront", "get-distribution", "--id", "E1", NULL};

    alarm(20);
    awscli_run(l, &o, args, r);
    alarm(0);
    loop_free(l);
}

/* No child of ours is left: every one was reaped. */
static void
check_no_children(void)
{
    int ws;
    CHECK_MSG(waitpid(-1, &ws, WNOHANG) < 0, "a child was left unreaped");
}

static void
test_fakes(void)
{
    struct awscli_result r;
    char *p;
    int64_t t0;

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(99);
    }

    /* The arguments reach the program as an argv array, --output json added. */
    unit_set_case("argv");
    p = fake("echo-args", "printf '{\"argv\": \"%s|\"}' \"$*\"");
    run(p, 5000, 0, &r);
    CHECK_STR("status", "ok", awscli_status_name(r.status));
    CHECK_STR("argv", "cloudfront get-distribution --id E1 --output json|",
              r.json ? json_string_value(json_object_get(r.json, "argv")) : NULL);
    awscli_result_clear(&r);
    free(p);

    unit_set_case("hang");
    p = fake("hang", "exec sleep 60");
    t0 = loop_now_ms();
    run(p, 300, 0, &r);
    CHECK_STR("status", "timeout", awscli_status_name(r.status));
    CHECK_MSG(loop_now_ms() - t0 < 5000, "the timeout took %lld ms",
              (long long)(loop_now_ms() - t0));
    CHECK(r.message && strstr(r.message, "did not finish"));
    check_no_children();
    awscli_result_clear(&r);
    free(p);

    unit_set_case("garbage");
    p = fake("garbage", "printf 'not json \\033[2J'");
    run(p, 5000, 0, &r);
    CHECK_STR("status", "bad_output", awscli_status_name(r.status));
    CHECK(r.json == NULL);
    awscli_result_clear(&r);
    free(p);

    unit_set_case("array, not an object");
    p = fake("array", "echo '[1, 2]'");
    run(p, 5000, 0, &r);
    CHECK_STR("status", "bad_output", awscli_status_name(r.status));
    awscli_result_clear(&r);
    free(p);

    unit_set_case("endless output");
    p = fake("flood", "exec yes '{\"a\": 1}'");
    run(p, 5000, 100000, &r);
    CHECK_STR("status", "too_big", awscli_status_name(r.status));
    check_no_children();
    awscli_result_clear(&r);
    free(p);

    unit_set_case("killed by a signal");
    p = fake("suicide", "kill -9 $$");
    run(p, 5000, 0, &r);
    CHECK_STR("status", "failed", awscli_status_name(r.status));
    CHECK(r.message && strstr(r.message, "signal 9"));
    awscli_result_clear(&r);
    free(p);

    unit_set_case("not installed");
    if (asprintf(&p, "%s/no-such-aws", dir) < 0)
        abort();
    run(p, 5000, 0, &r);
    CHECK_STR("status", "not_installed", awscli_status_name(r.status));
    awscli_result_clear(&r);
    free(p);

    /* "aws" searched on a PATH where it is not: the message names Debian's
     * package. */
    unit_set_case("not on PATH");
    {
        char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
        setenv("PATH", dir, 1);
        run(NULL, 5000, 0, &r);
        if (old)
            setenv("PATH", old, 1);
        free(old);
    }
    CHECK_STR("status", "not_installed", awscli_status_name(r.status));
    CHECK_MSG(r.message && strstr(r.message, "awscli"), "message %s does not name awscli",
              unit_show(r.message));
    awscli_result_clear(&r);
    check_no_children();
}

int
main(void)
{
    char cmd[128];

    signal(SIGPIPE, SIG_IGN);
    test_classify();
    test_arn_region();
    test_fakes();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return unit_result();
}
