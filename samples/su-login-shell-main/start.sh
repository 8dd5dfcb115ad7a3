#!/bin/bash
# Minecraft server. Runs as the unprivileged "minecraft" user.
set -e

MEMORY="${MEMORY:-2G}"
MOTD="${MOTD:-A Minecraft Server}"
MAX_PLAYERS="${MAX_PLAYERS:-20}"

if [[ "${EULA,,}" != "true" ]]; then
  echo "You must accept the Minecraft EULA: set EULA=TRUE" >&2
  exit 1
fi

mkdir -p /data/world /data/logs
echo "eula=true" > /data/eula.txt

if [ ! -f /data/server.properties ]; then
  cat > /data/server.properties <<EOF
motd=${MOTD}
max-players=${MAX_PLAYERS}
enable-rcon=true
rcon.password=${RCON_PASSWORD:-minecraft}
online-mode=true
EOF
fi

chown -R minecraft:minecraft /data

su - minecraft -c "cd /data && java -Xms${MEMORY} -Xmx${MEMORY} -XX:+UseG1GC -jar /opt/minecraft/server.jar nogui"
