import { css } from 'lit';

export const badgeStyles = css`
  :host {
    display: inline-flex;
    --_badge-color: var(--mwap-token-status-badge-color, var(--_text-muted));
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    padding: 0.1em 0.6em;
    border-radius: 999px;
    border: 1px solid currentColor;
    color: var(--_badge-color);
    background: var(--mwap-token-status-badge-background, transparent);
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
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
