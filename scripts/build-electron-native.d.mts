export function electronNativeIsCurrent(version: string): boolean;
export function buildElectronNative(): boolean;
