#!/bin/sh
# Kafka broker with a one-shot helper that creates the topics once the broker answers (the widely copied
# `create-topics.sh &` pattern), then the broker itself as PID 1.
set -e

: "${KAFKA_CREATE_TOPICS:=orders:3:1,payments:1:1}"
export KAFKA_CREATE_TOPICS

mkdir -p /opt/kafka/config /var/lib/kafka/data
cat > /opt/kafka/config/server.properties <<EOF
broker.id=0
log.dirs=/var/lib/kafka/data
listeners=PLAINTEXT://0.0.0.0:9092
EOF

# waits for the broker, creates the topics, exits
/opt/kafka/create-topics.sh &

exec /opt/kafka/bin/kafka-server-start.sh /opt/kafka/config/server.properties
