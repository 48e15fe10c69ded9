#!/usr/bin/env bash
# Chart.js for the compliance dashboard, from the npm registry, served as a static file.
# Only the built bundle is kept (static/vendor/, git-ignored); no node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
target=static/vendor/chart.umd.min.js
[ -s "$target" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "Cảnh báo: không có npm, biểu đồ của trang theo dõi sẽ không hiển thị (bảng số liệu vẫn đủ)." >&2
  exit 0
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack chart.js@4.6.1 --silent >/dev/null && tar -xzf chart.js-4.6.1.tgz package/dist/chart.umd.min.js)
mkdir -p static/vendor
cp "$scratch/package/dist/chart.umd.min.js" "$target"
