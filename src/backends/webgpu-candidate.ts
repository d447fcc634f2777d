import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  ExplainedError,
  firstLine,
  importOptional,
  isModuleMissing,
  type BackendCandidate,
} from './backend-candidate';
import { installWebgpuAddN } from './webgpu-add-n';

/**
 * WebGPU through Dawn, Chrome's WebGPU implementation built for Node (the `webgpu` package, prebuilt
 * inside the npm package), and tfjs's WebGPU backend on top. Dawn drives the GPU through Vulkan on
 * Linux, Metal on macOS and D3D12 on Windows; with no such driver it finds no adapter, and this
 * candidate says so without loading tfjs's backend.
 */

/** The parts of the `webgpu` package and of WebGPU this file uses (the package is optional). */
interface DawnModule {
  create(options: string[]): DawnGpu;
  /** GPUBufferUsage, GPUMapMode, GPUShaderStage, …: globals tfjs's WebGPU backend expects. */
  readonly globals: Record<string, unknown>;
}
interface DawnGpu {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<DawnAdapter | null>;
}
interface DawnAdapter {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
}
type BackendFactory = Parameters<typeof tf.registerBackend>[1];

const PACKAGES = ['webgpu', '@tensorflow/tfjs-backend-webgpu'] as const;

/** What this process installed, so that `release` undoes exactly that. */
let installedNavigator = false;
let installedGpu = false;
let adapterName: string | null = null;
/** tfjs registers the factory once, when its module is first imported; `release` removes it. */
let factory: BackendFactory | null = null;

interface GlobalWithGpu {
  navigator?: { gpu?: DawnGpu };
}

export const webgpuCandidate: BackendCandidate = {
  name: 'webgpu',
  package: PACKAGES.join(' + '),
  async load() {
    const scope = globalThis as GlobalWithGpu;
    const dawn = await importOptional<DawnModule>(PACKAGES[0]);
    const existing = scope.navigator?.gpu;
    // Without a Vulkan loader Dawn cannot find a GPU on Linux, and trying prints a two-line warning of
    // its own on stderr (into `gan-studio info`, say): say why without starting it. Dawn options (the
    // tests' null adapter) need no Vulkan, so they always go through.
    if (!existing && process.platform === 'linux' && dawnOptions().length === 0 && !findVulkanLoader()) {
      throw new ExplainedError(explainNoAdapter());
    }
    const gpu = existing ?? dawn.create(dawnOptions());
    // Asked before the GPU object is made global: one without an adapter is dropped, so nothing keeps it.
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new ExplainedError(explainNoAdapter());
    adapterName = describeAdapter(adapter);

    for (const [key, value] of Object.entries(dawn.globals)) {
      if (!(key in globalThis))
        Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
    }
    if (!existing) {
      if (scope.navigator) {
        Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
      } else {
        Object.defineProperty(globalThis, 'navigator', {
          value: { gpu },
          configurable: true,
          writable: true,
        });
        installedNavigator = true;
      }
      installedGpu = true;
    }
    // Registers the "webgpu" factory when navigator.gpu exists (only on its first import).
    await importOptional(PACKAGES[1]);
    factory ??= tf.findBackendFactory('webgpu');
    if (!tf.findBackendFactory('webgpu') && factory) tf.registerBackend('webgpu', factory, 3);
    // Its AddN breaks past 7 inputs (the gradient norm sums dozens): see webgpu-add-n.ts.
    installWebgpuAddN();
  },
  describe() {
    const on = adapterName ? ` on ${adapterName}` : '';
    return `WebGPU through Dawn${on}: runs tfjs's WebGPU kernels on the GPU (Vulkan, Metal or D3D12).`;
  },
  explainFailure(error) {
    if (error instanceof ExplainedError) return error.message;
    if (isModuleMissing(error)) {
      return `Not installed: ${PACKAGES.join(' and ')} are optional dependencies from the npm registry (Dawn comes prebuilt inside the package); run \`npm install\` in the studio's folder.`;
    }
    return `It does not load (${firstLine(error)}). Reinstall the studio's dependencies with \`npm install\`.`;
  },
  release(tfjs) {
    const backend = tfjs.findBackend('webgpu') as { device?: { destroy(): void } } | null;
    if (tfjs.findBackendFactory('webgpu')) tfjs.removeBackend('webgpu');
    backend?.device?.destroy();
    // Dawn keeps Node running while anything references its GPU object.
    const scope = globalThis as GlobalWithGpu;
    if (installedNavigator) Reflect.deleteProperty(globalThis, 'navigator');
    else if (installedGpu && scope.navigator) Reflect.deleteProperty(scope.navigator, 'gpu');
    installedNavigator = false;
    installedGpu = false;
  },
};

/**
 * Dawn's own options from GAN_STUDIO_DAWN_OPTIONS, separated by `;` (an option's value may hold commas),
 * e.g. `adapter=NVIDIA H200` to pick one of several GPUs, or `backend=vulkan`; `backend=null` gives an
 * adapter that validates everything and computes nothing, which the tests use on machines without a GPU.
 */
export function dawnOptions(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.GAN_STUDIO_DAWN_OPTIONS ?? '')
    .split(';')
    .map((option) => option.trim())
    .filter(Boolean);
}

function describeAdapter(adapter: DawnAdapter): string | null {
  const info = adapter.info;
  if (!info) return null;
  const name = info.description || [info.vendor, info.architecture].filter(Boolean).join(' ');
  return name || null;
}

/** Why Dawn found no adapter, and what would give it one. */
export function explainNoAdapter(
  platform: NodeJS.Platform = process.platform,
  hasVulkanLoader: () => boolean = findVulkanLoader,
): string {
  const lead =
    'No WebGPU adapter found: Dawn needs a GPU with a Vulkan driver on Linux (Metal on macOS, D3D12 on Windows).';
  if (platform !== 'linux') return `${lead} Update the GPU's driver.`;
  if (!hasVulkanLoader()) {
    return `${lead} The Vulkan loader (libvulkan.so.1) is not installed: install it (Debian/Ubuntu: libvulkan1) and the GPU's Vulkan driver (NVIDIA's driver includes one).`;
  }
  return `${lead} The Vulkan loader is installed but offers no GPU Dawn accepts (software renderers such as Mesa's lavapipe lack features WebGPU needs): install the GPU's Vulkan driver; \`vulkaninfo --summary\` lists what Vulkan sees.`;
}

/** Whether the dynamic linker can find libvulkan.so.1, as Dawn's dlopen would. */
function findVulkanLoader(): boolean {
  const library = 'libvulkan.so.1';
  const folders = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean),
    '/lib',
    '/usr/lib',
    '/lib64',
    '/usr/lib64',
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    `/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
  ];
  if (folders.some((folder) => existsSync(join(folder, library)))) return true;
  try {
    // The linker's cache lists every library ldconfig knows, names as plain strings.
    return readFileSync('/etc/ld.so.cache').includes(library);
  } catch {
    return false;
  }
}
