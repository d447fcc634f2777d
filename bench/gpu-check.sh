#!/usr/bin/env bash
# Which GPU paths GAN Studio can use on this machine, and how fast each trains — for a Linux machine with
# an NVIDIA GPU and no internet access, in a checkout where `npm ci` has run. Nothing is downloaded.
#
#   bash bench/gpu-check.sh
#
# Prints nvidia-smi's view, whether each GPU path is installed and usable (tfjs-node-gpu: CUDA;
# webgpu: Dawn on Vulkan), what the studio's own probe says, then a short training benchmark (DCGAN
# 32×32 batch 64 and the 2-D MLP recipe, images/s after warm-up, bench/gpu-train.mjs) on every GPU path
# that works and on wasm for reference, and a summary. Finishes within GPU_CHECK_SECONDS (default 290 s)
# and exits 0 even when no GPU path works, saying why.
set -u
cd "$(dirname "$0")/.." || exit 1

BUDGET=${GPU_CHECK_SECONDS:-290}
START=$(date +%s)
left() { echo $((BUDGET - ($(date +%s) - START))); }
min() { if [ "$1" -lt "$2" ]; then echo "$1"; else echo "$2"; fi; }
section() { printf '\n== %s\n' "$1"; }
indent() { sed 's/^/   /'; }
# Dawn's note when it cannot load Vulkan, and its source location, say the same as the probe: keep one.
quiet_dawn() { grep -v -e "^Warning: Couldn't load Vulkan" -e 'BackendVk.cpp' -e '^$' || true; }

echo "GAN Studio GPU check — $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sm), $(nproc) cores, Node $(node --version 2>/dev/null || echo 'missing')"
echo "Budget: ${BUDGET} s in all."
if ! command -v node >/dev/null 2>&1; then
  echo 'Node.js is not on PATH: install Node 20.19 or newer, then run `npm ci` in this folder.'
  exit 0
fi
if [ ! -d node_modules/@tensorflow/tfjs-core ]; then
  echo 'node_modules is missing or incomplete: run `npm ci` in this folder first.'
  exit 0
fi

section "nvidia-smi"
HAVE_SMI=no
if command -v nvidia-smi >/dev/null 2>&1; then
  if smi=$(timeout -k 2 20 nvidia-smi --query-gpu=index,name,compute_cap,memory.total,driver_version \
    --format=csv 2>&1); then
    HAVE_SMI=yes
    echo "$smi" | indent
    timeout -k 2 20 nvidia-smi 2>&1 | grep -E 'CUDA Version|Driver Version' | indent
  else
    echo "$smi" | indent
    echo '   nvidia-smi is installed but failed: the NVIDIA driver is not loaded or not working.'
  fi
else
  echo '   not found: no NVIDIA driver is installed (it ships nvidia-smi), so no CUDA path can work.'
fi

section "GPU paths"
TFJS_NODE_GPU=node_modules/@tensorflow/tfjs-node-gpu
if [ -f "$TFJS_NODE_GPU/package.json" ]; then
  version=$(node -p "require('./$TFJS_NODE_GPU/package.json').version" 2>/dev/null)
  lib=$(ls "$TFJS_NODE_GPU"/deps/lib/libtensorflow.so* 2>/dev/null | head -n 1)
  echo "   tfjs-node-gpu (CUDA): installed, ${version:-version unknown}; libtensorflow: ${lib:-MISSING (its install did not finish)}"
else
  echo '   tfjs-node-gpu (CUDA): not installed, and it cannot be installed here: its install downloads'
  echo '     libtensorflow (with CUDA) from storage.googleapis.com. On a connected Linux x64 machine run'
  echo '     `npm install @tensorflow/tfjs-node-gpu@4.22.0` in a GAN Studio checkout and copy its'
  echo '     node_modules/@tensorflow/tfjs-node-gpu (with deps/ and lib/) into this checkout. It needs'
  echo '     CUDA 11.x libraries and cuDNN 8 here.'
fi
DAWN=node_modules/webgpu/dist/linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')/dawn.node
if [ -f "$DAWN" ] && [ -d node_modules/@tensorflow/tfjs-backend-webgpu ]; then
  echo "   webgpu (Dawn on Vulkan): installed ($DAWN)"
else
  echo '   webgpu (Dawn on Vulkan): not installed — `npm ci` installs it from the npm registry (optional'
  echo '     dependencies webgpu and @tensorflow/tfjs-backend-webgpu; Dawn is prebuilt inside the package).'
