#!/bin/bash
# Start script for the ASP.NET Core API (edited on Windows)
set -e

: "${ASPNETCORE_URLS:=http://+:8080}"
: "${ASPNETCORE_ENVIRONMENT:=Production}"
: "${DOTNET_gcServer:=1}"
export ASPNETCORE_URLS ASPNETCORE_ENVIRONMENT DOTNET_gcServer

mkdir -p /app/logs /home/app/.aspnet/DataProtection-Keys

if [ -n "$CONNECTIONSTRINGS__DEFAULT" ]; then
    echo "Using connection string from environment"
fi

if [ "$RUN_MIGRATIONS" = "true" ]; then
    dotnet /app/Api.dll --migrate-only
fi

cd /app
dotnet Api.dll
