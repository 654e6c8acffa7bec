import { existsSync } from 'node:fs';

/** Debian's chromium (`apt-get install -y chromium`): tests and the audit never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet on the network: no QUIC, updates, sync or first-run calls from a test machine. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether chromium is installed. CI must have it (.ci/run installs it); elsewhere its tests are
 * skipped with a loud message.
 */
export function chromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
  if (!available) console.warn(`\n*** SKIPPING browser tests: ${CHROMIUM} not found (apt-get install -y chromium) ***\n`);
  return available;
}
