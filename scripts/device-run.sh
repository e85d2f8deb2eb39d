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
# NVIDIA's ICD file names libGLX_nvidia.so.0, whose vkCreateInstance fails without an X server (on the lent H200:
# 'Could not get vkCreateInstance via vk_icdGetInstanceProcAddr'); the same driver through libEGL_nvidia.so.0
# starts headless. So the loader gets an ICD file naming the EGL library in the driver's own folder.
nvidia_dir=/usr/local/nvidia
if [ -f "$nvidia_dir/lib64/libEGL_nvidia.so.0" ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then
  headless_icd="$kit/nvidia_headless_icd.json"
  printf '{"file_format_version":"1.0.1","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$nvidia_dir/lib64/libEGL_nvidia.so.0" > "$headless_icd"
  export VK_DRIVER_FILES="$headless_icd" VK_ICD_FILENAMES="$headless_icd" LD_LIBRARY_PATH="$nvidia_dir/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
[ -n "${RNN_FIXTURES_DIR:-}" ] || export RNN_FIXTURES_DIR="$kit/fixtures/torch-parity"
command -v nvidia-smi >/dev/null && nvidia-smi -L || true
echo "node $("$node_bin" --version), Vulkan ICD ${VK_ICD_FILENAMES:-(the loader default)}"
# DEVICE_NODE_FLAGS: flags for Node itself (e.g. --cpu-prof, which NODE_OPTIONS refuses).
# shellcheck disable=SC2086
exec "$node_bin" ${DEVICE_NODE_FLAGS:-} "${DEVICE_BENCH_ENTRY:-deviceBench.mjs}" --data-dir data "$@"
