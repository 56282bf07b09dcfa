/* Can this terminal hold the wizard at all?  Apart from tui.c because
 * <term.h> defines macros (lines, columns...) that clash with ordinary
 * names. */
#include "config.h"

#include <curses.h>
#include <term.h>
#include <unistd.h>

#include "tui/termcap.h"

bool
tui_termcap_ok(void)
{
    TERMINAL *saved = cur_term;
    const char *cup;
    int err = 0;
    bool ok;

    if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
        return false;
    /* Without cursor addressing (TERM=dumb, a printing terminal) a
     * full-screen interface is only noise. */
    cup = tigetstr("cup");
    ok = cup && cup != (const char *)-1;
    del_curterm(cur_term);
    set_curterm(saved);
    return ok;
}
