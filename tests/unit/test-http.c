#include "config.h"

/* http.c without a network: the request CloudFront sends (and what must
 * never get into it), and the response head as libhttp-parser reads it,
 * whole and byte by byte, with the hostile shapes bounded. */

#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "viewer.h"
#include "unit.h"

static void
test_request(void)
{
    struct http_req_header hs[] = {
        {"X-Origin-Verify", "s3cret"},
        {"X-Bad", "a\r\nInjected: yes"},
        {"Bad Name", "v"},
        {"X-Empty", ""},
    };
    struct http_req r = {.host = "origin.example.com",
                         .origin_path = "/prod",
                         .path = "/a/b?x=1",
                         .via_id = "0123456789abcdef0123456789abcdef",
                         .cf_id = "ID==",
                         .headers = hs,
                         .nheaders = 4};
    size_t dropped = 99;
    char *t;

    unit_set_case("request");
    t = http_req_text(&r, &dropped);
    CHECK_STR("request",
              "GET /prod/a/b?x=1 HTTP/1.1\r\n"
              "Host: origin.example.com\r\n"
              "User-Agent: Amazon CloudFront\r\n"
              "Via: 1.1 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)\r\n"
              "X-Amz-Cf-Id: ID==\r\n"
              "Connection: Keep-Alive\r\n"
              "X-Origin-Verify: s3cret\r\n"
              "X-Empty: \r\n"
              "\r\n",
              t);
    CHECK_INT("dropped", 2, dropped);
    free(t);

    unit_set_case("default path");
    r.origin_path = NULL;
    r.path = NULL;
    r.nheaders = 0;
    t = http_req_text(&r, &dropped);
    CHECK(t && strncmp(t, "GET / HTTP/1.1\r\n", 16) == 0);
    free(t);

    unit_set_case("host with CRLF");
    r.host = "a.example\r\nX: y";
    CHECK(http_req_text(&r, &dropped) == NULL);
    unit_set_case("path without slash");
    r.host = "a.example";
    r.path = "x";
    CHECK(http_req_text(&r, &dropped) == NULL);
    unit_set_case("path with a space");
    r.path = "/a b";
    CHECK(http_req_text(&r, &dropped) == NULL);
}

static void
test_ids(void)
{
    char via[33], cf[57], via2[33], cf2[57];
    size_t i;

    unit_set_case("ids");
    http_req_ids(via, cf);
    http_req_ids(via2, cf2);
    CHECK_INT("via length", 32, strlen(via));
    CHECK_INT("cf length", 56, strlen(cf));
    CHECK(strcmp(via, via2) != 0);
    for (i = 0; i < 32; i++)
        CHECK_MSG(strchr("0123456789abcdef", via[i]) != NULL, "via[%zu] = %c", i, via[i]);
    CHECK(cf[54] == '=' && cf[55] == '=');
}

struct head_case {
    const char *name;
    const char *bytes;
    enum http_head_state state;
    int code;
    const char *server;
};

static void
test_head(void)
{
    static const struct head_case cases[] = {
        {"200", "HTTP/1.1 200 OK\r\nServer: nginx/1.25\r\nContent-Length: 2\r\n\r\nhi",
         HTTP_HEAD_DONE, 200, "nginx/1.25"},
        {"503 from an ALB",
         "HTTP/1.1 503 Service Temporarily Unavailable\r\nserver: awselb/2.0\r\n\r\n",
         HTTP_HEAD_DONE, 503, "awselb/2.0"},
        {"HTTP/1.0", "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n", HTTP_HEAD_DONE, 200,
         NULL},
        {"first Server kept", "HTTP/1.1 204 No\r\nServer: a\r\nServer: b\r\n\r\n", HTTP_HEAD_DONE,
         204, "a"},
        {"Server-Timing is not Server", "HTTP/1.1 200 OK\r\nServer-Timing: x\r\n\r\n",
         HTTP_HEAD_DONE, 200, NULL},
        {"garbage", "\x16\x03\x01 not http at all", HTTP_HEAD_BAD, 0, NULL},
        {"SSH banner", "SSH-2.0-OpenSSH_9.2\r\n", HTTP_HEAD_BAD, 0, NULL},
        {"incomplete", "HTTP/1.1 200 OK\r\nServer: x\r\n", HTTP_HEAD_MORE, 200, "x"},
        /* The parser lets escapes through in values: kept raw here, the
         * sanitizer takes them out on the way to a screen or report. */
        {"escape in a header", "HTTP/1.1 200 OK\r\nServer: \x1b[31mred\r\n\r\n", HTTP_HEAD_DONE,
         200, "\x1b[31mred"},
        {"BEL in a header", "HTTP/1.1 200 OK\r\nServer: a\x07\r\n\r\n", HTTP_HEAD_BAD, 0, NULL},
        /* Found by fuzz/fuzz-http (corpus file status-two-digits): the
         * parser takes one to three digits; a status code is 100..599. */
        {"two-digit status", "HTTP/1.1 20 \r\n0\nOKServer: x\r\n\r\n", HTTP_HEAD_BAD, 0, NULL},
        {"status 099", "HTTP/1.1 099 Low\r\n\r\n", HTTP_HEAD_BAD, 0, NULL},
        {"status 600", "HTTP/1.1 600 High\r\n\r\n", HTTP_HEAD_BAD, 0, NULL},
        {"status 599", "HTTP/1.1 599 Edge\r\n\r\n", HTTP_HEAD_DONE, 599, NULL},
    };
    size_t i, j;

    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct head_case *c = &cases[i];
        size_t n = strlen(c->bytes);
        /* All at once, then byte by byte: the parser's callbacks see the
         * names and values in pieces. */
        for (j = 0; j < 2; j++) {
            struct http_head *h = http_head_new();
            enum http_head_state st = HTTP_HEAD_MORE;
            char name[128];
            size_t k;

            snprintf(name, sizeof name, "%s (%s)", c->name, j ? "byte by byte" : "whole");
            unit_set_case(name);
            if (!j)
                st = http_head_feed(h, c->bytes, n);
            else
                for (k = 0; k < n && st == HTTP_HEAD_MORE; k++)
                    st = http_head_feed(h, c->bytes + k, 1);
            CHECK_INT("state", c->state, st);
            if (c->state != HTTP_HEAD_BAD) {
                CHECK_INT("code", c->code, http_head_code(h));
                CHECK_STR("server", c->server, http_head_server(h));
            } else {
                CHECK(http_head_error(h) != NULL);
            }
            if (c->state == HTTP_HEAD_MORE)
                CHECK_INT("closed stays incomplete", HTTP_HEAD_MORE, http_head_feed(h, "", 0));
            http_head_free(h);
        }
    }
}

