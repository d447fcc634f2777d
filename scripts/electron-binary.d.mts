export type ElectronBinary =
  | { readonly found: true; readonly path: string; readonly version: string }
  | { readonly found: false; readonly reason: string; readonly version: string | null };

export function findElectronBinary(): ElectronBinary;
export function downloadElectronBinary():
  { readonly ok: true } | { readonly ok: false; readonly reason: string };
