#!/bin/bash
# Publications of the language server's edit cycle (benchmarks/lsp_cycle.py, 11 edits, zh and en)
# compared with those of another checkout: identical, or the first difference.
#   benchmarks/lsp_compare.sh /work/wt/old-checkout [python]
set -euo pipefail
other=$1
py=${2:-python3}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for lang in zh en; do
  (cd "$other" && PYTHONPATH="$other" "$py" "$here/benchmarks/lsp_cycle.py" --lang "$lang" --edits 11 --dump "$tmp/before-$lang.jsonl")
  (cd "$here" && PYTHONPATH="$here" "$py" "$here/benchmarks/lsp_cycle.py" --lang "$lang" --edits 11 --dump "$tmp/after-$lang.jsonl")
  sed -i "s#$other#CHECKOUT#g" "$tmp/before-$lang.jsonl"
  sed -i "s#$here#CHECKOUT#g" "$tmp/after-$lang.jsonl"
  if cmp -s "$tmp/before-$lang.jsonl" "$tmp/after-$lang.jsonl"; then
    echo "$lang: $(wc -l < "$tmp/after-$lang.jsonl") publications identical"
  else
    echo "$lang: DIFFERENT"; cmp "$tmp/before-$lang.jsonl" "$tmp/after-$lang.jsonl" || true; status=1
  fi
done
exit $status
