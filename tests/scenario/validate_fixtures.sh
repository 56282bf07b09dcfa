# The path-validation fixtures, shared by tests/scenario/find_validate.sh
# (each served live and read through --chain-file) and
# bench/validation-table.sh (origin-doctor beside `certtool --verify`).
# Source after tests/scenario/lib.sh and od_init; vf_make makes every
# chain in $PKI with openssl, and VF_CASES lists them:
#   "NAME HOST FAMILY CHAIN..."  (the leaf $PKI/NAME.pem, the name checked,
#   the rule family it breaks, the chain sent after the leaf).

# mk NAME KEYTYPE SUBJECT EXT ISSUER [x509 option...]: $PKI/NAME.{key,pem}
# with openssl x509 -req.  KEYTYPE: ec, ec192, rsa1024, rsa2047.  EXT ""
# makes a version 1 certificate.  SAN from $OD_SAN (default the CN).
mk()
{
    local name=$1 type=$2 subj=$3 ext=$4 issuer=$5
    local -a kopt ext_opt=()
    shift 5
    case $type in
    ec) kopt=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256) ;;
    ec192) kopt=(-algorithm EC -pkeyopt ec_paramgen_curve:P-192) ;;
    rsa1024) kopt=(-algorithm RSA -pkeyopt rsa_keygen_bits:1024) ;;
    rsa2047) kopt=(-algorithm RSA -pkeyopt rsa_keygen_bits:2047) ;;
    esac
    [ -n "$ext" ] && ext_opt=(-extfile "$PKI/openssl.cnf" -extensions "$ext")
    "$OPENSSL" genpkey "${kopt[@]}" -out "$PKI/$name.key" 2>"$PKI/$name.log" &&
        "$OPENSSL" req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>>"$PKI/$name.log" &&
        OD_SAN=${OD_SAN:-DNS:${subj#/CN=}} "$OPENSSL" x509 -req -in "$PKI/$name.csr" -CA "$PKI/$issuer.pem" \
            -CAkey "$PKI/$issuer.key" -days 365 "${ext_opt[@]}" "$@" -out "$PKI/$name.pem" 2>>"$PKI/$name.log" || {
        cat "$PKI/$name.log" >&2
        hard_error "cannot make $name"
    }
}

VF_CASES=(
    "good good.test control int2 int1"
    "nca nca.test signer_not_a_CA int_nca int1"
    "nc nc.test name_constraints int_nc int1"
    "pl pl.test path_length int_below int_pl0 int1"
    "eku eku.test purpose_EKU int2 int1"
    "sha1 sha1.test insecure_algorithm int2 int1"
    "crit crit.test unknown_critical_extension int2 int1"
    "noks noks.test CA_key_usage int_noks int1"
    "v1 v1.test v1_CA int_v1 int1"
    "leafca leafca.test leaf_CA int2 int1"
    "serial0 serial0.test serial_number int2 int1"
    "san san.test SAN_syntax int2 int1"
    "wild wild.test wildcard_public_suffix int2 int1"
    "aia aia.test malformed_AIA int2 int1"
    "r2047 r2047.test RSA_modulus int_2047 int1"
    "p192 p192.test weak_key_P-192 int_192 int1"
    "empty empty.test CA_empty_subject int_empty int1"
    "r1024 r1024.test RSA_1024 int_1024 int1"
)

vf_make()
{
    pki_init
    cat >>"$PKI/openssl.cnf" <<'EOF'
[nca_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyCertSign, cRLSign
[nc_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
nameConstraints = critical, excluded;DNS:nc.test
[pl0_ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
[noksign_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
[empty_ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[client_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = $ENV::OD_SAN
[crit_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::OD_SAN
1.3.6.1.4.1.55555.1 = critical, ASN1:NULL
[leafca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::OD_SAN
[noaki_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::OD_SAN
[aia_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::OD_SAN
1.3.6.1.5.5.7.1.1 = DER:0500
EOF
    mk good ec /CN=good.test leaf_ext int2
    # GnuTLS's floor.
    mk int_nca ec "/CN=Not A CA" nca_ext int1
    mk nca ec /CN=nca.test leaf_ext int_nca
    mk int_nc ec "/CN=Constrained CA" nc_ext int1
    mk nc ec /CN=nc.test leaf_ext int_nc
    mk int_pl0 ec "/CN=Pathlen0 CA" pl0_ext int1
    mk int_below ec "/CN=Below Pathlen0" ca_ext int_pl0
    mk pl ec /CN=pl.test leaf_ext int_below
    mk eku ec /CN=eku.test client_ext int2
    mk sha1 ec /CN=sha1.test leaf_ext int2 -sha1
    mk crit ec /CN=crit.test crit_ext int2
    mk int_noks ec "/CN=No KeyCertSign" noksign_ext int1
    mk noks ec /CN=noks.test leaf_ext int_noks
    # The strict checks.
    mk int_v1 ec "/CN=Version1 CA" "" int1
    mk v1 ec /CN=v1.test noaki_ext int_v1
    mk leafca ec /CN=leafca.test leafca_ext int2
    mk serial0 ec /CN=serial0.test leaf_ext int2 -set_serial 0
    OD_SAN=DNS:san.test,DNS:a_b.san.test mk san ec /CN=san.test leaf_ext int2
    OD_SAN=DNS:wild.test,DNS:*.co.uk mk wild ec /CN=wild.test leaf_ext int2
    mk aia ec /CN=aia.test aia_ext int2
    mk int_2047 rsa2047 "/CN=RSA 2047 CA" ca_ext int1
    mk r2047 ec /CN=r2047.test leaf_ext int_2047
    mk int_192 ec192 "/CN=P-192 CA" ca_ext int1
    mk p192 ec /CN=p192.test leaf_ext int_192
    mk int_empty ec "/" empty_ca_ext int1
    mk empty ec /CN=empty.test leaf_ext int_empty
    mk int_1024 rsa1024 "/CN=RSA 1024 CA" ca_ext int1
    mk r1024 ec /CN=r1024.test leaf_ext int_1024
}
