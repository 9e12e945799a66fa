#!/usr/bin/env bash
# Makes the keys for running a cluster with TLS: a CA of its own, a trust store holding the CA's
# certificate, and for each party named a PKCS12 key store with its own key and a certificate
# the CA signed. Every party is then started with
#   --tls-keystore DIR/NAME.p12 --tls-truststore DIR/truststore.p12 --tls-password-file DIR/password
# and accepts only peers whose certificate this CA signed. The CA's private key is DIR/ca/ca.p12,
# under a password of its own in DIR/ca/password: keep DIR/ca away from the cluster, it is needed
# only to add parties later (run this again with new names). Every file is readable by its owner
# only, and no password appears on a command line.
#
# A certificate names its party's role, and a node's the address it serves (design.md, "Limits and
# security"): CN=supernode, CN=client, CN=node HOST:PORT with HOST also as a subject alternative name.
# Each NAME is one of
#   supernode, client              the supernode, a client (client-LABEL for more clients)
#   node=HOST:PORT                 a node serving on HOST:PORT; its file is DIR/node-HOST-PORT.p12
#   node-PORT                      a node serving on 127.0.0.1:PORT; its file is DIR/node-PORT.p12
#
# Usage: scripts/tls-keys.sh DIR NAME...      e.g. scripts/tls-keys.sh tls supernode node-5001 node=10.0.0.2:5001 client
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/script.sh"
[[ $# -ge 2 ]] || { show_help >&2; exit 2; }
dir=$1
shift
command -v keytool >/dev/null || { echo "tls-keys: keytool (from the JDK) is needed" >&2; exit 1; }
umask 077
mkdir -p "$dir"
cd "$dir"
# The parties' password and the CA's live in files of their own, readable by the owner only, and
# reach keytool as file names: a password on a command line is visible to every local user.
new_password() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$1"; }
[[ -f password ]] || new_password password
mkdir -p ca
chmod 700 ca
if [[ -f ca.p12 && ! -f ca/ca.p12 ]]; then
  # A folder made before the CA had a folder of its own: its key moves there, under the old password.
  mv ca.p12 ca/ca.p12
  cp password ca/password
fi
[[ -f ca/password ]] || new_password ca/password
if [[ ! -f ca/ca.p12 ]]; then
  keytool -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=dhtfl cluster CA" -ext bc:c \
    -validity 3650 -keystore ca/ca.p12 -storetype PKCS12 -storepass:file ca/password -keypass:file ca/password 2>/dev/null
  keytool -exportcert -rfc -alias ca -keystore ca/ca.p12 -storepass:file ca/password -file ca.pem 2>/dev/null
  rm -f truststore.p12
fi
if [[ ! -f truststore.p12 ]]; then
  keytool -importcert -noprompt -alias ca -file ca.pem -keystore truststore.p12 -storetype PKCS12 \
    -storepass:file password 2>/dev/null
fi
for party in "$@"; do
  san=()
  if [[ $party =~ ^(supernode|client)(-[A-Za-z0-9._]+)?$ ]]; then
    name=$party
    cn="${BASH_REMATCH[1]}${BASH_REMATCH[2]:+ ${BASH_REMATCH[2]#-}}"
  elif [[ $party =~ ^node-([0-9]+)$ || $party =~ ^node=([A-Za-z0-9.-]+):([0-9]+)$ ]]; then
    if [[ ${#BASH_REMATCH[@]} -eq 2 || -z ${BASH_REMATCH[2]:-} ]]; then
      host=127.0.0.1 port=${BASH_REMATCH[1]} name=$party
    else
      host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]} name="node-$host-$port"
    fi
    (( port >= 1 && port <= 65535 )) || { echo "tls-keys: '$party': port $port out of range 1..65535" >&2; exit 2; }
    cn="node $host:$port"
    if [[ $host =~ ^[0-9]+(\.[0-9]+){3}$ ]]; then san=(-ext "san=ip:$host"); else san=(-ext "san=dns:$host"); fi
  else
    echo "tls-keys: '$party' is none of supernode, client, client-LABEL, node-PORT, node=HOST:PORT" >&2
    exit 2
  fi
  rm -f "$name.p12" "$name.csr" "$name.pem"
  keytool -genkeypair -alias "$name" -keyalg EC -groupname secp256r1 -dname "CN=$cn" -validity 825 \
    -keystore "$name.p12" -storetype PKCS12 -storepass:file password -keypass:file password 2>/dev/null
  keytool -certreq -alias "$name" -keystore "$name.p12" -storepass:file password -file "$name.csr" 2>/dev/null
  keytool -gencert -rfc -alias ca -keystore ca/ca.p12 -storepass:file ca/password -infile "$name.csr" -outfile "$name.pem" \
    -validity 825 -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth "${san[@]}" 2>/dev/null
  keytool -importcert -noprompt -alias ca -file ca.pem -keystore "$name.p12" -storepass:file password 2>/dev/null
  keytool -importcert -alias "$name" -file "$name.pem" -keystore "$name.p12" -storepass:file password 2>/dev/null
  rm -f "$name.csr"
  echo "tls-keys: $dir/$name.p12 (CN=$cn)"
done
