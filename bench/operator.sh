# Sourced by the bench scripts: the operator a benchmark logs in as (its /api calls need a token).
#   bench_add_operator <keel home>   adds user bench-admin (role admin) to <home>/etc/keel.users
#   bench_token <http port>          logs in with POST /auth/token and prints the token
# Needs python3 (the PBKDF2 hash, as bin/keel writes it) and curl.
BENCH_USER=bench-admin
BENCH_PASSWORD=${BENCH_PASSWORD:-bench-admin-password}

bench_add_operator() {
  local hash
  hash=$(python3 - "$BENCH_PASSWORD" <<'PY'
import base64, hashlib, os, sys
salt, iterations = os.urandom(16), 210000
digest = hashlib.pbkdf2_hmac('sha256', sys.argv[1].encode(), salt, iterations, 32)
print('pbkdf2-sha256:%d:%s:%s' % (iterations, base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))
PY
)
  mkdir -p "$1/etc"
  printf '%s admin %s\n' "$BENCH_USER" "$hash" >> "$1/etc/keel.users"
  chmod 600 "$1/etc/keel.users"
}

bench_token() {
  local body
  body=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" "http://127.0.0.1:$1/auth/token") || return 1
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])["token"])' "$body" 2>/dev/null
}
