#!/bin/sh
create-topics --bootstrap localhost:9092 &
exec web --port 8080
