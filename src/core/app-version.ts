import { version } from '../../package.json';

/** The studio's own version, from package.json (inlined by the bundler). */
export const APP_VERSION: string = version;
