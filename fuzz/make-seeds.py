#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (fuzz/corpus/NAME/*).

Run once from the top of the tree with a directory of DER certificates made
by openssl for the purpose (an EC P-256 "Fuzz Root CA", whose DER is in
fuzz/fuzz-ca.h, an intermediate, and leaves for origin.example.com, another
name, a wildcard, an IP address and an ELB name, a self-signed leaf and an
RSA leaf): python3 fuzz/make-seeds.py CERTDIR.  The other seeds are the
shapes the tests use (tests/unit/test-dns-parse.c, test-distconfig.c,
test-http.c, test-awscli.c), written here byte by byte."""
import json
import os
import struct
import sys

certs = {}
d = sys.argv[1]
for f in os.listdir(d):
    if f.endswith('.der'):
        certs[f[:-4]] = open(os.path.join(d, f), 'rb').read()


def put(target, name, data):
    os.makedirs('fuzz/corpus/' + target, exist_ok=True)
    with open('fuzz/corpus/%s/%s' % (target, name), 'wb') as f:
        f.write(data)


def u24(n):
    return struct.pack('>I', n)[1:]


def certlist(*names):
    return b''.join(u24(len(certs[n])) + certs[n] for n in names)


# --- analysis: flags, then a TLS Certificate list ---------------------------
put('analysis', 'good-chain', b'\x00' + certlist('good', 'int'))
put('analysis', 'good-chain-root', b'\x00' + certlist('good', 'int', 'ca'))
put('analysis', 'good-http', b'\x20' + certlist('good', 'int'))
put('analysis', 'good-host', b'\x28' + certlist('good', 'int'))
put('analysis', 'wrong-name', b'\x00' + certlist('wrong', 'int'))
put('analysis', 'wildcard-host', b'\x08' + certlist('wild', 'int'))
put('analysis', 'ip-literal', b'\x04' + certlist('ip', 'int'))
put('analysis', 'elb-name', b'\x00' + certlist('elb', 'int'))
put('analysis', 'direct', b'\x00' + certlist('direct'))
put('analysis', 'self-signed', b'\x00' + certlist('self'))
put('analysis', 'rsa-untrusted', b'\x10' + certlist('rsa'))
put('analysis', 'wrong-order', b'\x00' + certlist('int', 'good'))
put('analysis', 'no-intermediate', b'\x00' + certlist('good'))
put('analysis', 'failed', b'\x01' + certlist('good', 'int'))
put('analysis', 'alert-empty', b'\x02')
put('analysis', 'closed-private', b'\x43' + certlist('good'))
put('analysis', 'dist-elb-name', b'\x80' + certlist('elb', 'int'))
put('analysis', 'dist-wrong-name', b'\x80' + certlist('wrong', 'int'))
put('analysis', 'truncated', b'\x00' + certlist('good', 'int')[:300])

# --- tlsrec: TLS records --------------------------------------------------------


def rec(ctype, body):
    return bytes([ctype, 3, 3]) + struct.pack('>H', len(body)) + body


def hs(mtype, body):
    return bytes([mtype]) + u24(len(body)) + body


server_hello = hs(2, b'\x03\x03' + b'\x11' * 32 + b'\x00' + b'\xc0\x2f' + b'\x00')
cert_msg = hs(11, u24(len(certlist('good', 'int'))) + certlist('good', 'int'))
done = hs(14, b'')
flight = server_hello + cert_msg + done
put('tlsrec', 'one-record', rec(22, flight))
# The flight over several records, as servers split it (max 16 KiB each).
parts = [flight[i:i + 200] for i in range(0, len(flight), 200)]
put('tlsrec', 'many-records', b''.join(rec(22, p) for p in parts))
put('tlsrec', 'ccs-then-garbage', rec(22, flight) + rec(20, b'\x01') + rec(22, b'\xff' * 40))
put('tlsrec', 'cut-short', rec(22, flight)[:400])
put('tlsrec', 'alert-first', rec(21, b'\x02\x28') + rec(22, flight))
put('tlsrec', 'empty-list', rec(22, server_hello + hs(11, u24(0)) + done))
long_list = certlist(*(['good'] + ['int'] * 39))
put('tlsrec', 'forty-certs',
    b''.join(rec(22, p) for p in
             [(server_hello + hs(11, u24(len(long_list)) + long_list) + done)[i:i + 16384]
              for i in range(0, len(server_hello) + 7 + len(long_list) + 4, 16384)]))
put('tlsrec', 'list-longer-than-message', rec(22, hs(11, u24(5000) + certlist('good'))))
put('tlsrec', 'http-answer', b'HTTP/1.1 400 Bad Request\r\n\r\n')

# --- dns: the question type byte, then an answer ----------------------------------


def name(n):
    return b''.join(bytes([len(l)]) + l.encode() for l in n.split('.') if l) + b'\x00'


def header(qd, an, flags=0x8180):
    return struct.pack('>HHHHHH', 0x1234, flags, qd, an, 0, 0)


q_a = name('origin.test') + struct.pack('>HH', 1, 1)
q_aaaa = name('origin.test') + struct.pack('>HH', 28, 1)


def rr(owner, rtype, ttl, rdata):
    return owner + struct.pack('>HHIH', rtype, 1, ttl, len(rdata)) + rdata


PTR_Q = b'\xc0\x0c'
put('dns', 'a-two', b'\x00' + header(1, 2) + q_a + rr(PTR_Q, 1, 60, bytes([192, 0, 2, 1])) +
    rr(PTR_Q, 1, 60, bytes([192, 0, 2, 2])))
put('dns', 'aaaa-one', b'\x01' + header(1, 1) + q_aaaa + rr(PTR_Q, 28, 60, b'\x20\x01\x0d\xb8' + b'\x00' * 11 + b'\x01'))
cn = header(1, 3) + q_a
cn += rr(PTR_Q, 5, 300, name('alb.example.net'))
cn += rr(name('alb.example.net'), 5, 300, name('x.elb.amazonaws.com'))
cn += rr(name('x.elb.amazonaws.com'), 1, 60, bytes([203, 0, 113, 10]))
put('dns', 'cname-chain', b'\x00' + cn)
put('dns', 'nxdomain', b'\x00' + header(1, 0, 0x8183) + q_a)
put('dns', 'pointer-loop', b'\x00' + header(1, 1) + q_a + b'\xc0\x1d\xc0\x1b' + struct.pack('>HHIH', 1, 1, 60, 4) + b'\x01\x02\x03\x04')
put('dns', 'nul-label', b'\x00' + header(1, 1) + q_a + b'\x03a\x00b\x00' + struct.pack('>HHIH', 1, 1, 60, 4) + b'\x01\x02\x03\x04')
put('dns', 'wrong-count', b'\x00' + header(1, 5) + q_a + rr(PTR_Q, 1, 60, bytes([192, 0, 2, 1])))
tc = header(1, 1000, 0x8380) + q_a + b''.join(rr(PTR_Q, 1, 60, bytes([10, 0, i >> 8, i & 255])) for i in range(1000))
put('dns', 'tc-1000', b'\x00' + tc)
loop = header(1, 2) + q_a + rr(PTR_Q, 5, 60, name('b.test')) + rr(name('b.test'), 5, 60, name('origin.test'))
put('dns', 'cname-loop', b'\x00' + loop)
put('dns', 'truncated-record', b'\x00' + (header(1, 1) + q_a + rr(PTR_Q, 1, 60, bytes([192, 0, 2, 1])))[:-3])

# --- http: the piece size byte, then a response ---------------------------------
put('http', 'ok', b'\xff' + b'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 2\r\n\r\nok')
put('http', 'ok-bytewise', b'\x00' + b'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 2\r\n\r\nok')
put('http', 'bad-gateway', b'\x10' + b'HTTP/1.1 502 Bad Gateway\r\nServer: awselb/2.0\r\n\r\n')
put('http', 'http10-close', b'\x07' + b'HTTP/1.0 404 Not Found\r\n\r\n')
put('http', 'not-http', b'\x20' + b'SSH-2.0-OpenSSH_9.2\r\n')
put('http', 'folded', b'\xff' + b'HTTP/1.1 200 OK\r\nServer: a\r\n b\r\nX: \x1b[2J\r\n\r\n')
put('http', 'cut', b'\xff' + b'HTTP/1.1 200 OK\r\nServer: ngi')
put('http', 'bare-lf', b'\xff' + b'HTTP/1.1 301 Moved\nLocation: /x\n\n')
put('http', 'many-headers', b'\xff' + b'HTTP/1.1 200 OK\r\n' + b''.join(b'X-%d: %s\r\n' % (i, b'v' * 50) for i in range(200)) + b'\r\n')

# --- distconfig and awscli: JSON documents -------------------------------------------


def origin(oid, dn, policy='https-only', port=443, protos=('TLSv1.2',), headers=()):
    return {'Id': oid, 'DomainName': dn, 'OriginPath': '',
            'CustomHeaders': {'Quantity': len(headers), 'Items': [{'HeaderName': h, 'HeaderValue': v} for h, v in headers]},
            'CustomOriginConfig': {'HTTPPort': 80, 'HTTPSPort': port, 'OriginProtocolPolicy': policy,
                                   'OriginSslProtocols': {'Quantity': len(protos), 'Items': list(protos)},
                                   'OriginReadTimeout': 30, 'OriginKeepaliveTimeout': 5},
            'ConnectionAttempts': 3, 'ConnectionTimeout': 10}


s3 = {'Id': 'assets', 'DomainName': 'assets.s3.amazonaws.com', 'OriginPath': '',
      'S3OriginConfig': {'OriginAccessIdentity': ''}}


def config(origins, default, behaviors=(), groups=None):
    c = {'CallerReference': 'od', 'Comment': '', 'Enabled': True,
         'Aliases': {'Quantity': 1, 'Items': ['www.example.com']},
         'Origins': {'Quantity': len(origins), 'Items': origins},
         'DefaultCacheBehavior': default,
         'CacheBehaviors': {'Quantity': len(behaviors), 'Items': list(behaviors)}}
    if groups:
        c['OriginGroups'] = {'Quantity': len(groups), 'Items': groups}
    return c


def beh(target, path=None, **extra):
    b = {'TargetOriginId': target, 'ViewerProtocolPolicy': 'redirect-to-https'}
    if path:
        b['PathPattern'] = path
    b.update(extra)
    return b


elb = 'my-alb-123.us-east-1.elb.amazonaws.com'
docs = {
    'get-config-elb': {'ETag': 'E2QWRUHAPOMQZL', 'DistributionConfig': config(
        [origin('alb', elb)], beh('alb'), [beh('alb', '/api/*')])},
    'get-distribution': {'ETag': 'E1', 'Distribution': {
        'Id': 'E123EXAMPLE', 'DomainName': 'd111111abcdef8.cloudfront.net', 'Status': 'Deployed',
        'DistributionConfig': config([origin('alb', 'origin.example.com'), s3], beh('alb'),
                                     [beh('assets', '/static/*')])}},
    'bare-legacy-host': config([origin('alb', elb, protos=('TLSv1', 'TLSv1.1', 'TLSv1.2'))],
                               beh('alb', ForwardedValues={'QueryString': False, 'Headers': {'Quantity': 1, 'Items': ['Host']}})),
    'managed-allviewer': config([origin('alb', elb, policy='match-viewer')],
                                beh('alb', OriginRequestPolicyId='216adef6-5c7f-47e4-b989-5492eafa07d3',
                                    CachePolicyId='658327ea-f89d-4fab-a63d-7e88639e58f6')),
    'custom-policy': config([origin('alb', elb)], beh('alb', OriginRequestPolicyId='aaaaaaaa-0000-0000-0000-000000000000')),
    'http-only-headers': config([origin('web', 'web.example.com', policy='http-only', headers=(('X-Secret', 'abc'),))],
                                beh('web')),
    'group': config([origin('a', 'a.example.com'), origin('b', 'b.example.com', port=8443)], beh('g'),
                    groups=[{'Id': 'g', 'FailoverCriteria': {'StatusCodes': {'Quantity': 2, 'Items': [502, 504]}},
                             'Members': {'Quantity': 2, 'Items': [{'OriginId': 'a'}, {'OriginId': 'b'}]}}]),
}
for k, v in docs.items():
    put('distconfig', k + '.json', json.dumps(v, indent=1).encode())
put('distconfig', 'not-a-distribution.json', b'{"hello": 1}')
put('distconfig', 'wrong-type.json', json.dumps({'DistributionConfig': config([origin('alb', elb, port='443')], beh('alb'))}).encode())

put('awscli', 'stderr-denied', b'\x00\xfe' + b'\nAn error occurred (AccessDenied) when calling the GetDistribution operation: User: arn:aws:iam::123456789012:user/x is not authorized\n')
put('awscli', 'stderr-nosuch', b'\x00\xfe' + b'\nAn error occurred (NoSuchDistribution) when calling the GetDistribution operation: The specified distribution does not exist.\n')
put('awscli', 'stderr-expired', b'\x00\xfe' + b'\nAn error occurred (ExpiredToken) when calling the ListDistributions operation: The security token included in the request is expired\n')
put('awscli', 'stderr-nocreds', b'\x00\xfd' + b'\nUnable to locate credentials. You can configure credentials by running "aws configure".\n')
put('awscli', 'stderr-usage', b'\x00\x02' + b'usage: aws [options] <command> <subcommand>\naws: error: argument --id is required\n')
put('awscli', 'stderr-escape', b'\x00\x01' + b'\x1b[2J\xe2\x80\xaeboom\n')
put('awscli', 'policy-host', b'\x01' + json.dumps({'OriginRequestPolicy': {'Id': 'aaaaaaaa-0000-0000-0000-000000000000', 'OriginRequestPolicyConfig': {
    'HeadersConfig': {'HeaderBehavior': 'whitelist', 'Headers': {'Quantity': 1, 'Items': ['Host']}}}}}).encode())
put('awscli', 'policy-allexcept', b'\x01' + json.dumps({'OriginRequestPolicy': {'OriginRequestPolicyConfig': {
    'HeadersConfig': {'HeaderBehavior': 'allExcept', 'Headers': {'Quantity': 1, 'Items': ['host']}}}}}).encode())
put('awscli', 'cache-policy', b'\x01' + json.dumps({'CachePolicy': {'Id': 'bbbbbbbb-0000-0000-0000-000000000000', 'CachePolicyConfig': {
    'ParametersInCacheKeyAndForwardedToOrigin': {'HeadersConfig': {'HeaderBehavior': 'whitelist', 'Headers': {'Quantity': 1, 'Items': ['Host']}}}}}}).encode())
put('awscli', 'get-distribution', b'\x02' + json.dumps(docs['get-distribution']).encode())
put('awscli', 'not-an-object', b'\x02' + b'[1, 2, 3]')
