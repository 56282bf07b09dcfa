#include "config.h"

/* sanitize(): the one path from network text to a screen or report.  Checked
 * two ways: a table of hostile inputs, and 10000 random byte strings whose
 * output must be valid UTF-8 with no control or bidi characters and must
 * decode back (\\, \xNN, \u{N...}) to exactly the input. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "unit.h"

/* Decode one UTF-8 sequence strictly (no overlongs, surrogates or values
 * above U+10FFFF).  Returns its length and sets *cp, or 0 when invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    uint32_t c;
    size_t n, i;

    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    } else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2;
        c = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        c = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

static size_t
utf8_encode(uint32_t c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    } else if (c < 0x800) {
        out[0] = (unsigned char)(0xc0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3f));
        return 2;
    } else if (c < 0x10000) {
        out[0] = (unsigned char)(0xe0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (unsigned char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (unsigned char)(0xf0 | (c >> 18));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (unsigned char)(0x80 | (c & 0x3f));
    return 4;
}

/* Characters that must never reach a terminal raw: C0, DEL, C1, and the
 * bidi embedding/override/isolate controls (the "Trojan Source" set). */
static int
forbidden(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* NULL when out is fine, else what is wrong with it. */
static const char *
check_output(const char *out)
{
    const unsigned char *s = (const unsigned char *)out;
    size_t len = strlen(out), i = 0;

    while (i < len) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        if (!n)
            return "output is not valid UTF-8";
        if (forbidden(c))
            return "output contains a control or bidi character";
        i += n;
    }
    return NULL;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Undo the documented escapes into buf (at least strlen(s) bytes).  Returns
 * the decoded length, or (size_t)-1 when s has a malformed escape. */
static size_t
unescape(const char *s, unsigned char *buf)
{
    size_t n = 0;

    while (*s) {
        if (*s != '\\') {
            buf[n++] = (unsigned char)*s++;
            continue;
        }
        s++;
        if (*s == '\\') {
            buf[n++] = '\\';
            s++;
        } else if (*s == 'x' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
            buf[n++] = (unsigned char)(hexval(s[1]) * 16 + hexval(s[2]));
            s += 3;
        } else if (s[0] == 'u' && s[1] == '{') {
            uint32_t c = 0;
            int digits = 0;
            for (s += 2; hexval(*s) >= 0 && digits < 7; s++, digits++)
                c = c * 16 + (uint32_t)hexval(*s);
            if (*s != '}' || digits == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                return (size_t)-1;
            s++;
            n += utf8_encode(c, buf + n);
        } else {
            return (size_t)-1;
        }
    }
    return n;
}

/* Compare with hex digits of escapes case-insensitively: "\x1B" == "\x1b". */
static int
same_escaped(const char *want, const char *got)
{
    int in_escape = 0; /* hex digits still to come, or -1 inside \u{} */

    for (;; want++, got++) {
        char w = *want, g = *got;
        if (in_escape && hexval(w) >= 0 && hexval(g) >= 0) {
            if (hexval(w) != hexval(g))
                return 0;
            if (in_escape > 0)
                in_escape--;
            continue;
        }
        if (w != g)
            return 0;
        if (!w)
            return 1;
        if (in_escape < 0 && w == '}')
            in_escape = 0;
        if (w == '\\' && want[1] == 'x' && got[1] == 'x') {
            want++, got++;
            in_escape = 2;
        } else if (w == '\\' && want[1] == 'u' && got[1] == 'u') {
            want++, got++;
            in_escape = -1;
        } else if (w == '\\' && want[1] == '\\' && got[1] == '\\') {
            want++, got++;
        }
    }
}

/* The properties every output must have, for any input. */
static void
check_properties(const void *in, size_t len, const char *out)
{
    const char *problem;
    unsigned char *back;
    size_t n;

    problem = check_output(out);
    CHECK_MSG(!problem, "%s: %s", problem ? problem : "", unit_show(out));
    CHECK_MSG(strlen(out) <= 4 * len, "output %zu bytes for %zu input bytes", strlen(out), len);
    back = malloc(strlen(out) + 1);
    n = unescape(out, back);
    CHECK_MSG(n != (size_t)-1, "output has a malformed escape: %s", unit_show(out));
    if (n != (size_t)-1)
        CHECK_MSG(n == len && memcmp(back, in, len) == 0,
                  "output %s does not decode back to the input", unit_show(out));
    free(back);
}

struct sanitize_case {
    const char *label;
    const char *in;
    size_t len;       /* 0: strlen(in) */
    const char *want; /* exact output (hex case ignored), or NULL */
    int escaped;      /* the output must differ from the input */
};

static void
test_table(void)
{
    const struct sanitize_case cases[] = {
        {"plain ASCII", "Hello, world! 0123 ~{}[]", 0, "Hello, world! 0123 ~{}[]", 0},
        {"empty", "", 0, "", 0},
        {"HTTP status line", "HTTP/1.1 400 Bad Request", 0, "HTTP/1.1 400 Bad Request", 0},
        {"ESC[31m", "\x1b[31mred\x1b[0m", 0, "\\x1b[31mred\\x1b[0m", 1},
        {"CR LF", "HTTP/1.1 400\r\n", 0, "HTTP/1.1 400\\x0d\\x0a", 1},
        {"tab", "a\tb", 0, "a\\x09b", 1},
        {"DEL", "a\x7f" "b", 0, "a\\x7fb", 1},
        {"backslash doubled", "a\\b", 0, "a\\\\b", 0},
        {"backslash before x", "\\x41", 0, "\\\\x41", 0},
        {"Japanese", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 0,
         "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 0},
        {"accented Latin", "b\xc3\xbc" "cher", 0, "b\xc3\xbc" "cher", 0},
        {"emoji (4 bytes)", "\xf0\x9f\x94\x92 ok", 0, "\xf0\x9f\x94\x92 ok", 0},
        {"C1 NEL U+0085", "a\xc2\x85" "b", 0, NULL, 1},
        {"C1 CSI U+009B", "\xc2\x9b" "31m", 0, NULL, 1},
        {"bidi RLO U+202E", "abc\xe2\x80\xae" "def", 0, NULL, 1},
        {"bidi LRE U+202A", "\xe2\x80\xaa", 0, NULL, 1},
        {"bidi PDF U+202C", "\xe2\x80\xac", 0, NULL, 1},
        {"bidi LRI U+2066", "\xe2\x81\xa6", 0, NULL, 1},
        {"bidi PDI U+2069", "\xe2\x81\xa9", 0, NULL, 1},
        {"lone 0xff", "a\xff" "b", 0, "a\\xffb", 1},
        {"lone 0xfe", "\xfe", 0, "\\xfe", 1},
        {"lone continuation", "\x80", 0, "\\x80", 1},
        {"truncated 3-byte then ASCII", "\xe6\x97" "A", 0, "\\xe6\\x97A", 1},
        {"truncated 2-byte at end", "ab\xc3", 0, "ab\\xc3", 1},
        {"truncated 4-byte", "\xf0\x9f\x94", 0, "\\xf0\\x9f\\x94", 1},
        {"overlong NUL c0 80", "\xc0\x80", 0, "\\xc0\\x80", 1},
        {"overlong slash e0 80 af", "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf", 1},
        {"overlong f0 80 80 80", "\xf0\x80\x80\x80", 0, "\\xf0\\x80\\x80\\x80", 1},
        {"surrogate ed a0 80", "\xed\xa0\x80", 0, "\\xed\\xa0\\x80", 1},
        {"above U+10FFFF", "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80", 1},
        {"embedded NUL", "a\0b", 3, "a\\x00b", 1},
        {"only NULs", "\0\0", 2, "\\x00\\x00", 1},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct sanitize_case *c = &cases[i];
        size_t len = c->len ? c->len : strlen(c->in);
        char *out;

        unit_set_case(c->label);
        out = sanitize_n(c->in, len);
        CHECK_MSG(out != NULL, "sanitize_n returned NULL");
        if (!out)
            continue;
        if (c->want)
            CHECK_MSG(same_escaped(c->want, out), "expected %s, got %s", unit_show(c->want),
                      unit_show(out));
        if (c->escaped)
            CHECK_MSG(len != strlen(out) || memcmp(out, c->in, len) != 0,
                      "passed through unescaped: %s", unit_show(out));
        check_properties(c->in, len, out);

        /* sanitize() agrees with sanitize_n() on NUL-free input. */
        if (!memchr(c->in, '\0', len)) {
            char *out2 = sanitize(c->in);
            CHECK_STR("sanitize() vs sanitize_n()", out, out2);
            free(out2);
        }
        free(out);
    }
}

/* xorshift64*: a fixed, portable sequence so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t
rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1du) >> 32);
}

/* Random bytes, biased toward what breaks sanitizers: valid UTF-8 of every
 * length, controls, bidi characters, stray and truncated sequences. */
static size_t
random_input(unsigned char *buf, size_t cap)
{
    size_t len = 0, want = rng() % 48;
    static const uint32_t nasty[] = {0x85, 0x9b, 0x202e, 0x2066, 0x2069, 0x7f, 0x1b, '\\',
                                     0xa0, 0xfeff, 0x10ffff, 0x65e5};

    while (len < want && len + 4 < cap) {
        unsigned kind = rng() % 10;
        unsigned char tmp[4];
        size_t n;

        if (kind < 3) {
            buf[len++] = (unsigned char)(0x20 + rng() % 95);
        } else if (kind < 5) {
            buf[len++] = (unsigned char)rng();
        } else if (kind < 7) {
            uint32_t c;
            do
                c = rng() % 0x110000;
            while (c >= 0xd800 && c <= 0xdfff);
            if (rng() % 2)
                c %= 0x3000;
            len += utf8_encode(c, buf + len);
        } else if (kind < 8) {
            len += utf8_encode(nasty[rng() % (sizeof nasty / sizeof nasty[0])], buf + len);
        } else if (kind < 9) {
            buf[len++] = (unsigned char)(rng() % 0x20);
        } else {
            /* A multi-byte sequence cut short. */
            n = utf8_encode(0x80 + rng() % 0x10ff80, tmp);
            n = n > 1 ? 1 + rng() % (n - 1) : 1;
            memcpy(buf + len, tmp, n);
            len += n;
        }
    }
    return len;
}

static void
test_random(void)
{
    unsigned char in[64];
    int i, failures_before = unit_failures;

    for (i = 0; i < 10000 && unit_failures - failures_before < 10; i++) {
        size_t len = random_input(in, sizeof in);
        char label[64], *out;

        snprintf(label, sizeof label, "random #%d", i);
        unit_set_case(label);
        out = sanitize_n(in, len);
        CHECK_MSG(out != NULL, "sanitize_n returned NULL");
        if (!out)
            continue;
        int before = unit_failures;
        check_properties(in, len, out);
        if (unit_failures != before) {
            size_t k;
            fprintf(stderr, "  input (%zu bytes):", len);
            for (k = 0; k < len; k++)
                fprintf(stderr, " %02x", in[k]);
            fputc('\n', stderr);
        }
        free(out);
    }
}

int
main(void)
{
    test_table();
    test_random();
    return unit_result();
}
