import { define } from '../../internal/define.js';
import { IntegrationWizardElement } from './integration-wizard.js';

define('integration-wizard', IntegrationWizardElement);

declare global {
  interface HTMLElementTagNameMap {
    'integration-wizard': IntegrationWizardElement;
  }
}

export { IntegrationWizardElement };
export { WizardCancelEvent, WizardCompleteEvent } from '../../events/wizard-events.js';
export type { WizardStep } from './wizard-views.js';
