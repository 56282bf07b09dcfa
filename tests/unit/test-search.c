#include "config.h"

/* Search (/) matches in a document's line: its segments joined, case
 * ignored, in characters as they are drawn, with the column where the
 * first match starts measured on the screen (Japanese characters take
 * two columns).  Then the walk of /, n and N over documents read one
 * after another (the Fix pane: a domain choice's text, then each step's):
 * where it starts, which way it goes, where it wraps. */

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

/* The Fix pane's texts in miniature: a domain choice, step 1, a text
 * with no lines, step 2. */
static const char *const texts[][5] = {
    {"origin.example.com: resolves", "Enter makes it the custom domain"},
    {"Confirm from CloudFront", "dig +short origin", "curl -sI https://x/", "dig +short alb"},
    {NULL},
    {"the ETag of the config", "curl -sI https://x/"},
};
#define NTEXTS (sizeof texts / sizeof *texts)

static const struct {
    const char *name;
    size_t first, ndocs; /* the documents walked: texts[first...] */
    size_t doc, line;    /* the start, in them */
    bool inclusive;
    int dir;
    const char *pattern;
    bool found;
    size_t at_doc, at_line;
    int col;
    bool wrapped;
} walks[] = {
    {"/ from a choice: a later step's match", 0, 4, 0, 0, true, 1, "etag", true, 3, 0, 4, false},
    {"/ from the start line: itself", 0, 4, 1, 1, true, 1, "dig", true, 1, 1, 0, false},
    {"n: the next line of the same step", 0, 4, 1, 1, false, 1, "dig", true, 1, 3, 0, false},
    {"n past the last step wraps to the first", 0, 4, 3, 0, false, 1, "dig", true, 1, 1, 0, true},
    {"n across steps, over an empty text", 0, 4, 1, 2, false, 1, "curl", true, 3, 1, 0, false},
    {"N back across steps", 0, 4, 3, 1, false, -1, "curl", true, 1, 2, 0, false},
    {"N before the first match wraps to the last", 0, 4, 1, 2, false, -1, "curl", true, 3, 1, 0,
     true},
    {"n on the only match: wraps to itself", 0, 4, 3, 0, false, 1, "etag", true, 3, 0, 4, true},
    {"absent from every text", 0, 4, 1, 0, true, 1, "zzqx", false, 0, 0, 0, false},
    {"empty pattern", 0, 4, 1, 0, true, 1, "", false, 0, 0, 0, false},
    {"n from an empty text: the next text's first line", 0, 4, 2, 0, false, 1, "etag", true, 3, 0,
     4, false},
    {"N from an empty text: the text before's last", 0, 4, 2, 0, false, -1, "curl", true, 1, 2, 0,
     false},
    {"a line past its text's end: its last line", 0, 4, 1, 99, true, 1, "dig", true, 1, 3, 0,
     false},
    {"one text (a view's): n wraps in it", 1, 1, 0, 3, false, 1, "dig", true, 0, 1, 0, true},
    {"one text: N wraps in it", 1, 1, 0, 1, false, -1, "dig", true, 0, 3, 0, true},
    {"one text: N from its first line", 1, 1, 0, 0, false, -1, "confirm", true, 0, 0, 0, true},
};

static void
check_walks(void)
{
    struct tui_doc docs[NTEXTS];
    size_t i, j, at_doc, at_line;
    bool found, wrapped;
    int col;

    memset(docs, 0, sizeof docs);
    for (i = 0; i < NTEXTS; i++)
        for (j = 0; j < 5 && texts[i][j]; j++) {
            tui_doc_line(&docs[i], -1);
            tui_doc_at(&docs[i], 2, ROLE_CODE, texts[i][j]);
        }
    for (i = 0; i < sizeof walks / sizeof *walks; i++) {
        unit_set_case(walks[i].name);
        at_doc = at_line = 999;
        col = -1;
        wrapped = !walks[i].wrapped;
        found = tui_doc_search(docs + walks[i].first, walks[i].ndocs, walks[i].doc, walks[i].line,
                               walks[i].inclusive, walks[i].dir, walks[i].pattern, &at_doc,
                               &at_line, &col, &wrapped);
        CHECK_INT("found", walks[i].found, found);
        if (!walks[i].found || !found)
            continue;
        CHECK_INT("text", (long)walks[i].at_doc, (long)at_doc);
        CHECK_INT("line", (long)walks[i].at_line, (long)at_line);
        CHECK_INT("column", walks[i].col, col);
        CHECK_INT("wrapped", walks[i].wrapped, wrapped);
    }
    for (i = 0; i < NTEXTS; i++)
        tui_doc_clear(&docs[i]);
}

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
    check_walks();
    return unit_result();
}
