#!/bin/sh
set -e

: "${MQTT_PORT:=1883}"
: "${MQTT_ALLOW_ANONYMOUS:=false}"

mkdir -p /mosquitto/config /mosquitto/data /mosquitto/log
chown -R nobody:nogroup /mosquitto/data /mosquitto/log

cat > /mosquitto/config/mosquitto.conf <<EOF
persistence true
persistence_location /mosquitto/data/
log_dest stdout
listener ${MQTT_PORT}
allow_anonymous ${MQTT_ALLOW_ANONYMOUS}
EOF

if [ -n "$MQTT_USER" ] && [ -n "$MQTT_PASSWORD" ]; then
    echo "password_file /mosquitto/config/passwd" >> /mosquitto/config/mosquitto.conf
    printf '%s:%s\n' "$MQTT_USER" "$MQTT_PASSWORD" > /mosquitto/config/passwd
    chmod 0600 /mosquitto/config/passwd
fi

echo "starting mosquitto on port $MQTT_PORT"
/usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
echo "stopped"; exit 0
