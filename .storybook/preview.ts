import { setCustomElementsManifest, type Decorator, type Loader, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
// The Custom Elements Manifest, generated in memory by the plugin in main.ts.
import manifest from 'virtual:mwap/custom-elements.json';
import { setLocale } from '../src/localization.js';
import '../src/index.js';
import { handlers, mockApiSettled } from '../stories/mocks/handlers.js';
import { clientForStory, type MwapLoaded, type MwapParameters } from '../stories/support/story-client.js';
import './preview.css';

// Controls and the docs tables come from the manifest: attributes, properties, events, slots,
// CSS parts and custom properties, with their JSDoc.
setCustomElementsManifest(manifest);

/** MSW with our handlers as initial handlers: they survive the loader's reset between stories. */
const startMockApi = async () => {
  const worker = setupWorker(...handlers);
  await worker.start({
    quiet: true,
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    // Storybook's own files and the static pages are not API calls; a mock API request no handler
    // answers is a contract mismatch between the client and stories/mocks/handlers.ts: an error,
    // which the story smoke test reports even in stories that expect failed requests.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).pathname.includes('/mock-api/')) print.error();
    },
  });
  return worker;
};

const storyClient: Loader = async (context) => {
  // The language is page-wide state. On a docs page (many stories in one document) only the
  // toolbar's choice applies; a story that sets its own language renders in its own iframe there
  // (`docs.story.inline: false`, see German stories).
  const ownLocale = context.viewMode === 'docs' && (context.storyGlobals as Record<string, unknown> | undefined)?.locale;
  if (!ownLocale) await setLocale((context.globals.locale as string | undefined) ?? 'en');
  return clientForStory(context.id, context.parameters.mwap as MwapParameters | undefined, context.viewMode !== 'docs');
};

/** Theme, direction and language around every story, and its own client through <integrations-provider>. */
const frame: Decorator = (story, context) => {
  const dark = context.globals.theme === 'dark';
  const dir = (context.globals.dir as string | undefined) ?? 'ltr';
  const { client } = context.loaded as Partial<MwapLoaded>;
  return html`<div
    class="mwap-story ${dark ? 'mwap-theme-dark' : 'mwap-theme-light'} ${context.viewMode === 'docs' ? 'in-docs' : ''}"
    dir=${dir}
    lang=${(context.globals.locale as string | undefined) ?? 'en'}
  >
    <integrations-provider .client=${client}>${story()}</integrations-provider>
  </div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [mswLoader(startMockApi), storyClient],
  decorators: [frame],
  // Runs before the a11y addon's afterEach (Storybook runs afterEach hooks last-registered first):
  // axe then checks what the mock API's answers rendered, not the loading state before them.
  afterEach: () => mockApiSettled(),
  globalTypes: {
    theme: {
      description: 'Colour scheme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
    dir: {
      description: 'Text direction',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Language of the elements (setLocale)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'de', title: 'Deutsch' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', dir: 'ltr', locale: 'en' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    // Violations fail the story (in the a11y panel and in test runs), not only warn.
    a11y: { test: 'error' },
    docs: { toc: false },
  },
};

export default preview;
