#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

json_t *
fixture_load(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) {
        fprintf(stderr, "bad fixture: %s (line %d, column %d): %s\n", e.text, e.line, e.column,
                text);
        exit(99);
    }
    return j;
}
