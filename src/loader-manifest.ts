/**
 * The script tag's files, by name: `integration-details` → `mwap-integrations.integration-details.<hash>.js`.
 * The names carry a hash of their content, so a script tag only ever loads the files of its own
 * build. The build (build/loader-chunks.ts) passes the list in when it wraps the script tag, as
 * `__MWAP_SCRIPT_FILES__`; outside the script-tag build there is none.
 * @internal
 */
declare const __MWAP_SCRIPT_FILES__: { files: Record<string, string>; elements: readonly string[] } | undefined;

const manifest = typeof __MWAP_SCRIPT_FILES__ === 'object' ? __MWAP_SCRIPT_FILES__ : { files: {}, elements: [] };

/** Every file the script tag may load, by name (an element's tag, `charts`, a locale). */
export const scriptFiles: Readonly<Record<string, string>> = manifest.files;

/** The tags whose code is a file of its own, fetched the first time the tag appears. */
export const onDemandTags: readonly string[] = manifest.elements;
