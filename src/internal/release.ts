/** The release, set at build time by vite.config.ts (`define`); `dev` in tests and Storybook. */
declare const __MWAP_VERSION__: string;

/** @internal */
export const RELEASE: string = typeof __MWAP_VERSION__ === 'string' ? __MWAP_VERSION__ : 'dev';
