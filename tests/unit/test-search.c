#include "config.h"

/* Search (/) matches in a document's line: its segments joined, case
 * ignored, in characters as they are drawn, with the column where the
 * first match starts measured on the screen (Japanese characters take
 * two columns). */

#include <locale.h>
#include <stdlib.h>

#include "tui/draw.h"
#include "unit.h"

static const struct {
    const char *name;
    const char *segs[4]; /* the line's segments, NULL ends */
    const char *pattern;
    bool found;
    int col;
} cases[] = {
    {"one segment", {"Hello World"}, "world", true, 6},
    {"case ignored both ways", {"cert.NAME_mismatch"}, "Name_Mismatch", true, 5},
    {"across segments", {"\u2717", " ", "error"}, "\u2717 err", true, 0},
    {"in a later segment", {"SAN    ", "origin.example.com"}, "example", true, 14},
    {"Japanese: two columns a character",
     {"\u8a3c\u660e\u66f8\u304c\u4e00\u81f4"},
     "\u4e00\u81f4",
     true,
     8},
    {"Japanese after ASCII", {"SHA-256 ", "\u6307\u7d0b"}, "\u7d0b", true, 10},
    {"not there", {"origin.example.com"}, "elb", false, -1},
    {"longer than the line", {"abc"}, "abcd", false, -1},
    {"empty pattern finds nothing", {"abc"}, "", false, -1},
    {"empty line", {""}, "a", false, -1},
};

int
main(void)
{
    size_t i, j;

    if (!setlocale(LC_ALL, "C.UTF-8"))
        return 77;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct tui_doc d = {0};
        int col = -1;
        bool found;

        unit_set_case(cases[i].name);
        tui_doc_line(&d, -1);
        for (j = 0; j < 4 && cases[i].segs[j]; j++)
            tui_doc_put(&d, ROLE_NORMAL, cases[i].segs[j]);
        found = tui_doc_line_find(&d.lines[0], cases[i].pattern, &col);
        CHECK_INT("found", cases[i].found, found);
        if (cases[i].found)
            CHECK_INT("column", cases[i].col, col);
        tui_doc_clear(&d);
    }
    return unit_result();
}
