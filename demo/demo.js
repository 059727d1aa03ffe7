// The demo host's own glue: a tenant/role switcher that asks the reference server's dev mode for a
// bearer token (POST /dev/token) and configures the library's client with it. A real host gets
// its token from its own session instead.
(() => {
  const apiBaseUrl = new URL('/api', location.origin).href;
  const redirectUri = new URL('/oauth-callback.html', location.origin).href;
  const form = document.getElementById('session');
  const status = document.getElementById('session-status');
  const detailsPanel = document.getElementById('details-panel');
  const wizardPanel = document.getElementById('wizard-panel');
  const details = document.querySelector('integration-details');
  const saved = JSON.parse(sessionStorage.getItem('mwap-demo-session') || '{}');
  // Deep links (and the end-to-end tests): ?tenant=…&role=… choose the session, and
  // ?refreshLeadSeconds=… how long before expiry tokens refresh (the library's default is 60 s).
  const params = new URLSearchParams(location.search);
  const refreshLeadSeconds = Number(params.get('refreshLeadSeconds'));
  let accessToken = null;

  document.getElementById('api-base').textContent = apiBaseUrl;
  choose(form.tenantId, params.get('tenant') || saved.tenantId);
  choose(form.role, params.get('role') || saved.role);
  choose(form.locale, params.get('lang') || saved.locale);

  function choose(select, value) {
    if (!value) return;
    if (![...select.options].some((option) => option.value === value)) select.add(new Option(value, value));
    select.value = value;
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
    const tenantId = form.tenantId.value;
    const role = form.role.value;
    sessionStorage.setItem('mwap-demo-session', JSON.stringify({ tenantId, role, locale: form.locale.value }));
    status.textContent = `Signing in as ${role} of ${tenantId}…`;
    try {
      accessToken = await mintToken(tenantId, role);
    } catch (error) {
      status.textContent = `Could not sign in: ${error.message}`;
      return;
    }
    // Elements follow the default client: configuring again re-renders them for the new tenant.
    const library = window.MwapIntegrations;
    if (library && typeof library.configure === 'function') {
      library.configure({
        apiBaseUrl,
        redirectUri,
        // After a 401 (token expired, or a data folder wiped) the library asks once for a new one.
        getAccessToken: async (context) => {
          if (context?.forceRefresh) accessToken = await mintToken(tenantId, role).catch(() => accessToken);
          return accessToken;
        },
        // Dev tokens live two minutes: call a token "expiring" in its last 30 s, not its last 5 min.
        tokenRefresh: { expiringWithinMs: 30_000, ...(refreshLeadSeconds > 0 ? { leadTimeMs: refreshLeadSeconds * 1000 } : {}) },
      });
      status.textContent = `Signed in as ${role} of ${tenantId}.`;
    } else {
      status.textContent = `Signed in as ${role} of ${tenantId} (the library bundle did not load).`;
    }
    showPanel(null);
  }

  function showPanel(panel) {
    detailsPanel.hidden = panel !== detailsPanel;
    wizardPanel.hidden = panel !== wizardPanel;
  }

  // The elements switch language at run time; the translation is fetched on the first switch.
  async function switchLanguage() {
    const locale = form.locale.value;
    sessionStorage.setItem('mwap-demo-session', JSON.stringify({ tenantId: form.tenantId.value, role: form.role.value, locale }));
    document.documentElement.lang = locale;
    if (!window.MwapIntegrations) return;
    try {
      await window.MwapIntegrations.setLocale(locale);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  form.addEventListener('change', (event) => (event.target === form.locale ? switchLanguage() : signIn()));
  document.getElementById('new-integration').addEventListener('click', () => showPanel(wizardPanel));
  document.getElementById('close-wizard').addEventListener('click', () => showPanel(null));
  document.getElementById('close-details').addEventListener('click', () => showPanel(null));

  // The elements' events bubble and are composed, so the host listens once, here.
  document.addEventListener('integration-select', (event) => {
    const id = event.detail && (event.detail.integrationId || (event.detail.integration && event.detail.integration.id));
    if (details && id) details.integrationId = id;
    showPanel(detailsPanel);
  });
  // After the wizard connects, show what was connected: its live expiry, test and usage.
  document.addEventListener('integration-connected', (event) => {
    const id = event.detail && event.detail.integration && event.detail.integration.id;
    if (details && id) details.integrationId = id;
    showPanel(details && id ? detailsPanel : null);
  });
  document.addEventListener('integration-deleted', () => showPanel(null));

  const tags = ['integration-list', 'integration-wizard', 'integration-details'];
  if (tags.some((tag) => !customElements.get(tag))) {
    document.getElementById('missing-elements').hidden = false;
  }

  signIn();
  if (form.locale.value !== 'en') switchLanguage();
})();
