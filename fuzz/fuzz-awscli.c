#include "config.h"

/* What the AWS CLI hands back, read as awscli.c and distrun.c read it.
 * The first byte chooses the reader, the rest is the CLI's output:
 *   0 (mod 3)  stderr of a failed call, with the exit status in the
 *              second byte: awscli_classify()
 *   1          stdout of get-origin-request-policy / get-cache-policy:
 *              distconfig_set_policy() on a distribution waiting for both
 *   2          stdout of get-distribution: a JSON object (what awscli.c
 *              accepts), then distconfig_parse() as distrun.c calls it */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "awscli.h"
#include "distconfig.h"
#include "fuzz.h"
#include "xmalloc.h"

#define POLICY "aaaaaaaa-0000-0000-0000-000000000000"
#define CACHE "bbbbbbbb-0000-0000-0000-000000000000"

static const char waiting[] =
    "{\"Origins\": {\"Quantity\": 1, \"Items\": [{\"Id\": \"alb\", \"DomainName\": "
    "\"alb.example.net\", \"OriginPath\": \"\", \"CustomOriginConfig\": {\"HTTPPort\": 80, "
    "\"HTTPSPort\": 443, \"OriginProtocolPolicy\": \"https-only\", \"OriginSslProtocols\": "
    "{\"Quantity\": 1, \"Items\": [\"TLSv1.2\"]}, \"OriginReadTimeout\": 30, "
    "\"OriginKeepaliveTimeout\": 5}}]}, \"Aliases\": {\"Quantity\": 1, \"Items\": "
    "[\"www.example.com\"]}, \"DefaultCacheBehavior\": {\"TargetOriginId\": \"alb\", "
    "\"ViewerProtocolPolicy\": \"redirect-to-https\", \"OriginRequestPolicyId\": \"" POLICY
    "\", \"CachePolicyId\": \"" CACHE "\"}}";

static void
classify(const uint8_t *data, size_t size)
{
    char *err, *message = NULL;
    enum awscli_status st;
    int code = size ? data[0] : 1;

    /* The CLI's stderr as awscli.c holds it: NUL-terminated. */
    err = xmalloc(size + 1);
    if (size > 1)
        memcpy(err, data + 1, size - 1);
    err[size > 1 ? size - 1 : 0] = '\0';
    st = awscli_classify(code ? code : 1, err, "cloudfront", &message);
    if (!message || !*message)
        fuzz_fail("status %s without a message", awscli_status_name(st));
    if (fuzz_has_control(message, strlen(message)))
        fuzz_fail("the message holds a control byte: %s", message);
    free(message);
    free(err);
}

static json_t *
load(const uint8_t *data, size_t size)
{
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);

    if (doc && !json_is_object(doc)) {
        json_decref(doc);
        doc = NULL;
    }
    return doc;
}

static void
targets(const struct distconfig *dc)
{
    struct distconfig_target *t = NULL;
    size_t n = 0;

    distconfig_targets(dc, &t, &n);
    if (n == 0 && dc->norigins && dc->origins[0].kind == DC_CUSTOM)
        fuzz_fail("a custom origin without a probe");
    distconfig_targets_free(t, n);
}

static void
policy(const uint8_t *data, size_t size)
{
    struct distconfig dc;
    char *err = NULL;
    json_t *base = json_loads(waiting, 0, NULL), *pol;

    if (!base || !distconfig_parse(base, &dc, &err))
        fuzz_fail("the fixed distribution does not parse: %s", err ? err : "");
    json_decref(base);
    if ((pol = load(data, size)) != NULL) {
        distconfig_set_policy(&dc, POLICY, pol);
        distconfig_set_policy(&dc, CACHE, pol);
        json_decref(pol);
    }
    targets(&dc);
    distconfig_clear(&dc);
}

static void
distribution(const uint8_t *data, size_t size)
{
    struct distconfig dc;
    char *err = NULL;
    json_t *doc = load(data, size);

    if (!doc)
        return;
    if (distconfig_parse(doc, &dc, &err)) {
        targets(&dc);
        distconfig_clear(&dc);
    } else {
        if (!err || fuzz_has_control(err, strlen(err)))
            fuzz_fail("a refused distribution without a clean reason");
        free(err);
    }
    json_decref(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    switch (data[0] % 3) {
    case 0:
        classify(data + 1, size - 1);
        break;
    case 1:
        policy(data + 1, size - 1);
        break;
    default:
        distribution(data + 1, size - 1);
        break;
    }
    return 0;
}
