#!/usr/bin/env bash
# Installs the Debian packages ShipSync needs beside the JDK, when missing (idempotent): the CJK font labels are
# drawn with (fonts-wqy-microhei). Run as root, or with sudo available; `./shipsync up` and `./shipsync test` call it.
set -euo pipefail

needed=(fonts-wqy-microhei)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
echo "installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
