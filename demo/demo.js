// The demo host's own glue, written to be copied: a session switcher that asks the reference
// server's dev mode for a bearer token (POST /dev/token) and configures the library's client with
// it (a real host gets its token from its own session instead); two views, the list at
// /integrations and one integration's details at /integrations/<id>, kept in the address bar; and
// the wizard in a modal dialog.
(() => {
  const apiBaseUrl = new URL('/api', location.origin).href;
  const redirectUri = new URL('/oauth-callback.html', location.origin).href;
  const byId = (id) => document.getElementById(id);
  const form = byId('session');
  const status = byId('session-status');
  const signInAgain = byId('sign-in-again');
  const listHeading = byId('list-heading');
  const detailsView = byId('details-view');
  const detailsHeading = byId('details-heading');
  const closeDetails = byId('close-details');
  const newIntegration = byId('new-integration');
  const dialog = byId('wizard-dialog');
  const dialogHeading = byId('wizard-heading');
  const details = document.querySelector('integration-details');
  const wizard = document.querySelector('integration-wizard');
  const saved = JSON.parse(sessionStorage.getItem('mwap-demo-session') || '{}');
  // Deep links (and the end-to-end tests): ?tenant=…&role=… choose the session, and
  // ?refreshLeadSeconds=… how long before expiry tokens refresh (the library's default is 60 s), and
  // ?refetchIntervalSeconds=… how often watched data is polled while no event stream is up (60 s).
  const params = new URLSearchParams(location.search);
  const refreshLeadSeconds = Number(params.get('refreshLeadSeconds'));
  const refetchIntervalSeconds = Number(params.get('refetchIntervalSeconds'));
  // The same shape the server accepts at /integrations/<id>.
  const DETAILS_PATH = /^\/integrations\/([A-Za-z0-9_-]{1,100})$/;

  byId('api-base').textContent = apiBaseUrl;
  choose(form.tenantId, params.get('tenant') || saved.tenantId);
  choose(form.role, params.get('role') || saved.role);
  choose(form.locale, params.get('lang') || saved.locale);

  function choose(select, value) {
    if (!value) return;
    if (![...select.options].some((option) => option.value === value)) select.add(new Option(value, value));
    select.value = value;
  }

  function rememberSession() {
    const session = { tenantId: form.tenantId.value, role: form.role.value, locale: form.locale.value };
    sessionStorage.setItem('mwap-demo-session', JSON.stringify(session));
  }

  // --- session -----------------------------------------------------------------------------

  /** Which sign-in is current: an answer that arrives after the next one started is ignored. */
  let session = 0;
  let accessToken = null;

  function showStatus(text, { offerSignIn = false } = {}) {
    status.textContent = text;
    signInAgain.hidden = !offerSignIn;
  }

  async function mintToken(tenantId, role) {
    const response = await fetch('/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenantId, role }),
    });
    if (!response.ok) throw new Error(`POST /dev/token answered ${response.status}`);
    return (await response.json()).accessToken;
  }

  async function signIn() {
    const current = ++session;
    const tenantId = form.tenantId.value;
    const role = form.role.value;
    rememberSession();
    showStatus(`Signing in as ${role} of ${tenantId}…`);
    try {
      accessToken = await mintToken(tenantId, role);
    } catch (error) {
      if (current === session) showStatus(`Could not sign in: ${error.message}`, { offerSignIn: true });
      return;
    }
    if (current !== session) return;
    const library = window.MwapIntegrations;
    if (!library || typeof library.configure !== 'function') {
      showStatus(`Not signed in: the library bundle did not load.`);
      return;
    }
    // The token the library's last forced refresh got, until the API has accepted it once.
    let refreshed = null;
    const sessionEnded = () => {
      if (current === session) showStatus('Session expired — sign in again', { offerSignIn: true });
    };
    let client;
    try {
      // Elements follow the default client: configuring again re-renders them for the new tenant.
      client = library.configure({
        apiBaseUrl,
        redirectUri,
        // After a 401 (token expired, or a data folder wiped) the library asks once for a new one
        // and retries with it.
        getAccessToken: async (context) => {
          if (!context?.forceRefresh) return accessToken;
          try {
            accessToken = refreshed = await mintToken(tenantId, role);
          } catch {
            sessionEnded();
          }
          return accessToken;
        },
        // The library has no session event of its own (its elements say "Your session has ended"
        // where the request failed, and only some of them tell the host). The one place every
        // request passes is fetch: a 401 even to the freshly refreshed token ends the session.
        // (An answer other than 401 to that token proves it good: from then on a 401 is its expiry,
        // which the next forced refresh handles.)
        fetch: async (input, init) => {
          const response = await fetch(input, init);
          if (refreshed !== null && bearerOf(init) === refreshed) {
            if (response.status === 401) sessionEnded();
            else refreshed = null;
          }
          return response;
        },
        // Dev tokens live two minutes: call a token "expiring" in its last 30 s, not its last 5 min.
        tokenRefresh: { expiringWithinMs: 30_000, ...(refreshLeadSeconds > 0 ? { leadTimeMs: refreshLeadSeconds * 1000 } : {}) },
        ...(refetchIntervalSeconds > 0 ? { refetchIntervalMs: refetchIntervalSeconds * 1000 } : {}),
      });
      // "Signed in" only once the API took the token: /me is the query the elements share, so
      // asking for it here costs no extra request.
      await client.fetch(client.queries.me());
    } catch (error) {
      if (current === session) reportFailure(error);
      return;
    }
    if (current === session) showStatus(`Signed in as ${role} of ${tenantId}.`);
  }

  function bearerOf(init) {
    const authorization = new Headers(init?.headers).get('Authorization') ?? '';
    return authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
  }

  function reportFailure(error) {
    if (error?.code === 'unauthenticated') showStatus('Session expired — sign in again', { offerSignIn: true });
    else showStatus(`Could not sign in: ${error?.message ?? error}`, { offerSignIn: true });
  }

  signInAgain.addEventListener('click', () => signIn());

  // The elements switch language at run time; the translation is fetched on the first switch.
  async function switchLanguage() {
    const locale = form.locale.value;
    rememberSession();
    document.documentElement.lang = locale;
    if (!window.MwapIntegrations) return;
    try {
      await window.MwapIntegrations.setLocale(locale);
    } catch (error) {
      showStatus(error.message);
    }
  }

  form.addEventListener('change', (event) => (event.target === form.locale ? switchLanguage() : signIn()));

  // --- views: the list, and one integration's details at /integrations/<id> -------------------

  const addressOf = (integrationId) =>
    `${integrationId ? `/integrations/${encodeURIComponent(integrationId)}` : '/integrations'}${location.search}`;

  function idInAddress() {
    const match = DETAILS_PATH.exec(location.pathname);
    return match ? match[1] : undefined;
  }

  /** Shows what the address says. A details view that closes gives focus back to the list. */
  function render({ focus = false } = {}) {
    const integrationId = idInAddress();
    const wasOpen = !detailsView.hidden;
    closeDetails.href = addressOf(undefined);
    if (integrationId) {
      // An id only: the details load it (from the list's cache when it has it).
      if (details) details.integrationId = integrationId;
      detailsView.hidden = false;
      if (focus) detailsHeading.focus();
    } else {
      const focusWasInside = detailsView.contains(document.activeElement) || document.activeElement === document.body;
      detailsView.hidden = true;
      // A hidden details view stops watching its integration (no requests for what nobody sees).
      if (details) details.integrationId = '';
      if (wasOpen && focusWasInside) listHeading.focus();
    }
  }

  function navigate(integrationId, { replace = false, focus = true } = {}) {
    const address = addressOf(integrationId);
    if (location.pathname + location.search !== address) history[replace ? 'replaceState' : 'pushState']({ integrationId }, '', address);
    render({ focus });
  }

  window.addEventListener('popstate', () => render({ focus: true }));

  // The elements' events bubble and are composed, so the host listens once, here.
  document.addEventListener('integration-select', (event) => {
    const id = event.detail?.integration?.id;
    if (id) navigate(id);
  });
  document.addEventListener('integration-deleted', (event) => {
    // The details of a deleted integration have nothing left to show: back to the list, in place.
    if (event.detail?.integrationId === idInAddress()) navigate(undefined, { replace: true });
  });
  closeDetails.addEventListener('click', (event) => {
    // A plain click stays in the page; a middle or modified click opens the link as links do.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(undefined);
  });

  // --- the wizard, in a modal dialog --------------------------------------------------------

  /** Where focus was when the dialog opened (possibly a button inside an element's shadow root). */
  let opener = null;
  /** The integration the wizard just connected: the dialog closes onto its details. */
  let connected = null;

  function deepActiveElement() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function openWizard() {
    if (dialog.open) return;
    opener = deepActiveElement();
    connected = null;
    // Every opening is a new integration: never an old Review step or last time's half-filled form.
    wizard?.reset();
    dialog.showModal();
    dialogHeading.focus();
  }

  function closeWizard() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener('close', (event) => {
    if (event.target !== dialog) return;
    // Closing drops what was half entered (and the wizard's leave-the-page guard with it).
    wizard?.reset();
    if (connected) {
      navigate(connected);
    } else if (opener?.isConnected && opener !== document.body) {
      opener.focus();
    } else {
      newIntegration.focus();
    }
    opener = null;
    connected = null;
  });

  newIntegration.addEventListener('click', openWizard);
  // The list's empty state asks for the same: its "Add integration" button fires this.
  document.addEventListener('integration-create-request', openWizard);
  byId('close-wizard').addEventListener('click', closeWizard);
  // After connecting, show what was connected: its live expiry, test and usage.
  dialog.addEventListener('integration-connected', (event) => {
    connected = event.detail?.integration?.id ?? null;
    closeWizard();
  });
  dialog.addEventListener('wizard-complete', closeWizard);
  dialog.addEventListener('wizard-cancel', closeWizard);

  // The list comes with the script tag; the wizard and the details load on demand (load() rejects if they cannot).
  const onDemand = ['integration-wizard', 'integration-details'].map((tag) => window.MwapIntegrations?.load(tag) ?? Promise.reject());
  if (!customElements.get('integration-list')) byId('missing-elements').hidden = false;
  Promise.all(onDemand).catch(() => (byId('missing-elements').hidden = false));

  render();
  signIn();
  if (form.locale.value !== 'en') switchLanguage();
})();
