#!/usr/bin/env bash
# Copied into .device/ as run.sh by scripts/device-kit.sh: on the GPU machine, unpack what the machine lacks
# (Node 20+, Dawn's binary, the Vulkan loader), point the loader at NVIDIA's driver when it is mounted, and run
# the bench (src/cli/deviceBench.ts) on tfjs's webgpu backend through Dawn. Arguments go to the bench.
set -euo pipefail
kit="$(cd "$(dirname "$0")" && pwd)"
cd "$kit"
node_bin="$(command -v node || true)"
if [ -z "$node_bin" ] || ! "$node_bin" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  node_bin="$kit/node"
  [ -x "$node_bin" ] || { gzip -dc node.gz > "$node_bin"; chmod +x "$node_bin"; }
fi
dawn="node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || gzip -dc dawn.node.gz > "$dawn"
# grep reads all of ldconfig's list: with -q it would stop early and pipefail would read ldconfig's SIGPIPE as failure.
if ! ldconfig -p | grep 'libvulkan.so.1' >/dev/null && [ ! -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ]; then
  for deb in debs/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -f "$nvidia_icd" ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then export VK_DRIVER_FILES="$nvidia_icd" VK_ICD_FILENAMES="$nvidia_icd"; fi
command -v nvidia-smi >/dev/null && nvidia-smi -L || true
echo "node $("$node_bin" --version), Vulkan ICD ${VK_ICD_FILENAMES:-(the loader default)}"
exec "$node_bin" deviceBench.mjs --data-dir data "$@"
