/**
 * The architecture spec, its presets and its validator: pure TypeScript and zod, safe to import from
 * the renderer's editor as well as the engine. See architecture-schema.ts for the spec's shape.
 */
export * from './architecture-schema';
export * from './architecture-report';
export { createPreset, PresetOptions } from './architecture-presets';
export { validateArchitecture } from './architecture-validate';
