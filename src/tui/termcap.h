/* Whether the terminal can hold the wizard.  A header of its own: its .c
 * includes <term.h>, whose macros (lines, columns...) the rest must not
 * see. */
#ifndef TUI_TERMCAP_H
#define TUI_TERMCAP_H

#include <stdbool.h>

/* Does the terminal (TERM) have cursor addressing? */
bool tui_termcap_ok(void);
/* endwin(); on a terminal without an alternate screen to leave (no
 * rmcup: vt100) the screen is cleared after it, so that the wizard's last
 * screen does not stay behind. */
void tui_termcap_leave(void);

#endif
