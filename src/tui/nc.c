/* ncursesw loaded with dlopen() when the wizard starts: see nc.h. */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define NC_NO_REDIRECT
#include "i18n.h"
#include "tui/nc.h"

struct nc_table tui_nc;

/* One name: its address into *slot (a pointer of the slot's type:
 * dlsym's void * is converted as POSIX requires it to work). */
static bool
nc_sym(void *handle, const char *name, void *slot)
{
    void *f = dlsym(handle, name);

    if (!f)
        return false;
    memcpy(slot, &f, sizeof f);
    return true;
}

bool
nc_load(const char **err)
{
    static int state; /* 0 not tried, 1 loaded, -1 failed */
    static char msg[512];
    void *handle;
    const char *missing = NULL;

    if (state) {
        *err = state < 0 ? msg : NULL;
        return state > 0;
    }
    state = -1;
    /* RTLD_LOCAL: the names are reached through the handle, which also
     * searches the libraries ncursesw needs (libtinfo holds COLS, LINES,
     * cur_term and the terminfo functions). */
    if (!(handle = dlopen(NCURSESW_SONAME, RTLD_NOW | RTLD_LOCAL))) {
        snprintf(msg, sizeof msg, _("cannot load the terminal library %s for the wizard (%s)"),
                 NCURSESW_SONAME, dlerror());
        *err = msg;
        return false;
    }
#define NC_GET(name)                                                                               \
    if (!missing && !nc_sym(handle, #name, &tui_nc.name))                                          \
        missing = #name;
    NC_FUNCTIONS(NC_GET)
    NC_VARIABLES(NC_GET)
    NC_TERMINFO(NC_GET)
#undef NC_GET
    if (missing) {
        snprintf(msg, sizeof msg, _("the terminal library %s has no %s (the wizard needs it)"),
                 NCURSESW_SONAME, missing);
        *err = msg;
        dlclose(handle);
        memset(&tui_nc, 0, sizeof tui_nc);
        return false;
    }
    /* The handle stays open for the rest of the run. */
    state = 1;
    *err = NULL;
    return true;
}
