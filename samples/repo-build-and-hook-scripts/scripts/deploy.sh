#!/bin/sh
# Deploys the image built by CI to the cluster (run from a laptop or a pipeline, never in the container).
set -eu
TAG="${1:?usage: deploy.sh TAG}"
docker build -t "registry.example.com/web:$TAG" .
docker push "registry.example.com/web:$TAG"
kubectl set image deployment/web web="registry.example.com/web:$TAG"
