#!/usr/bin/env bash
# Installs the Debian packages MediaFlow needs, skipping those present.
#   scripts/install-deps.sh run    what the server uses (ffmpeg, espeak-ng)
#   scripts/install-deps.sh test   plus the test servers and tools
set -euo pipefail

profile=${1:-run}
# command-or-path:debian-package
wanted=(ffmpeg:ffmpeg ffprobe:ffmpeg espeak-ng:espeak-ng)
if [ "$profile" = test ]; then
  wanted+=(redis-server:redis-server chromium:chromium nginx:nginx openssl:openssl
    "/usr/lib/postgresql/*/bin/initdb:postgresql" wrk:wrk systemd-analyze:systemd curl:curl)
fi

missing=()
for item in "${wanted[@]}"; do
  probe=${item%%:*} pkg=${item#*:}
  if [[ $probe == /* ]]; then
    compgen -G "$probe" >/dev/null && continue
  elif command -v "$probe" >/dev/null 2>&1 || [ -x "/usr/sbin/$probe" ]; then
    continue
  fi
  [[ " ${missing[*]:-} " == *" $pkg "* ]] || missing+=("$pkg")
done

install_voices() {
  # The better offline Spanish voice (Pico) lives in contrib/non-free.
  if [ "$profile" = test ] && ! command -v pico2wave >/dev/null 2>&1; then
    $sudo "$(dirname "$0")/install-better-voices.sh"
  fi
}

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
fi

if [ ${#missing[@]} -eq 0 ]; then
  install_voices
  exit 0
fi

if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
  echo "missing packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Recommends are skipped: chromium's would pull in systemd.
for attempt in 1 2 3; do
  if $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    install_voices
    exit 0
  fi
  echo "apt-get failed (attempt $attempt); retrying in 10 s" >&2
  sleep 10
done
exit 1
