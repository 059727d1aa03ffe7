import { css } from 'lit';

export const badgeStyles = css`
  :host {
    display: inline-flex;
    max-inline-size: 100%;
    --_badge-color: var(--mwap-token-status-badge-color, var(--_text-muted));
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.1em 0.6em;
    /* Wraps between the state and the countdown when its container is narrow, never past it. */
    flex-wrap: wrap;
    max-inline-size: 100%;
    border-radius: 0.9em;
    border: 1px solid currentColor;
    color: var(--_badge-color);
    background: var(--mwap-token-status-badge-background, transparent);
    font-size: 0.85em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .label,
  .detail {
    white-space: nowrap;
  }
  :host([state='valid']) {
    --_badge-color: var(--mwap-token-status-badge-valid-color, var(--_success));
  }
  :host([state='expiring']) {
    --_badge-color: var(--mwap-token-status-badge-expiring-color, var(--_warning));
  }
  :host([state='expired']),
  :host([state='error']) {
    --_badge-color: var(--mwap-token-status-badge-danger-color, var(--_danger));
  }
  :host([state='refreshing']) {
    --_badge-color: var(--mwap-token-status-badge-refreshing-color, var(--_info));
  }
  :host([state='paused']) .badge {
    border-style: dashed;
  }
  :host([state='refreshing']) .icon {
    animation: spin 1s linear infinite;
  }
  .detail {
    font-weight: 400;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host([state='refreshing']) .icon {
      animation: none;
    }
  }
`;
