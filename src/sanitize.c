#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sanitize.h"
#include "xmalloc.h"

/* Length of the well-formed UTF-8 sequence at p (at most n bytes), storing
 * the code point; 0 when malformed (overlong, surrogate, out of range). */
static size_t
utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len, i;
    uint32_t c;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    } else if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        len = 2;
        c = p[0] & 0x1f;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        len = 3;
        c = p[0] & 0x0f;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        len = 4;
        c = p[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3f);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Code points that must never reach a terminal as themselves: controls, and
 * the bidirectional overrides that can make text read differently. */
static int
unsafe_cp(uint32_t c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c ||
           c == 0xfeff;
}

char *
sanitize_n(const void *data, size_t len)
{
    const unsigned char *p = data;
    /* Worst case: every byte becomes \xNN (4 bytes) or a code point \u{NNNN}
     * (8 bytes) from 2-3 input bytes; 4 per byte bounds both. */
    char *out = xmalloc(len * 4 + 1), *o = out;
    size_t i = 0, n;
    uint32_t cp;

    while (i < len) {
        n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            o += sprintf(o, "\\x%02X", p[i]);
            i++;
        } else if (cp == '\\') {
            *o++ = '\\';
            *o++ = '\\';
            i++;
        } else if (unsafe_cp(cp)) {
            if (cp < 0x80)
                o += sprintf(o, "\\x%02X", (unsigned)cp);
            else
                o += sprintf(o, "\\u{%X}", (unsigned)cp);
            i += n;
        } else {
            memcpy(o, p + i, n);
            o += n;
            i += n;
        }
    }
    *o = '\0';
    return out;
}

char *
sanitize(const char *s)
{
    return sanitize_n(s ? s : "", s ? strlen(s) : 0);
}
