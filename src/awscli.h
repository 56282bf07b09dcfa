/* Runs the real `aws` program (found on PATH) as a child, never through a
 * shell: argv as given plus `--output json` (and --profile / --endpoint-url
 * when set).  Its stdout and stderr are read on the program's loop, bounded
 * in size; a timer kills it (by PID) when it takes too long, and it is
 * always reaped.  The outcome is classified (not installed, credentials,
 * AccessDenied, NoSuch..., other) and stdout parsed with jansson.  The
 * classification is pure and exposed for unit tests. */
#ifndef AWSCLI_H
#define AWSCLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

#define AWSCLI_DEFAULT_TIMEOUT_MS 60000
#define AWSCLI_DEFAULT_MAX_OUTPUT (64u * 1024 * 1024) /* bytes of stdout */
#define AWSCLI_MAX_STDERR 65536                       /* bytes of stderr kept */

#define AWSCLI_STATUS_TABLE(X)                                                                     \
    X(AWSCLI_OK, "ok")                                                                             \
    X(AWSCLI_NOT_INSTALLED, "not_installed")                                                       \
    X(AWSCLI_CREDENTIALS, "credentials")                                                           \
    X(AWSCLI_ACCESS_DENIED, "access_denied")                                                       \
    X(AWSCLI_NO_SUCH_DISTRIBUTION, "no_such_distribution")                                         \
    X(AWSCLI_NOT_FOUND, "not_found") /* another NoSuch.../404 */                                   \
    X(AWSCLI_TIMEOUT, "timeout")                                                                   \
    X(AWSCLI_TOO_BIG, "too_big")                                                                   \
    X(AWSCLI_BAD_OUTPUT, "bad_output") /* exit 0 but not a JSON object */                          \
    X(AWSCLI_FAILED, "failed")         /* any other error */                                       \
    X(AWSCLI_CANCELLED, "cancelled")

#define X_ENUM(e, name) e,
enum awscli_status { AWSCLI_STATUS_TABLE(X_ENUM) };
#undef X_ENUM
const char *awscli_status_name(enum awscli_status s);

struct awscli_opts {
    const char *program;      /* NULL: "aws", searched on PATH */
    const char *profile;      /* --profile, or NULL */
    const char *endpoint_url; /* --endpoint-url, or NULL */
    unsigned timeout_ms;      /* 0: AWSCLI_DEFAULT_TIMEOUT_MS */
    size_t max_output;        /* 0: AWSCLI_DEFAULT_MAX_OUTPUT */
};

struct awscli_result {
    enum awscli_status status;
    json_t *json;  /* the parsed stdout (an object) when status is OK; owned */
    char *message; /* one line, translated and sanitized, for every status
                      but OK; owned */
    int exit_code; /* the child's exit status, -1 when it did not exit */
};

struct awscli_call;
/* Called once, from the loop, when the call is over; r is the callee's to
 * keep (free with awscli_result_clear).  The call frees itself after the
 * callback returns. */
typedef void (*awscli_done_fn)(void *arg, struct awscli_result *r);

/* Starts `aws ARGS... --output json [...]`; args ends with NULL.  Never
 * NULL: a spawn failure is reported through fn, from the loop. */
struct awscli_call *awscli_start(struct loop *l, const struct awscli_opts *o,
                                 const char *const *args, awscli_done_fn fn, void *arg);
/* Kills and reaps the child; fn is not called. */
void awscli_cancel(struct awscli_call *c);

/* Runs one call to completion on l (which must have no other work that
 * stops it).  Fills *r. */
void awscli_run(struct loop *l, const struct awscli_opts *o, const char *const *args,
                struct awscli_result *r);

void awscli_result_clear(struct awscli_result *r);

/* The classification of a failed child from its exit code and stderr
 * (the CLI writes "An error occurred (CODE) when calling the OP operation:
 * ..." or a credentials sentence); service ("cloudfront") names the IAM
 * action in the AccessDenied message.  *message: fresh, caller frees.
 * Pure. */
enum awscli_status awscli_classify(int exit_code, const char *err, const char *service,
                                   char **message);

/* The Region of an ARN of the given service ("acm"):
 * arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE with a Region of
 * lower-case letters, digits and dashes, and no space or control byte
 * anywhere.  *region is fresh (caller frees); false when arn is not
 * such an ARN.  Pure. */
bool awscli_arn_region(const char *arn, const char *service, char **region);

#endif
