/* Can this terminal hold the wizard at all?  Apart from tui.c because
 * <term.h> defines macros (lines, columns...) that clash with ordinary
 * names. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <term.h>
#include <unistd.h>

/* after <term.h>: see nc.h */
#include "tui/nc.h"
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

void
tui_termcap_leave(void)
{
    const char *rmcup = tigetstr("rmcup"), *clr = tigetstr("clear");

    endwin();
    /* Without an alternate screen (vt100 has none) the wizard's last
     * screen would stay behind: clear it, the cursor at the top. */
    if ((!rmcup || rmcup == (const char *)-1 || !*rmcup) && clr && clr != (const char *)-1) {
        putp(clr);
        fflush(stdout);
    }
}
