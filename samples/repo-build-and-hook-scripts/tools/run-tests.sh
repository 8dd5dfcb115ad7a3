#!/bin/sh
set -e
docker compose up -d db
npm test
