// The portal's own script (external: the CSP allows no inline script). It only listens to the
// elements' events and shows them; the elements do everything else.
const events = document.getElementById('events');
const log = (text) => {
  const item = document.createElement('li');
  item.textContent = text;
  events.append(item);
};

for (const name of [
  'integration-created',
  'integration-connected',
  'integration-updated',
  'integration-deleted',
  'integration-select',
  'integration-error',
]) {
  document.addEventListener(name, (event) => {
    const detail = event.detail ?? {};
    log(`${name}: ${detail.integration?.name ?? detail.integrationId ?? detail.error?.code ?? ''}`);
  });
}

const wizardSection = document.getElementById('wizard-section');
const detailsSection = document.getElementById('details-section');
const wizard = document.querySelector('integration-wizard');

document.getElementById('new-integration').addEventListener('click', () => {
  wizard.reset();
  wizardSection.hidden = false;
});
document.addEventListener('integration-create-request', () => {
  wizard.reset();
  wizardSection.hidden = false;
});
wizard.addEventListener('wizard-complete', () => (wizardSection.hidden = true));
wizard.addEventListener('wizard-cancel', () => (wizardSection.hidden = true));

document.addEventListener('integration-select', (event) => {
  event.preventDefault();
  document.querySelector('integration-details').integration = event.detail.integration;
  detailsSection.hidden = false;
});
