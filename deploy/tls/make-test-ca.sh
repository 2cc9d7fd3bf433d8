#!/bin/sh
# Makes a test CA and one certificate per cluster member, for krglogs' cluster TLS (Akka remoting).
#   deploy/tls/make-test-ca.sh OUTDIR [MEMBER...]      (members default to: aggregator receiver)
# Writes OUTDIR/ca.crt (give it to every member as --tls-ca), OUTDIR/ca.key (keep it off the members),
# and for each member OUTDIR/<member>.crt + <member>.key (--tls-cert/--tls-key) and <member>.pfx (--tls-pfx,
# password in <member>.pfx.password for --tls-password-file). Certificates serve as both TLS client and server
# (every member dials and is dialled). For production use your own CA and keep the keys mode 600.
set -eu
out=${1:?usage: make-test-ca.sh OUTDIR [MEMBER...]}
shift
[ $# -gt 0 ] || set -- aggregator receiver
days=${KRGLOGS_TLS_DAYS:-825}
mkdir -p "$out"
umask 077

if [ ! -f "$out/ca.key" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
        -subj "/CN=krglogs test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
fi

for member in "$@"; do
    cat > "$out/$member.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$member,DNS:localhost,IP:127.0.0.1
EXT
    openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$member" \
        -keyout "$out/$member.key" -out "$out/$member.csr" 2>/dev/null
    openssl x509 -req -sha256 -days "$days" -in "$out/$member.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
        -CAcreateserial -extfile "$out/$member.ext" -out "$out/$member.crt" 2>/dev/null
    openssl rand -hex 16 > "$out/$member.pfx.password"
    openssl pkcs12 -export -in "$out/$member.crt" -inkey "$out/$member.key" -certfile "$out/ca.crt" \
        -passout "file:$out/$member.pfx.password" -out "$out/$member.pfx"
    rm -f "$out/$member.csr" "$out/$member.ext"
done
chmod 644 "$out/ca.crt"
echo "made in $out: ca.crt, and for $*: .crt .key .pfx .pfx.password"
