#!/bin/bash
# Shop.Api container entrypoint: data protection keys, culture, then the app.
set -e

: "${ASPNETCORE_ENVIRONMENT:=Production}"
: "${KEYS_DIR:=/app/keys}"
: "${DOTNET_GCHeapHardLimitPercent:=0x4B}"
export ASPNETCORE_ENVIRONMENT DOTNET_GCHeapHardLimitPercent

# data protection keys must survive restarts (mount a volume here)
mkdir -p "$KEYS_DIR" /tmp/shop
chown -R nobody:nogroup "$KEYS_DIR"

# appsettings override generated from the environment
cat > /tmp/shop/appsettings.Container.json <<EOF
{
  "DataProtection": { "KeysDirectory": "${KEYS_DIR}" },
  "Logging": { "Console": { "FormatterName": "json" } },
  "ConnectionStrings": { "Shop": "${SHOP_DB:-Host=db;Database=shop;Username=shop}" }
}
EOF
export DOTNET_ADDITIONAL_CONFIG=/tmp/shop/appsettings.Container.json

# globalization-invariant unless ICU is really wanted
if [ "${ENABLE_ICU:-0}" != "1" ]; then
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
fi

cd /app
echo "Shop.Api starting in ${ASPNETCORE_ENVIRONMENT} on ${ASPNETCORE_URLS:-http://+:8080}"
dotnet Shop.Api.dll
