#include "config.h"

#include <string.h>

#include "findings.h"
#include "i18n.h"

#define X_DEF(e, id, sev, status, fix, title, text) {id, sev, status, fix, title, text},
static const struct finding_def defs[] = {FINDING_TABLE(X_DEF)};
#undef X_DEF

const struct finding_def *
findings_def(enum finding_id f)
{
    return &defs[f];
}

int
findings_lookup(const char *name)
{
    int i;
    for (i = 0; i < FINDING_COUNT; i++)
        if (strcmp(defs[i].id, name) == 0)
            return i;
    return -1;
}

const char *
findings_severity_name(enum severity s)
{
    static const char *const n[] = {"error", "warning", "info"};
    return n[s];
}

const char *
findings_severity_text(enum severity s)
{
    static const char *const n[] = {N_("error"), N_("warning"), N_("info")};
    return _(n[s]);
}

const char *
findings_fix_name(enum fix_kind k)
{
#define X_NAME(e, name) name,
    static const char *const n[] = {FIX_TABLE(X_NAME)};
#undef X_NAME
    return n[k];
}
