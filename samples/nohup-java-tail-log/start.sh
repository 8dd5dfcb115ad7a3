#!/bin/sh
# Legacy app server: the JVM in the background under nohup, its log file followed in the foreground so that
# `docker logs` shows it.
mkdir -p /var/log/app
touch /var/log/app/server.log

nohup java -Xmx512m -jar /opt/app/server.jar > /var/log/app/server.log 2>&1 &

tail -f /var/log/app/server.log
