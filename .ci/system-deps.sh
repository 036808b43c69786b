#!/usr/bin/env bash
# System packages the tests need beyond Python: Debian's chromium, which the
# public site's browser test (tests/test_site_browser.py) drives through
# Playwright, and fonts for it to render text with. Installs only what is
# missing: with apt-get as root (CI runs as root), or with sudo when it needs
# no password; otherwise it says what to install and fails.
set -euo pipefail
packages=(chromium fonts-dejavu-core fonts-liberation)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$package")
  fi
done
if [ ! -x /usr/bin/chromium ] && [[ ! " ${missing[*]-} " == *" chromium "* ]]; then
  missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages for the tests: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "The site's browser test needs Debian's ${missing[*]}." >&2
  echo "Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
