#!/bin/bash
# Spring Boot service that deregisters from Consul when it stops: an EXIT trap, then the JVM in the foreground.
set -e

deregister() {
  /usr/local/bin/consul-deregister --service-id "orders-$HOSTNAME"
}
trap deregister EXIT

echo "registering orders-$HOSTNAME"
java -XX:MaxRAMPercentage=75 -jar /app/orders.jar
