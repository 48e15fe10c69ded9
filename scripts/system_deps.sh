#!/usr/bin/env bash
# Debian packages Kehoach needs outside Python: LibreOffice (PDF), fonts, poppler (PDF text
# in tests; pdfsig checks signatures), Chromium (browser tests), SoftHSM2 (a real PKCS#11 token
# for the signing tests) and opensc's pkcs11-tool. Installed through apt-get only when missing.
# --optional: warn instead of failing when they cannot be installed (make run).
set -uo pipefail
optional=0
[ "${1:-}" = "--optional" ] && optional=1

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || missing+=(fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || missing+=(opensc)  # writes the test key onto the token
command -v msgfmt >/dev/null 2>&1 || true  # not needed: .po files are compiled in Python

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Cài gói hệ thống còn thiếu: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
fi
if [ $optional -eq 1 ]; then
  echo "Cảnh báo: không cài được ${missing[*]}; xuất PDF sẽ báo lỗi rõ ràng cho đến khi cài." >&2
  exit 0
fi
echo "Lỗi: không cài được ${missing[*]} (cần apt-get với quyền root)." >&2
exit 1
