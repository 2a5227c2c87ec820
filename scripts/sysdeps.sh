#!/usr/bin/env bash
# Debian packages the tests need: espeak-ng (speech fixtures), sox, chromium + driver (browser tests),
# WordNet (METEOR in the generator evaluation; nltk cannot download it here), the colour emoji font
# (the page icons in the walkthrough's screenshots).
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
[ -f /usr/share/wordnet/index.sense ] || need+=(wordnet-base wordnet-sense-index)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Tests need: ${need[*]} (sudo apt-get install ${need[*]}); the tests that use them will fail." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