fi
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
if "$LDCONFIG" -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  echo '     Vulkan loader: libvulkan.so.1 found'
else
  echo '     Vulkan loader: libvulkan.so.1 not found (Debian/Ubuntu package libvulkan1) — Dawn cannot reach the GPU'
fi
icds=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null | tr '\n' ' ')
echo "     Vulkan drivers (ICDs): ${icds:-none}"
case "$icds" in
  *nvidia*) ;;
  *) [ "$HAVE_SMI" = yes ] && echo "     no NVIDIA Vulkan ICD (nvidia_icd.json): NVIDIA's driver package installs it (e.g. libnvidia-gl-*, or the driver's .run installer)" ;;
esac
if command -v vulkaninfo >/dev/null 2>&1; then
  timeout -k 2 15 vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|apiVersion' | indent
fi

section "What the studio finds (its own probe, as \`gan-studio info\` shows it)"
PROBE_LIMIT=$(min 100 $(($(left) - 60)))
PROBE=$(set -o pipefail; timeout -k 5 "$PROBE_LIMIT" node bench/gpu-train.mjs probe 2>&1 | quiet_dawn)
status=$?
if ! grep -q '^ACTIVE ' <<<"$PROBE"; then
  echo "   The probe did not finish within ${PROBE_LIMIT} s or failed (exit ${status}):"
  echo "$PROBE" | tail -n 20 | indent
fi
grep '^BACKEND ' <<<"$PROBE" | sed 's/^BACKEND /   /'
usable() { grep -qE "^BACKEND $1 +(active|available) " <<<"$PROBE"; }
# tfjs-node-gpu also loads where TensorFlow falls back to the CPU: a GPU path only when it says CUDA GPU.
on_gpu() { [ "$1" = webgpu ] || grep -qE "^BACKEND $1 +(active|available) .*CUDA GPU" <<<"$PROBE"; }

section "Training benchmark (one step = D on a real and a fake batch + G; images/s after warm-up)"
RESULTS=''
GPU_PATHS=()
RUNS=()
for backend in tensorflow webgpu; do
  usable "$backend" && RUNS+=("$backend")
  usable "$backend" && on_gpu "$backend" && GPU_PATHS+=("$backend")
done
for backend in "${RUNS[@]}" wasm; do
  remaining=$(left)
  if [ "$backend" = wasm ]; then
    seconds=$(min 90 $((remaining - 30)))
  else
    # Leave the wasm reference run its time.
    seconds=$(min 75 $((remaining - 120)))
  fi
  # Its own --seconds bounds a run; the timeout stops one that hangs, within the budget all the same.
  limit=$(min $((seconds + 30)) $((remaining - 10)))
  if [ "$seconds" -lt 20 ]; then
    RESULTS+="RESULT ${backend} skipped: the ${BUDGET}-s budget is spent"$'\n'
    continue
  fi
  echo "   ${backend}: up to ${seconds} s…"
  out=$(set -o pipefail; timeout -k 5 "$limit" node bench/gpu-train.mjs run --backend "$backend" \
    --seconds "$seconds" 2>&1 | quiet_dawn)
  code=$?
  # Anything else it printed (warnings, errors); the figures go to the summary.
  echo "$out" | grep -v -e '^RESULT' -e '^  on: ' | tail -n 15 | indent
  if grep -q '^RESULT ' <<<"$out"; then
    RESULTS+="$(grep -A1 '^RESULT ' <<<"$out")"$'\n'
  else
    RESULTS+="RESULT ${backend} did not finish (exit ${code}; 124 or 137: stopped by timeout after ${limit} s)"$'\n'
  fi
done

section "Summary"
printf '%s' "$RESULTS" | sed -e 's/^RESULT /   /' -e 's/^  on: /     on: /'
if [ ${#GPU_PATHS[@]} -eq 0 ]; then
  echo
  echo '   No GPU path is usable on this machine:'
  grep -E '^BACKEND (tensorflow|webgpu) ' <<<"$PROBE" | sed -E 's/^BACKEND ([a-z]+) +[a-z]+ +/   - \1: /'
  [ "$HAVE_SMI" = no ] && echo '   - nvidia-smi: not available (no NVIDIA driver).'
  echo '   Training runs on wasm (above) here.'
fi
echo
echo "Done in $(($(date +%s) - START)) s."
exit 0
