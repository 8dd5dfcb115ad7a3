#!/bin/bash
set -euo pipefail
npm version "${1:-patch}"
git push --follow-tags
npm publish
