// Make sure Debian's Chromium is there for the e2e tests: install it with apt-get when we are root,
// otherwise stop at once with the exact command to run. (`npx playwright install` cannot work here.)
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CHROMIUM_PATH=playwright: Playwright's own browser is used (installed by `npx playwright install`).
if (path !== 'playwright' && !existsSync(path)) {
  const command = 'apt-get update && apt-get install -y chromium';
  if (process.getuid?.() === 0) {
    console.log(`Chromium not found at ${path}; installing it: ${command}`);
    execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error(`Chromium not found at ${path}. Install it with:\n  sudo ${command}\nor set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
