#!/bin/bash
# monitoring stack in a box (prometheus + alertmanager)

PROM_RETENTION=${PROM_RETENTION:-15d}
SLACK_WEBHOOK=${SLACK_WEBHOOK:-}

mkdir -p /prometheus /alertmanager /etc/alertmanager
chown -R nobody:nogroup /prometheus /alertmanager

cat > /etc/alertmanager/alertmanager.yml <<EOF
route:
  receiver: default
  group_wait: 30s
receivers:
  - name: default
EOF
if [ -n "$SLACK_WEBHOOK" ]; then
cat >> /etc/alertmanager/alertmanager.yml <<EOF
    slack_configs:
      - api_url: '${SLACK_WEBHOOK}'
        channel: '#alerts'
EOF
fi

/bin/prometheus \
  --config.file=/etc/prometheus/prometheus.yml \
  --storage.tsdb.path=/prometheus \
  --storage.tsdb.retention.time="$PROM_RETENTION" \
  --web.enable-lifecycle >>/var/log/prometheus.log 2>&1 &

/bin/alertmanager --config.file=/etc/alertmanager/alertmanager.yml --storage.path=/alertmanager &

while true; do sleep 1000; done
