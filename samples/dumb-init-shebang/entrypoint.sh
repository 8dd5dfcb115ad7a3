#!/usr/bin/dumb-init /bin/sh
# dumb-init is PID 1 (from the shebang) and forwards signals to the group.
set -e

: "${VAULT_ADDR:=http://127.0.0.1:8200}"
: "${VAULT_STORAGE_PATH:=/vault/file}"
: "${VAULT_LOG_LEVEL:=info}"
export VAULT_ADDR

mkdir -p /vault/config "$VAULT_STORAGE_PATH" /vault/logs

if [ ! -f /vault/config/local.hcl ]; then
    cat > /vault/config/local.hcl <<EOF
storage "file" {
  path = "${VAULT_STORAGE_PATH}"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = "true"
}

ui = true
disable_mlock = true
EOF
fi

exec vault server -config=/vault/config -log-level="$VAULT_LOG_LEVEL"
