/* gettext shorthands: _() where a string is shown, N_() in tables. */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
#define P_(s, p, n) ngettext(s, p, n)

#endif
