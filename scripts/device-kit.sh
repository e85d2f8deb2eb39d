#!/usr/bin/env bash
# Build .device/: everything src/cli/deviceBench.ts needs to run on a machine with a GPU, no browser and no
# network (the lent GPU machine of the device tool), inside the tool's 64 MiB carry limit:
#   deviceBench.mjs   the bench entry bundled with tfjs and the engine (esbuild; Dawn stays a native module)
#   node_modules/webgpu/  the `webgpu` package's loader; its linux-x64 dawn.node travels gzipped
#   node.gz           this machine's Node, for a machine without Node 20+
#   data/             names and SST-2 from the data directory
#   fixtures/         the PyTorch parity fixtures (shared torch-parity/ and the committed own ones), for --parity
#   debs/             the Vulkan loader (libvulkan1), for a machine whose image lacks it
#   run.sh            what to run there (scripts/device-run.sh)
# Then, with the device tool: run `bash .device/run.sh` with carry [".device"]. Locally, the same kit on
# SwiftShader: `LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
# bash .device/run.sh --driver swiftshader --config names-lstm --steps 10`.
#   RNN_DATA_DIR  the data directory (default ../shared/data beside the repository)
#   RNN_FIXTURES_DIR  the torch-parity fixtures (default ../shared/fixtures/torch-parity)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
data="${RNN_DATA_DIR:-$repo/../shared/data}"
fixtures="${RNN_FIXTURES_DIR:-$repo/../shared/fixtures/torch-parity}"
kit="$repo/.device"
[ -d "$data/names" ] && [ -d "$data/sst2" ] || { echo "device-kit: no names/ and sst2/ under $data (set RNN_DATA_DIR)" >&2; exit 1; }
[ -f "$fixtures/manifest.json" ] || { echo "device-kit: no manifest.json in $fixtures (set RNN_FIXTURES_DIR)" >&2; exit 1; }
[ -f "$repo/node_modules/webgpu/dist/linux-x64/dawn.node" ] || { echo "device-kit: run npm ci first" >&2; exit 1; }
rm -rf "$kit"
mkdir -p "$kit/node_modules/webgpu/dist/linux-x64" "$kit/data" "$kit/debs" "$kit/fixtures"
cd "$repo"
# tfjs's CommonJS parts call require(): give the ES module bundle one.
npx esbuild src/cli/deviceBench.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --external:webgpu --outfile="$kit/deviceBench.mjs" \
  --banner:js="import { createRequire as rnnCreateRequire } from 'node:module'; const require = rnnCreateRequire(import.meta.url);"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$kit/node_modules/webgpu/"
gzip -9 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$kit/dawn.node.gz"
gzip -9 -c "$(command -v node)" > "$kit/node.gz"
cp -r "$data/names" "$data/sst2" "$kit/data/"
# The bundle reads the shared fixtures from RNN_FIXTURES_DIR (run.sh sets it) and its own beside itself (fixtures/).
cp -r "$fixtures" "$kit/fixtures/torch-parity"
cp src/model/testing/fixtures/*.json "$kit/fixtures/"
if ! (cd "$kit/debs" && apt-get download libvulkan1 >/dev/null 2>&1); then
  apt-get update -qq && (cd "$kit/debs" && apt-get download libvulkan1 >/dev/null)
fi
cp scripts/device-run.sh "$kit/run.sh"
echo "device-kit: $(du -sh "$kit" | cut -f1) in $kit (the device tool carries at most 64 MiB)"
