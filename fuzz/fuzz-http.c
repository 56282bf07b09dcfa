#include "config.h"

/* The HTTP response reader (src/http.c): an origin's answer to CloudFront's
 * request, fed in pieces as reads deliver it.  The first byte chooses the
 * size of the pieces (1 to 256 bytes); the rest is the answer; then the
 * peer closes (a read of 0 bytes). */

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_head *h;
    enum http_head_state st = HTTP_HEAD_MORE;
    size_t piece, off = 1;
    const char *server;

    if (size < 1 || size > 1 << 20)
        return 0;
    piece = (size_t)data[0] + 1;
    h = http_head_new();
    while (off < size && st == HTTP_HEAD_MORE) {
        size_t n = size - off < piece ? size - off : piece;
        /* An exact-size copy: a read past the piece is caught. */
        unsigned char *buf = malloc(n);
        if (!buf)
            fuzz_fail("malloc");
        memcpy(buf, data + off, n);
        st = http_head_feed(h, buf, n);
        free(buf);
        off += n;
    }
    if (st == HTTP_HEAD_MORE)
        st = http_head_feed(h, "", 0);
    if (http_head_size(h) > size - 1)
        fuzz_fail("%zu bytes of head from %zu bytes", http_head_size(h), size - 1);
    if (st == HTTP_HEAD_DONE && (http_head_code(h) < 100 || http_head_code(h) > 599))
        fuzz_fail("a complete head with status %d", http_head_code(h));
    if (st == HTTP_HEAD_BAD && !http_head_error(h))
        fuzz_fail("a bad head without the parser's reason");
    if ((server = http_head_server(h)) != NULL && strlen(server) > HTTP_MAX_HEAD)
        fuzz_fail("a Server header of %zu bytes", strlen(server));
    http_head_free(h);
    return 0;
}
