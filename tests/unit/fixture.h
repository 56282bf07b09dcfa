/* Helpers shared by the C unit tests that read JSON fixtures (test-account,
 * test-distconfig, test-distrun), compiled into each of them (unit.am). */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <jansson.h>

struct distconfig;

/* TEXT parsed as JSON (a new reference); a fixture that is not JSON is the
 * test's own error: it is printed with where it breaks and the program
 * exits 99 (a hard error to automake, not a failed check). */
json_t *fixture_load(const char *text);

/* The probes distconfig_targets() makes of DC, one
 * "origin|tls|port|host|assumed|behaviours" entry each, joined by ';'
 * (tls or tcp; the Host header or '-'; assumed or sure; the behaviours'
 * path patterns joined by ','), for comparison with CHECK_STR.  Free it. */
char *fixture_targets(const struct distconfig *dc);

#endif