/* 10 MB of header block, and a status line that never ends: the parser
 * stops at HTTP_MAX_HEAD, the Server value stays within its cap. */
static void
test_hostile(void)
{
    size_t total = 10u << 20, fed = 0, chunk = 16384;
    char *buf = malloc(chunk);
    struct http_head *h;
    enum http_head_state st;

    unit_set_case("10 MB header block");
    h = http_head_new();
    st = http_head_feed(h, "HTTP/1.1 200 OK\r\nServer: ", 25);
    memset(buf, 'A', chunk);
    while (st == HTTP_HEAD_MORE && fed < total) {
        st = http_head_feed(h, buf, chunk);
        fed += chunk;
    }
    CHECK_INT("state", HTTP_HEAD_TOO_BIG, st);
    CHECK_MSG(fed <= HTTP_MAX_HEAD + chunk, "fed %zu bytes before the cap", fed);
    CHECK_INT("head bytes", HTTP_MAX_HEAD, http_head_size(h));
    CHECK(http_head_server(h) && strlen(http_head_server(h)) == HTTP_MAX_SERVER);
    CHECK_INT("stays too big", HTTP_HEAD_TOO_BIG, http_head_feed(h, "\r\n\r\n", 4));
    http_head_free(h);

    unit_set_case("status line without end");
    h = http_head_new();
    st = http_head_feed(h, "HTTP/1.1 200 ", 13);
    fed = 0;
    while (st == HTTP_HEAD_MORE && fed < total) {
        st = http_head_feed(h, buf, chunk);
        fed += chunk;
    }
    CHECK_INT("state", HTTP_HEAD_TOO_BIG, st);
    CHECK_INT("code", 200, http_head_code(h));
    http_head_free(h);
    free(buf);
}

/* viewer.c's pure parts: the URL, and the sentence of CloudFront's page. */
static void
test_viewer(void)
{
    static const struct {
        const char *url, *host, *path;
        unsigned port;
    } ok[] = {
        {"https://www.example.com/", "www.example.com", "/", 443},
        {"https://www.example.com", "www.example.com", "/", 443},
        {"http://www.example.com:8080/a/b?x=1#frag", "www.example.com", "/a/b?x=1", 8080},
        {"HTTPS://WWW.Example.com?q", "www.example.com", "/?q", 443},
        {"https://[2001:db8::1]:8443/x", "2001:db8::1", "/x", 8443},
    };
    static const char *const bad[] = {"ftp://a.example/", "https://user@a.example/",
                                      "https://a b.example/", "https:///x", "https://a\x1b.example/"};
    static const char page[] =
        "<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>\n"
        "<H1>502 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n"
        "<HR noshade size=\"1px\">\nCloudFront wasn't able to connect to the origin.\n"
        "We can't connect to the server for this app or website at this time.\n";
    char *host, *path, *t;
    unsigned port;
    const char *err;
    size_t i;

    for (i = 0; i < sizeof ok / sizeof *ok; i++) {
        unit_set_case(ok[i].url);
        CHECK(viewer_is_url(ok[i].url));
        if (!viewer_parse_url(ok[i].url, &host, &port, &path, &err)) {
            CHECK_MSG(false, "refused: %s", err);
            continue;
        }
        CHECK_STR("host", ok[i].host, host);
        CHECK_STR("path", ok[i].path, path);
        CHECK_INT("port", ok[i].port, port);
        free(host);
        free(path);
    }
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        unit_set_case(bad[i]);
        CHECK(!viewer_parse_url(bad[i], &host, &port, &path, &err));
    }
    unit_set_case("origin name is not a URL");
    CHECK(!viewer_is_url("origin.example.com:443"));

    unit_set_case("CloudFront's page");
    t = viewer_error_text((const unsigned char *)page, sizeof page - 1);
    CHECK_STR("sentence", "CloudFront wasn't able to connect to the origin.", t);
    free(t);
    unit_set_case("not CloudFront's page");
    CHECK(viewer_error_text((const unsigned char *)"<h1>502 Bad Gateway</h1>", 24) == NULL);
    unit_set_case("a page cut short");
    t = viewer_error_text((const unsigned char *)page, strstr(page, "wasn't") - page);
    CHECK_STR("partial", "CloudFront", t);
    free(t);
}

int
main(void)
{
    test_request();
    test_ids();
    test_head();
    test_hostile();
    test_viewer();
    return unit_result();
}
