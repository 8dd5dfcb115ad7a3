#!/bin/bash
# Browser-in-a-box: virtual X server, window manager, VNC, noVNC web client.
set -e

: "${SCREEN_RESOLUTION:=1600x900}"
: "${VNC_PORT:=5900}"
: "${NOVNC_PORT:=6080}"
export DISPLAY=:99

rm -f /tmp/.X99-lock
mkdir -p /tmp/.X11-unix /root/.vnc /root/.fluxbox
chmod 1777 /tmp/.X11-unix

cat > /root/.fluxbox/init <<EOF
session.screen0.toolbar.visible: false
session.screen0.workspaces: 1
EOF

Xvfb :99 -screen 0 "${SCREEN_RESOLUTION}x24" -ac +extension RANDR -nolisten tcp &
sleep 1

fluxbox >/dev/null 2>&1 &

if [[ -n "${VNC_PASSWORD:-}" ]]; then
  vnc_auth=(-passwd "$VNC_PASSWORD")
else
  vnc_auth=(-nopw)
fi
x11vnc -display :99 -forever -shared -rfbport "$VNC_PORT" "${vnc_auth[@]}" -quiet &

echo "noVNC on http://0.0.0.0:${NOVNC_PORT}/vnc.html"
exec /opt/novnc/utils/novnc_proxy --vnc "localhost:${VNC_PORT}" --listen "$NOVNC_PORT"
