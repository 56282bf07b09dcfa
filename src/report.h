/* Presenters: each formats an observation; none probes or decides. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "obs.h"
#include "target.h"

struct report_format {
    const char *name;
    /* Returns 0, or -1 when writing failed. */
    int (*write)(FILE *out, const struct observation *obs, const struct target_settings *s);
};

extern const struct report_format report_text;
extern const struct report_format report_json;

#endif
