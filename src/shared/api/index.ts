export * from './contract';
export * from './client';
export * from './dto';
export * from './errors';
export * from './validation';
export * from './wire';
export * from './ipc';
export * from './uploads';
