#!/bin/bash
# A chain of 50 certificates, complete and in order (leaf, 48 intermediates,
# the root).  The probe records 32 of them (OBS_MAX_CERTS); the analysis must
# not report chain.incomplete for an issuer that was sent beyond the cap.
. "${0%/*}/lib.sh"
od_init 43
need_openssl

pki_init
prev=root
deep=()
for i in $(seq 48); do
    pki_dated "deep$i" ec "/CN=OD Deep $i" ca_ext "$prev" "$(od_date -1)" "$(od_date 365)"
    prev=deep$i
    deep=("deep$i" "${deep[@]}")
done
OD_ISSUER=deep48 pki_leaf_y leaf ec long.test
pki_cat longchain "${deep[@]}" root
start_tls_server long "$(addr 2)" leaf leaf longchain
run_od long --ca-file "$PKI/root.pem" --resolve "long.test:$SRV_PORT:$(addr 2)" "long.test:$SRV_PORT"
assert_jq '.origins[0].addresses[0].tls.certificates_received' 50
assert_no_finding chain.incomplete
