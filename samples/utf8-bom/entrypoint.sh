#!/bin/sh
# Streamlit dashboard – saved from Notepad with a BOM
set -e

: "${STREAMLIT_SERVER_PORT:=8501}"
: "${STREAMLIT_SERVER_HEADLESS:=true}"
export STREAMLIT_SERVER_PORT STREAMLIT_SERVER_HEADLESS

mkdir -p /root/.streamlit
cat > /root/.streamlit/config.toml <<EOF
[server]
port = ${STREAMLIT_SERVER_PORT}
headless = ${STREAMLIT_SERVER_HEADLESS}
enableCORS = false

[browser]
gatherUsageStats = false
EOF

streamlit run /app/dashboard.py
