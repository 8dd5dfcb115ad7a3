#!/bin/bash
set -e

: "${ZK_CONNECT:=localhost:2181}"
: "${KAFKA_HEAP_OPTS:=-Xmx512m -Xms512m}"
export KAFKA_HEAP_OPTS

mkdir -p /var/lib/zookeeper /var/lib/kafka-logs /opt/kafka/config

cat > /opt/kafka/config/zk.properties <<EOF
dataDir=/var/lib/zookeeper
clientPort=2181
maxClientCnxns=0
admin.enableServer=false
EOF

cat > /opt/kafka/config/broker.properties <<EOF
broker.id=0
log.dirs=/var/lib/kafka-logs
zookeeper.connect=${ZK_CONNECT}
listeners=PLAINTEXT://0.0.0.0:9092
EOF

/opt/kafka/bin/zookeeper-server-start.sh /opt/kafka/config/zk.properties &
ZK_PID=$!
echo "$ZK_PID" > /var/run/zookeeper.pid

/opt/kafka/bin/kafka-server-start.sh /opt/kafka/config/broker.properties &
KAFKA_PID=$!
echo "$KAFKA_PID" > /var/run/kafka.pid

# stop kafka first, then zookeeper
_term() {
  echo "caught SIGTERM"
  kill -TERM "$KAFKA_PID" 2>/dev/null || true
  wait "$KAFKA_PID" || true
  kill -TERM "$ZK_PID" 2>/dev/null || true
  wait "$ZK_PID" || true
  exit 0
}
trap _term TERM INT

wait "$KAFKA_PID"
