/** `@mwap/integrations`: the client core plus every element. */
export * from './core/index.js';
