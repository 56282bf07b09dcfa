#!/bin/bash
# A resolver that never answers: the lookup ends as "timeout" when
# --dns-timeout runs out (2 s here), not later.
. "${0%/*}/lib.sh"
od_init 23
need_fakeserver

start_fake silent udp-silent "$(addr 53)"
run_od silent --dns-timeout 2 --dns-server "$(addr 53):$FAKE_PORT" "x.test:443"
assert_exit 1
assert_jq '.settings.dns_timeout_ms' 2000
assert_jq '.origins[0].dns.status' timeout
assert_jq '.origins[0].addresses | length' 0
assert_jq '.origins[0].completed' false
ms=$(jqr '.origins[0].dns.elapsed_ms | floor')
assert_cmp -ge "$ms" 1900 "the lookup waited for its 2 s deadline"
assert_cmp -lt "$ms" 2600 "the lookup gave up at its 2 s deadline, not later"
