#include "config.h"

#include "findings.h"
#include "i18n.h"

#define X_DEF(e, id, area, sev, status, fix, title, text) {id, area, sev, status, fix, title, text},
static const struct finding_def defs[] = {FINDING_TABLE(X_DEF)};
#undef X_DEF

const struct finding_def *
findings_def(enum finding_id f)
{
    return &defs[f];
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

#define X_NAME(e, name, word) name,
static const char *const area_names[] = {AREA_TABLE(X_NAME)};
#undef X_NAME
#define X_WORD(e, name, word) word,
static const char *const area_words[] = {AREA_TABLE(X_WORD)};
#undef X_WORD

const char *
findings_area_name(enum finding_area a)
{
    return area_names[a];
}

const char *
findings_area_text(enum finding_area a)
{
    return _(area_words[a]);
}
